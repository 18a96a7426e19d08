from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "braid.measures"
    label = "measures"
    verbose_name = _("Shared measures")

    def ready(self) -> None:
        from braid.collaboratives.stages import register
        from braid.core.transfer import register_exporter, register_importer
        from braid.measures.home import cards, cli_export, cli_import, nav

        register("implement", cards, nav)
        register_importer("values", cli_import, help="indicator values", options=("decimal", "map"))
        register_exporter("values", cli_export, audiences=("viewer", "public"))

        from braid.measures import framework

        register_importer(
            "indicators",
            framework.cli_import,
            help="the measurement framework: indicators, reporters, breakdowns, targets",
        )
        register_exporter("indicators", framework.cli_export)

        from braid.agenda.links import register_indicator_links
        from braid.measures.links import indicator_links

        register_indicator_links(indicator_links)

        from braid.core import housekeeping
        from braid.measures.tasks import reap_imports

        housekeeping.register("measures.reap_imports", reap_imports)

        from braid.collaboratives.stages import register_next
        from braid.measures.next import next_items

        register_next(next_items)
