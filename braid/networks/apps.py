from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "braid.networks"
    label = "networks"
    verbose_name = _("Partnership network")

    def ready(self) -> None:
        from braid.collaboratives.stages import register
        from braid.networks.home import cards, nav

        register("assess", cards, nav)
