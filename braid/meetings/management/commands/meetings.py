"""`braid meetings schedule --collaborative SLUG --title T --first YYYY-MM-DD --start HH:MM
--end HH:MM [--body NAME] [--frequency monthly --count 12] [--place P] [--video URL]`:
schedule one meeting, or a series when --frequency is given; `braid meetings list
--collaborative SLUG` lists the coming ones."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

from braid.collaboratives.commands import CollaborativeCommand
from braid.core.errors import ServiceError


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Write the date as YYYY-MM-DD, not {value!r}.") from exc


def _time(value: str) -> dt.time:
    try:
        return dt.time.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Write the time as HH:MM, not {value!r}.") from exc


class Command(CollaborativeCommand):
    help = "Schedule meetings (one, or a series) and list the coming ones."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("what", choices=["schedule", "list"])
        super().add_arguments(parser)
        parser.add_argument("--title", default="")
        parser.add_argument("--body", default="", help="the governance body's name or id")
        parser.add_argument(
            "--gathering", default="", choices=["", "body", "all_partners", "forum"]
        )
        parser.add_argument("--first", default="", help="date of the (first) meeting, YYYY-MM-DD")
        parser.add_argument("--start", default="", help="HH:MM, wall-clock time")
        parser.add_argument("--end", default="", help="HH:MM")
        parser.add_argument(
            "--frequency",
            default="",
            choices=["", "weekly", "fortnightly", "monthly", "bimonthly", "quarterly"],
        )
        parser.add_argument("--count", type=int, default=12)
        parser.add_argument("--place", default="")
        parser.add_argument("--video", default="")

    def command_line(self, options: dict[str, Any]) -> str:
        return f"braid meetings {options.get('what', '')} --collaborative {options.get('collaborative', '')}"

    def handle(self, *args: Any, **options: Any) -> None:
        from braid.agenda.models import GovernanceBody
        from braid.meetings import selectors, services

        collaborative = self.get_collaborative(options)
        access = self.steward_access(collaborative)
        if options["what"] == "list":
            upcoming, _past = selectors.upcoming_and_past(access)
            for m in upcoming:
                self.stdout.write(f"{m.pk}\t{m.starts_at.isoformat()}\t{m.title}")
            return
        body_id = None
        if options["body"]:
            qs = access.scope(GovernanceBody)
            body = (
                qs.filter(pk=int(options["body"])).first()
                if options["body"].isdigit()
                else qs.filter(name__iexact=options["body"]).first()
            )
            if body is None:
                names = ", ".join(qs.values_list("name", flat=True)) or "none"
                raise CommandError(f"No body {options['body']!r} here. Bodies: {names}.")
            body_id = body.pk
        gathering = options["gathering"] or ("body" if body_id else "all_partners")
        common = {
            "access": access,
            "title": options["title"],
            "date": _date(options["first"]) if options["first"] else None,
            "start_time": _time(options["start"]) if options["start"] else None,
            "end_time": _time(options["end"]) if options["end"] else None,
            "gathering": gathering,
            "body_id": body_id,
            "place": options["place"],
            "video_url": options["video"],
        }
        try:
            if options["frequency"]:
                series = services.series_schedule(
                    frequency=options["frequency"], count=options["count"], **common
                )
                self.stdout.write(
                    f"Series {series.pk} scheduled: {series.meetings.count()} meetings ({series.rrule})."
                )
            else:
                meeting = services.meeting_schedule(**common)
                self.stdout.write(
                    f"Meeting {meeting.pk} scheduled: {meeting.starts_at.isoformat()}."
                )
        except ServiceError as exc:
            lines = [exc.message] + [
                f"  {p.field}: {p.message}" for p in exc.problems if p.message != exc.message
            ]
            raise CommandError("\n".join(lines)) from exc
