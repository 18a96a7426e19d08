from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from braid.collaboratives.views import accept_invitation
from braid.core.health import healthz, readyz
from braid.surveys.views import resend as survey_resend
from braid.surveys.views import respond as survey_respond
from config.api import api

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="collaboratives:list"), name="root"),
    path("accounts/", include("braid.accounts.urls")),
    path("c/<slug:slug>/partners/", include("braid.partners.urls")),
    path("c/<slug:slug>/agenda/", include("braid.agenda.urls")),
    path("c/<slug:slug>/measures/", include("braid.measures.urls")),
    path("c/<slug:slug>/meetings/", include("braid.meetings.urls")),
    path("c/<slug:slug>/surveys/", include("braid.surveys.urls")),
    path("c/<slug:slug>/network/", include("braid.networks.urls")),
    path("c/<slug:slug>/reports/", include("braid.reports.urls")),
    path("c/", include("braid.collaboratives.urls")),
    path("p/<slug:slug>/", include("braid.reports.public_urls")),
    path("invitations/<str:secret>/", accept_invitation, name="invitation_accept"),
    path("s/", survey_resend, name="survey_resend"),
    path("s/<str:token>/", survey_respond, name="survey_respond"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
]

handler403 = "braid.core.error_pages.forbidden"
handler404 = "braid.core.error_pages.not_found"
handler500 = "braid.core.error_pages.server_error"
