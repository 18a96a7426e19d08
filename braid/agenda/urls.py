"""The agenda module's pages. The governance, resources and terms areas add their own patterns
to the same `agenda` namespace."""

from django.urls import URLPattern, path  # noqa: F401

from braid.agenda import views  # noqa: F401
from braid.agenda.governance.urls import urlpatterns as governance_patterns
from braid.agenda.resources.urls import urlpatterns as resources_patterns
from braid.agenda.terms.urls import urlpatterns as terms_patterns

app_name = "agenda"

urlpatterns: list[URLPattern] = [
    *governance_patterns,
    *resources_patterns,
    *terms_patterns,
]
