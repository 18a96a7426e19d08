"""Importing the action plan from a spreadsheet: round trip with the export, every problem at
once, nothing half-imported."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from braid.agenda.export import write_plan
from braid.agenda.models import Activity
from braid.agenda.plan_import import import_plan
from braid.agenda.tests.factories import make_activity, make_objective
from braid.collaboratives.access import access_for
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.core.testing import table_counts


@pytest.fixture
def orgs(collaborative, organisation):  # type: ignore[no-untyped-def]
    parks = OrganisationFactory(collaborative=collaborative, name="City Parks", status="partner")
    return organisation, parks


def _csv(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


def test_new_rows_are_added_with_names_resolved(steward, collaborative, orgs):  # type: ignore[no-untyped-def]
    health, parks = orgs
    objective = make_objective(collaborative, title="Mentor every young person")
    data = (
        "activity;lead;supporters;objectives;start;end;status;reason\n"
        "Mentoring;eastside health centre;City Parks;Mentor every young person;2026-01-01;2026-12-31;Under way;\n"
        "Night basketball;City Parks;;;2026-02-01;2026-10-31;stalled;Gym closed for repairs\n"
    )
    result = import_plan(
        access=access_for(steward, "riverside"), source=_csv(data), filename="plan.csv"
    )
    assert result.ok and (result.created, result.updated) == (2, 0)
    mentoring = Activity.objects.get(title="Mentoring")
    assert mentoring.lead == health and mentoring.status == "under_way"
    assert list(mentoring.supporters.all()) == [parks]
    assert list(mentoring.objectives.all()) == [objective]
    assert Activity.objects.get(title="Night basketball").status_reason == "Gym closed for repairs"


def test_every_problem_reported_and_nothing_written(steward, collaborative, orgs):  # type: ignore[no-untyped-def]
    make_activity(collaborative, lead=orgs[0], title="Existing")
    data = (
        "id,activity,lead,supporters,objectives,body,start,end,status,reason\n"
        "999,Ghost,Eastside Health Centre,,,,2026-01-01,2026-02-01,planned,\n"
        "Ok,Mentoring,Eastside Helth Centre,Nobody,Unknown goal,Board,2026-05-01,2026-04-01,stalled,\n"
        ",Twice,City Parks,,,,01/02/2026,2026-03-01,sleeping,\n"
        ",Twice,City Parks,,,,2026-01-01,2026-03-01,planned,\n"
        ",,,,,,,,,\n"
        ",No lead,,,,,2026-01-01,2026-03-01,,\n"
    )
    before = table_counts()
    result = import_plan(
        access=access_for(steward, "riverside"), source=_csv(data), filename="plan.csv"
    )
    assert not result.ok
    found = {(p.row, p.field) for p in result.problems}
    assert (2, "id") in found  # unknown id
    assert (3, "id") in found  # not a number
    assert (3, "lead") in found and (3, "supporters") in found and (3, "objectives") in found
    assert (3, "body") in found and (3, "end") in found and (3, "reason") in found
    assert (4, "start") in found and (4, "status") in found
    assert (5, "activity") in found  # the same activity and lead twice
    assert (7, "lead") in found
    lead_problem = next(p for p in result.problems if (p.row, p.field) == (3, "lead"))
    assert "Did you mean “Eastside Health Centre”?" in lead_problem.message
    assert table_counts() == before


def test_round_trip_with_the_export_updates_in_place(steward, collaborative, orgs):  # type: ignore[no-untyped-def]
    a = make_activity(collaborative, lead=orgs[0], title="Mentoring")
    out = io.StringIO()
    write_plan(collaborative, "csv", out)
    edited = out.getvalue().replace("Planned", "Under way").replace("2026-12-31", "2027-03-31")
    result = import_plan(
        access=access_for(steward, "riverside"), source=_csv(edited), filename="plan.csv"
    )
    assert result.ok and (result.created, result.updated) == (0, 1)
    a.refresh_from_db()
    assert a.status == "under_way" and a.end == dt.date(2027, 3, 31)
    assert Activity.objects.count() == 1


def test_xlsx_export_imports_back(steward, collaborative, orgs):  # type: ignore[no-untyped-def]
    make_activity(collaborative, lead=orgs[1], title="Basketball", status="done")
    out = io.BytesIO()
    write_plan(collaborative, "xlsx", out)
    out.seek(0)
    result = import_plan(access=access_for(steward, "riverside"), source=out, filename="plan.xlsx")
    assert result.ok and result.updated == 1


def test_page_and_cli(steward_client, partner_client, collaborative, orgs, tmp_path):  # type: ignore[no-untyped-def]
    url = reverse("agenda:plan_import", args=["riverside"])
    bad = SimpleUploadedFile(
        "plan.csv", b"activity,lead,start,end\nX,Nobody,2026-01-01,2026-02-01\n"
    )
    r = steward_client.post(url, {"file": bad})
    assert r.status_code == 400 and "1 problem found: nothing was imported" in r.content.decode()
    good = SimpleUploadedFile(
        "plan.csv", b"activity,lead,start,end\nX,City Parks,2026-01-01,2026-02-01\n"
    )
    r = steward_client.post(url, {"file": good})
    assert r.status_code == 302 and Activity.objects.filter(title="X").exists()
    assert partner_client.get(url).status_code == 403
    path = tmp_path / "plan.csv"
    path.write_text("activity,lead,start,end\nY,City Parks,2026-03-01,2026-02-01\n")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import", "plan", str(path), "--collaborative", "riverside")
    assert "before the start" in (tmp_path / "plan.csv.errors.csv").read_text()
    path.write_text("activity,lead,start,end\nY,City Parks,2026-01-01,2026-02-01\n")
    call_command("import", "plan", str(path), "--collaborative", "riverside")
    assert Activity.objects.filter(title="Y").exists()


def test_missing_columns(steward):  # type: ignore[no-untyped-def]
    result = import_plan(
        access=access_for(steward, "riverside"), source=_csv("what,who\nx,y\n"), filename="p.csv"
    )
    assert (
        result.problems[0].row == 1 and "activity, lead, start, end" in result.problems[0].message
    )
