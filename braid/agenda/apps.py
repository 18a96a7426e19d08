from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "braid.agenda"
    label = "agenda"
    verbose_name = _("Common agenda")

    def ready(self) -> None:
        from braid.agenda import home
        from braid.agenda.governance import home as governance_home
        from braid.agenda.resources import home as resources_home
        from braid.agenda.terms import home as terms_home
        from braid.collaboratives.stages import register

        register("design", home.cards, home.nav)
        register("design", governance_home.cards, governance_home.nav)
        register("design", resources_home.cards, resources_home.nav)
        register("design", terms_home.cards, terms_home.nav)
        from braid.collaboratives.stages import register_next

        register_next(terms_home.next_items)

        from braid.agenda import evidence  # noqa: F401  (registers levels evidence)
        from braid.agenda.export import cli_export, cli_export_terms
        from braid.core.transfer import register_exporter

        register_exporter(
            "plan",
            cli_export,
            help="the action plan: activities, milestones, responsibilities, resources",
        )
        from braid.agenda.plan_import import cli_import
        from braid.core.transfer import register_importer

        register_importer(
            "plan", cli_import, help="activities of the action plan", options=("map",)
        )
        register_exporter(
            "terms", cli_export_terms, formats=("pdf",), help="the current terms of reference"
        )
