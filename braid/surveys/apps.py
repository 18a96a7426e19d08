from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "braid.surveys"
    label = "surveys"
    verbose_name = _("Partnership surveys")

    def ready(self) -> None:
        from braid.collaboratives.stages import register
        from braid.surveys.home import cards, nav

        register("assess", cards, nav)

        from braid.core import housekeeping
        from braid.surveys import mixing

        housekeeping.register("surveys.mix_closed_rounds", mixing.chore)
