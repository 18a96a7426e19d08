from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "braid.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from braid.collaboratives.stages import register, register_news
        from braid.core import housekeeping
        from braid.meetings import chain, evidence, home, notifications  # noqa: F401

        register("implement", home.cards, home.nav)
        register_news(home.news)
        housekeeping.register("meetings.notifications", notifications.chore)
        chain.register_all()
