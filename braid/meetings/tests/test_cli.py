"""`braid meetings`: schedule and list, the decisions register and the open actions as the API
gives them (JSON or CSV), and a meeting's minutes as the page's own PDF, HTML or Markdown;
another collaborative's meeting is refused like an unknown one."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from braid.collaboratives.access import access_for
from braid.meetings import actions, decisions, minutes
from braid.meetings.models import Meeting, Series
from braid.meetings.tests.factories import make_body, make_meeting


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("meetings", *args, stdout=out)
    return out.getvalue()


def test_schedule_a_series_and_list_it(collaborative, organisation, steward):  # type: ignore[no-untyped-def]
    make_body(collaborative, organisation)
    text = run(
        "schedule",
        "--collaborative=riverside",
        "--title=Steering committee",
        "--body=Steering committee",
        "--first=2030-01-14",
        "--start=09:30",
        "--end=11:00",
        "--frequency=monthly",
        "--count=3",
    )
    series = Series.objects.get()
    assert f"Series {series.pk} scheduled: 3 meetings" in text
    listed = run("list", "--collaborative=riverside").splitlines()
    assert len(listed) == 3 and all("Steering committee" in line for line in listed)
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("schedule", "--collaborative=riverside", "--title=X", "--first=14/01/2030")
    assert Meeting.objects.count() == 3


def _record(collaborative, organisation, steward):  # type: ignore[no-untyped-def]
    access = access_for(steward, "riverside")
    meeting = make_meeting(steward, collaborative, make_body(collaborative, organisation))
    first = decisions.decision_record(
        access=access, title="Meet monthly", method="consensus", meeting_id=meeting.pk
    )
    decisions.decision_record(
        access=access, title="Meet every six weeks", method="consensus", supersedes_id=first.pk
    )
    actions.action_create(
        access=access,
        title="Send the data-sharing draft",
        organisation_id=organisation.pk,
        due_on=dt.date(2026, 1, 5),
        meeting_id=meeting.pk,
    )
    actions.action_create(
        access=access,
        title="Book the room for 2040",
        organisation_id=organisation.pk,
        due_on=dt.date(2040, 1, 5),
    )
    return meeting


def test_decisions_register_as_json_and_csv(collaborative, organisation, steward):  # type: ignore[no-untyped-def]
    _record(collaborative, organisation, steward)
    rows = json.loads(run("decisions", "--collaborative=riverside"))
    assert [(r["title"], r["status"]) for r in rows] == [
        ("Meet every six weeks", "active"),
        ("Meet monthly", "superseded"),
    ]
    assert rows[1]["superseded_by_id"] == rows[0]["id"]
    active = json.loads(run("decisions", "--collaborative=riverside", "--status=active"))
    assert [r["title"] for r in active] == ["Meet every six weeks"]
    table = list(
        csv.DictReader(io.StringIO(run("decisions", "--collaborative=riverside", "--format=csv")))
    )
    assert [r["status"] for r in table] == ["active", "superseded"]
    assert table[0]["supersedes_id"] == str(rows[1]["id"])


def test_open_actions_and_the_overdue_ones(collaborative, organisation, steward):  # type: ignore[no-untyped-def]
    _record(collaborative, organisation, steward)
    rows = json.loads(run("actions", "--collaborative=riverside"))
    assert {r["title"]: r["overdue"] for r in rows} == {
        "Send the data-sharing draft": True,
        "Book the room for 2040": False,
    }
    assert {r["organisation"] for r in rows} == {organisation.name}
    late = list(
        csv.DictReader(
            io.StringIO(run("actions", "--collaborative=riverside", "--overdue", "--format=csv"))
        )
    )
    assert [r["title"] for r in late] == ["Send the data-sharing draft"]
    with pytest.raises(CommandError, match="json or csv"):
        run("actions", "--collaborative=riverside", "--format=pdf")


def test_minutes_as_markdown_html_and_pdf(collaborative, organisation, steward, tmp_path):  # type: ignore[no-untyped-def]
    meeting = _record(collaborative, organisation, steward)
    minutes.minutes_save(
        access=access_for(steward, "riverside"),
        meeting_id=meeting.pk,
        text="## Data sharing\n\nThe draft goes out in January.",
    )
    args = ("minutes", "--collaborative=riverside", f"--meeting={meeting.pk}")
    assert "The draft goes out in January." in run(*args, "--format=md")
    html = run(*args, "--format=html", "--language=fr", "--sections=decisions")
    assert 'lang="fr"' in html and "Meet monthly" in html
    assert "Send the data-sharing draft" not in html  # the actions section was not asked for
    target = tmp_path / "minutes.pdf"
    assert "Wrote" in run(*args, f"--out={target}")
    assert target.read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="--out"):
        run(*args)


def test_another_collaboratives_meeting_is_refused(  # type: ignore[no-untyped-def]
    collaborative, other_collaborative, organisation, steward, outsider
):
    meeting = _record(collaborative, organisation, steward)
    with pytest.raises(CommandError, match="Give --meeting ID"):
        run("minutes", f"--collaborative={other_collaborative.slug}", f"--meeting={meeting.pk}")
