from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "braid.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from braid.collaboratives.stages import register
        from braid.reports import module_sections, sections  # noqa: F401  (register sections)
        from braid.reports.home import cards, nav

        register("assess", cards, nav)

        from braid.core.panels import register_panel
        from braid.reports.deadlines import deadlines_panel

        register_panel("agenda.deadlines", deadlines_panel)
