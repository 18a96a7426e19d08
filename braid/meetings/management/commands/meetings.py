"""`braid meetings schedule --collaborative SLUG --title T --first YYYY-MM-DD --start HH:MM
--end HH:MM [--body NAME] [--frequency monthly --count 12] [--place P] [--video URL]`:
schedule one meeting, or a series when --frequency is given; `braid meetings list
--collaborative SLUG` lists the coming ones.

`braid meetings decisions [--status active|superseded|revoked] [--format json|csv]`: the
decisions register as the API gives it; `braid meetings actions [--overdue] [--format
json|csv]`: every open action item by organisation; `braid meetings minutes --meeting ID
[--format pdf|html|md] [--language en|fr] [--sections attendance,decisions,actions] [--out
FILE]`: a meeting's minutes, the same document as the page's PDF (braid.meetings.documents)."""

from __future__ import annotations

import datetime as dt
import io
import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from braid.collaboratives.commands import CollaborativeCommand
from braid.core.errors import ServiceError
from braid.lib.tabular import write_csv


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
    help = (
        "Schedule meetings (one, or a series), list the coming ones, print the decisions "
        "register or the open action items, write a meeting's minutes."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("what", choices=["schedule", "list", "decisions", "actions", "minutes"])
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
        parser.add_argument("--meeting", type=int, help="the meeting's id (see `list`)")
        parser.add_argument("--status", default="", choices=["", "active", "superseded", "revoked"])
        parser.add_argument("--overdue", action="store_true", help="only actions past due")
        parser.add_argument(
            "--format", default="", choices=["", "json", "csv", "pdf", "html", "md"]
        )
        parser.add_argument("--language", default="en", choices=["en", "fr"])
        parser.add_argument("--sections", default="", help="e.g. attendance,decisions")
        parser.add_argument("--out", default="", help="file to write (default: standard output)")

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
        if options["what"] in ("decisions", "actions", "minutes"):
            getattr(self, f"_{options['what']}")(access, options)
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

    def _decisions(self, access: Any, options: dict[str, Any]) -> None:
        from braid.meetings import documents

        rows = documents.decision_rows(access, options["status"])
        self._table(rows, documents.DECISION_COLUMNS, options)

    def _actions(self, access: Any, options: dict[str, Any]) -> None:
        from braid.meetings import documents, selectors

        rows = documents.open_action_rows(
            access, selectors.today(), overdue_only=options["overdue"]
        )
        self._table(rows, documents.ACTION_COLUMNS, options)

    def _table(
        self, rows: list[dict[str, Any]], columns: list[str], options: dict[str, Any]
    ) -> None:
        fmt = options["format"] or "json"
        if fmt not in ("json", "csv"):
            raise CommandError(f"A list is written as json or csv, not {fmt}.")
        if fmt == "json":
            self._write(json.dumps(rows, indent=2, ensure_ascii=False, default=str) + "\n", options)
            return
        buffer = io.StringIO()
        write_csv(([r.get(c) for c in columns] for r in rows), columns, buffer)
        self._write(buffer.getvalue(), options)

    def _minutes(self, access: Any, options: dict[str, Any]) -> None:
        from braid.meetings import documents, selectors

        meeting = selectors.meetings(access).filter(pk=options["meeting"] or 0).first()
        if meeting is None:
            known = ", ".join(
                f"{m.pk} ({m.starts_at.date()})" for m in selectors.meetings(access)[:10]
            )
            raise CommandError(f"Give --meeting ID of a meeting of this collaborative: {known}.")
        fmt = options["format"] or "pdf"
        if fmt not in ("pdf", "html", "md"):
            raise CommandError(f"Minutes are written as pdf, html or md, not {fmt}.")
        if fmt == "pdf" and not options["out"]:
            raise CommandError("A PDF needs a file: add --out minutes.pdf.")
        sections = documents.chosen_sections(options["sections"].split(","))
        if fmt == "md":
            self._write(meeting.minutes + "\n", options)  # as corrected since frozen
        elif fmt == "html":
            html = documents.minutes_html(access, meeting, sections, options["language"])
            self._write(html, options)
        else:
            pdf = documents.minutes_pdf(access, meeting, sections, options["language"])
            Path(options["out"]).write_bytes(pdf)
            self.stdout.write(f"Wrote {options['out']} ({len(pdf)} bytes).")

    def _write(self, text: str, options: dict[str, Any]) -> None:
        if options["out"]:
            Path(options["out"]).write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {options['out']}.")
        else:
            self.stdout.write(text, ending="")
