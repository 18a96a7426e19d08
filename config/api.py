"""The REST API under /api/v1/: one NinjaAPI, one router per app."""

from braid.accounts.api import router as accounts_router
from braid.accounts.auth import api_auth
from braid.agenda.api import router as agenda_router
from braid.collaboratives.api import router as collaboratives_router
from braid.core.api import BraidAPI, BraidParser, LocalSwagger, install_error_handlers
from braid.measures.api import router as measures_router
from braid.meetings.api import router as meetings_router
from braid.networks.api import router as networks_router
from braid.partners.api import router as partners_router
from braid.reports.api import router as reports_router
from braid.surveys.api import router as surveys_router

api = BraidAPI(
    title="Braid API",
    version="1",
    description=(
        "Braid's REST API. Authenticate with a personal access token: "
        "`Authorization: Bearer braid_...` (create one under Account → API tokens). "
        'Errors are JSON: `{"detail": ..., "errors": [{"field", "message"}]}`.'
    ),
    auth=api_auth,
    parser=BraidParser(),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs=LocalSwagger(),
)
install_error_handlers(api)
api.add_router("", accounts_router)
api.add_router("", collaboratives_router)
api.add_router("", partners_router)
api.add_router("", agenda_router)
api.add_router("", measures_router)
api.add_router("", meetings_router)
api.add_router("", surveys_router)
api.add_router("", networks_router)
api.add_router("", reports_router)
