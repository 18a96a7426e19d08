"""JSON API of the agenda module; governance, resources and terms mount their own routers."""

from ninja import Router

from braid.agenda.governance.api import router as governance_router
from braid.agenda.resources.api import router as resources_router
from braid.agenda.terms.api import router as terms_router

router = Router(tags=["agenda"])
router.add_router("", governance_router)
router.add_router("", resources_router)
router.add_router("", terms_router)
