from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "braid.partners"
    label = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        from braid.collaboratives.stages import register
        from braid.partners.home import cards, nav

        register("diagnose", cards, nav)

        from braid.collaboratives.stages import register_next
        from braid.partners.home import next_items

        register_next(next_items)

        from braid.core.transfer import register_exporter, register_importer
        from braid.partners.imports import cli_export, cli_import

        register_importer(
            "organisations", cli_import, help="organisations and contacts", options=("map",)
        )
        register_exporter("organisations", cli_export)
