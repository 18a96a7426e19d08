from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborativesConfig(AppConfig):
    name = "braid.collaboratives"
    label = "collaboratives"
    verbose_name = _("Collaboratives")
