"""The action plan: activities, bad input, partners updating what they lead, milestones,
views, duplication and gaps, export."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from braid.agenda import selectors, services
from braid.agenda.models import Activity, Milestone, ProgressNote, Responsibility
from braid.agenda.tests.factories import make_activity, make_objective
from braid.collaboratives.access import access_for
from braid.collaboratives.testing import bearer
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.core.errors import ConflictError, ServiceError
from braid.core.testing import table_counts

API = "/api/v1/collaboratives/riverside"


@pytest.fixture
def objective(collaborative):  # type: ignore[no-untyped-def]
    return make_objective(collaborative)


def _post(client, headers, path, body, method="post"):  # type: ignore[no-untyped-def]
    return getattr(client, method)(API + path, body, content_type="application/json", **headers)


def test_steward_adds_an_activity_through_the_page(steward_client, organisation, objective):  # type: ignore[no-untyped-def]
    helper = OrganisationFactory(collaborative=organisation.collaborative, status="partner")
    r = steward_client.post(
        reverse("agenda:activity_new", args=["riverside"]),
        {
            "title": "Restorative circles",
            "lead_id": organisation.pk,
            "supporter_ids": [helper.pk, organisation.pk],
            "objective_ids": [objective.pk],
            "start": "2026-02-01",
            "end": "2026-11-30",
            "status": "planned",
        },
    )
    a = Activity.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"/plan/{a.pk}/")
    assert a.lead == organisation
    assert list(a.supporters.all()) == [helper]  # the lead is not its own supporter
    assert list(a.objectives.all()) == [objective]


def test_bad_activity_input_is_reported_field_by_field(steward, steward_client, collaborative):  # type: ignore[no-untyped-def]
    before = table_counts()
    r = steward_client.post(
        reverse("agenda:activity_new", args=["riverside"]),
        {"title": "X", "start": "2026-05-01", "end": "2026-04-01", "status": "stalled"},
    )
    page = r.content.decode()
    assert r.status_code == 200
    assert "Every activity needs a lead organisation" in page
    assert "is before the start (2026-05-01): move the end date later" in page
    assert "Say why the activity is stalled" in page
    assert table_counts() == before
    r = _post(
        Client(),
        bearer(steward),
        "/activities",
        {"title": "X", "start": "2026-05-01", "end": "2026-04-01"},
    )
    assert r.status_code == 400
    fields = {e["field"] for e in r.json()["errors"]}
    assert fields == {"lead_id", "end"}


def test_foreign_organisation_cannot_lead(steward, other_collaborative):  # type: ignore[no-untyped-def]
    foreign = OrganisationFactory(collaborative=other_collaborative)
    with pytest.raises(ServiceError) as exc:
        services.activity_create(
            access=access_for(steward, "riverside"),
            title="X",
            lead_id=foreign.pk,
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 2, 1),
        )
    assert exc.value.problems[0].field == "lead_id"


def test_milestone_outside_its_activity_is_refused(steward, collaborative):  # type: ignore[no-untyped-def]
    a = make_activity(collaborative)
    access = access_for(steward, "riverside")
    with pytest.raises(
        ServiceError, match="outside the activity, which runs from 2026-01-01 to 2026-12-31"
    ):
        services.milestone_save(
            access=access, activity_id=a.pk, title="Late", due_on=dt.date(2027, 1, 5)
        )
    services.milestone_save(
        access=access, activity_id=a.pk, title="Mid", due_on=dt.date(2026, 6, 1)
    )
    # Shrinking the activity past its milestone is refused too.
    with pytest.raises(ServiceError, match="would fall outside the activity"):
        services.activity_update(access=access, activity_id=a.pk, end=dt.date(2026, 5, 1))
    r = _post(
        Client(),
        bearer(steward),
        f"/activities/{a.pk}/milestones",
        {"title": "Late", "due_on": "2025-12-01"},
    )
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "due_on"
    assert Milestone.objects.count() == 1


def test_partner_updates_the_activity_its_organisation_leads(
    partner, partner_client, organisation, collaborative
):  # type: ignore[no-untyped-def]
    mine = make_activity(collaborative, lead=organisation)
    theirs = make_activity(collaborative, title="Not ours")
    page = partner_client.get(
        reverse("agenda:activity", args=["riverside", mine.pk])
    ).content.decode()
    assert "Update" in page and "Add milestone" in page
    r = partner_client.post(
        reverse("agenda:activity_edit", args=["riverside", mine.pk]),
        {
            "version": mine.version,
            "start": "2026-01-01",
            "end": "2026-12-31",
            "status": "stalled",
            "status_reason": "Lost our coordinator",
        },
    )
    assert r.status_code == 302
    mine.refresh_from_db()
    assert mine.status == "stalled" and mine.status_reason == "Lost our coordinator"
    assert "Lost our coordinator" in ProgressNote.objects.get(activity=mine).text
    partner_client.post(
        reverse("agenda:note_add", args=["riverside", mine.pk]),
        {"text": "New coordinator starts Monday"},
    )
    assert mine.notes.filter(text="New coordinator starts Monday").exists()
    # Not the activities of others, and not who leads.
    assert (
        partner_client.get(
            reverse("agenda:activity_edit", args=["riverside", theirs.pk])
        ).status_code
        == 403
    )
    assert (
        partner_client.post(
            reverse("agenda:note_add", args=["riverside", theirs.pk]), {"text": "x"}
        ).status_code
        == 403
    )
    headers = bearer(partner)
    assert (
        _post(
            Client(), headers, f"/activities/{theirs.pk}", {"status": "done"}, "patch"
        ).status_code
        == 403
    )
    assert (
        _post(
            Client(), headers, f"/activities/{mine.pk}", {"lead_id": theirs.lead_id}, "patch"
        ).status_code
        == 403
    )
    r = _post(Client(), headers, f"/activities/{mine.pk}", {"status": "under_way"}, "patch")
    assert r.status_code == 200 and r.json()["status"] == "under_way"
    theirs.refresh_from_db()
    assert theirs.status == "planned"


def test_stale_version_is_refused_not_overwritten(steward, collaborative):  # type: ignore[no-untyped-def]
    a = make_activity(collaborative)
    access = access_for(steward, "riverside")
    services.activity_update(access=access, activity_id=a.pk, version=1, status="under_way")
    with pytest.raises(ConflictError):
        services.activity_update(access=access, activity_id=a.pk, version=1, status="done")
    a.refresh_from_db()
    assert a.status == "under_way" and a.version == 2
    r = _post(
        Client(), bearer(steward), f"/activities/{a.pk}", {"version": 1, "title": "x"}, "patch"
    )
    assert r.status_code == 409


def test_viewer_reads_but_does_not_write(viewer_client, collaborative):  # type: ignore[no-untyped-def]
    a = make_activity(collaborative)
    assert viewer_client.get(reverse("agenda:plan", args=["riverside"])).status_code == 200
    assert (
        viewer_client.post(
            reverse("agenda:note_add", args=["riverside", a.pk]), {"text": "x"}
        ).status_code
        == 403
    )
    assert viewer_client.get(reverse("agenda:activity_new", args=["riverside"])).status_code == 403


def test_filters_views_and_commitments(
    steward, steward_client, collaborative, organisation, objective
):  # type: ignore[no-untyped-def]
    other = OrganisationFactory(collaborative=collaborative, status="partner", name="Parks")
    led = make_activity(collaborative, lead=organisation, title="Led by health", status="under_way")
    led.objectives.add(objective)
    supported = make_activity(
        collaborative,
        lead=other,
        title="Parks nights",
        start=dt.date(2020, 1, 1),
        end=dt.date(2020, 6, 1),
    )
    supported.supporters.add(organisation)
    Milestone.objects.create(
        collaborative=collaborative, activity=led, title="Soon", due_on=dt.date.today()
    )
    access = access_for(steward, "riverside")
    assert [a.title for a in selectors.activities(access, organisation=organisation.pk)] == [
        "Parks nights",
        "Led by health",
    ]
    assert [a.title for a in selectors.activities(access, objective=objective.pk)] == [
        "Led by health"
    ]
    assert [a.title for a in selectors.activities(access, status="under_way")] == ["Led by health"]
    page = steward_client.get(
        reverse("agenda:plan", args=["riverside"]) + f"?objective={objective.pk}"
    ).content.decode()
    assert "Led by health" in page and "Parks nights" not in page
    page = steward_client.get(reverse("agenda:plan", args=["riverside"])).content.decode()
    assert "past its end" in page  # Parks nights ended in 2020 and is not done
    c = selectors.commitments(access, organisation)
    assert [a.title for a in c.leads] == ["Led by health"]
    assert [a.title for a in c.supports] == ["Parks nights"]
    assert [m.title for _, m in c.upcoming] == ["Soon"]
    assert c.current_terms is None and c.contributions == [] and c.bodies == []
    page = steward_client.get(
        reverse("agenda:commitments", args=["riverside", organisation.pk])
    ).content.decode()
    assert "Led by health" in page and "Not issued yet." in page


def test_gantt_spec_has_a_bar_per_activity_and_milestones(collaborative):  # type: ignore[no-untyped-def]
    a = make_activity(collaborative, status="done")
    Milestone.objects.create(
        collaborative=collaborative, activity=a, title="M", due_on=dt.date(2026, 3, 1)
    )
    from braid.agenda.gantt import gantt_spec

    spec = gantt_spec([a], today=dt.date(2026, 6, 1))
    bars, marks, today, names = (layer["data"]["values"] for layer in spec["layer"])
    assert bars == [
        {
            "activity": f"Mentoring ({a.lead.name})",
            "start": "2026-01-01",
            "end": "2026-12-31",
            "status": "Done",
            "lead": a.lead.name,
        }
    ]
    assert marks[0]["milestone"] == "M" and marks[0]["date"] == "2026-03-01"
    assert today == [{"today": "2026-06-01"}]
    # Each name is written above its bar, not in an axis that takes a phone's width.
    assert names == bars and spec["layer"][3]["mark"]["type"] == "text"
    assert spec["layer"][0]["encoding"]["y"]["axis"] is None


def test_duplication_across_organisations_on_the_same_objective_and_gaps(
    steward, collaborative, objective
):  # type: ignore[no-untyped-def]
    lonely = make_objective(collaborative, title="Youth voice")
    a = make_activity(
        collaborative,
        title="After-school mentoring for youth at risk",
        description="weekly mentoring sessions",
    )
    b = make_activity(
        collaborative,
        title="Youth mentoring programme",
        description="weekly mentoring sessions in centres",
    )
    same_lead = make_activity(
        collaborative,
        lead=a.lead,
        title="Youth mentoring programme",
        description="weekly mentoring",
    )
    elsewhere = make_activity(collaborative, title="Youth mentoring programme")  # other objective
    for x in (a, b, same_lead):
        x.objectives.add(objective)
    elsewhere.objectives.add(make_objective(collaborative, title="Other"))
    access = access_for(steward, "riverside")
    found = selectors.overlaps(access)
    pairs = {frozenset((o.first.pk, o.second.pk)) for o in found}
    # Same lead (a, same_lead) or another objective (elsewhere): never a duplicate.
    assert pairs == {frozenset((a.pk, b.pk)), frozenset((b.pk, same_lead.pk))}
    assert all("mentoring" in o.shared_terms and o.shared_objectives == [objective] for o in found)
    assert [g.title for g in selectors.gaps(access)] == ["Youth voice"]
    r = Client().get(API + "/alignment", **bearer(steward)).json()
    assert r["gaps"] == [
        {
            "objective_id": lonely.pk,
            "title": "Youth voice",
            "title_fr": "",
            "goal": "Youth connected",
            "goal_fr": "",
        }
    ]
    assert r["overlaps"][0]["shared_terms"][0] in {"mentoring", "weekly", "sessions", "youth"}
    # A dropped activity neither duplicates nor fills a gap.
    b.status, b.status_reason = "dropped", "merged"
    b.save()
    assert selectors.overlaps(access) == []


def test_results_chain_with_expected_results_and_indicator_links(
    steward, steward_client, collaborative
):  # type: ignore[no-untyped-def]
    from braid.measures.models import Indicator

    access = access_for(steward, "riverside")
    goal = services.goal_save(access=access, title="Safer youth")
    o = services.objective_save(
        access=access,
        goal_id=goal.pk,
        title="Divert first offences",
        horizon="short",
        expected_results="Every eligible case offered diversion\n\n72-hour referrals\n",
        evaluation_method="Diversion counts",
    )
    assert [r.text for r in o.expected_results.all()] == [
        "Every eligible case offered diversion",
        "72-hour referrals",
    ]
    ind = Indicator.objects.create(
        collaborative=collaborative, code="div", name="Diversion referrals"
    )
    ind.objectives.add(o)
    page = steward_client.get(reverse("agenda:results", args=["riverside"])).content.decode()
    assert (
        "Diversion referrals" in page and "72-hour referrals" in page and "no activity yet" in page
    )
    chain = Client().get(API + "/goals", **bearer(steward)).json()
    assert chain[0]["objectives"][0]["indicators"][0]["name"] == "Diversion referrals"
    with pytest.raises(ServiceError, match="objectives first"):
        services.goal_delete(access=access, goal_id=goal.pk)


def test_api_creates_and_lists_activities(steward, organisation, objective):  # type: ignore[no-untyped-def]
    headers = bearer(steward)
    r = _post(
        Client(),
        headers,
        "/activities",
        {
            "title": "Jobs fair",
            "lead_id": organisation.pk,
            "start": "2026-03-01",
            "end": "2026-03-31",
            "objective_ids": [objective.pk],
        },
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = _post(
        Client(),
        headers,
        f"/activities/{pk}/milestones",
        {"title": "Venue booked", "due_on": "2026-03-10"},
    )
    assert r.status_code == 201
    listed = Client().get(API + f"/activities?objective={objective.pk}", **headers).json()
    assert listed["count"] == 1 and listed["items"][0]["milestones"][0]["title"] == "Venue booked"


def test_plan_export_xlsx_by_cli_and_page(
    steward, steward_client, collaborative, organisation, tmp_path
):  # type: ignore[no-untyped-def]
    a = make_activity(collaborative, lead=organisation, title='=HYPERLINK("x")')
    Responsibility.objects.create(
        collaborative=collaborative, activity=a, organisation=organisation, role="A"
    )
    out = tmp_path / "plan.xlsx"
    call_command(
        "export", "plan", "--collaborative", "riverside", "--format", "xlsx", "--output", str(out)
    )
    book = load_workbook(out)
    assert book.sheetnames == [
        "Activities",
        "Milestones",
        "Responsibilities",
        "Contributions",
        "Funding deadlines",
    ]
    rows = list(book["Activities"].values)
    assert rows[1][1] == '\'=HYPERLINK("x")'  # a formula is neutralised
    assert list(book["Responsibilities"].values)[1][2] == "A"
    r = steward_client.get(reverse("agenda:plan_export", args=["riverside"]) + "?format=csv")
    assert r.status_code == 200 and "Eastside Health Centre" in r.content.decode("utf-8-sig")
    book = load_workbook(
        io.BytesIO(steward_client.get(reverse("agenda:plan_export", args=["riverside"])).content)
    )
    assert "Activities" in book.sheetnames


def test_terms_pdf_from_the_command_line(steward, collaborative, organisation, tmp_path):  # type: ignore[no-untyped-def]
    from django.core.management.base import CommandError

    from braid.agenda.terms.services import terms_issue

    with pytest.raises(CommandError, match="No terms of reference issued yet"):
        call_command(
            "export",
            "terms",
            "--collaborative",
            "riverside",
            "--format",
            "pdf",
            "--output",
            str(tmp_path / "x.pdf"),
        )
    organisation.status = "partner"
    organisation.save()
    terms_issue(
        access=access_for(steward, "riverside"), title="ToR", effective_from=dt.date(2026, 1, 1)
    )
    out = tmp_path / "terms.pdf"
    call_command(
        "export",
        "terms",
        "--collaborative",
        "riverside",
        "--format",
        "pdf",
        "--lang",
        "fr",
        "--output",
        str(out),
    )
    assert out.read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="exports as pdf only"):
        call_command("export", "terms", "--collaborative", "riverside", "--format", "csv")
