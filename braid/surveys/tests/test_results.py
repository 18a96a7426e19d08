"""Results through the page, the API and the export: the floor, complementary suppression
between groups, the previous round compared only above the floor, and who may read when."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from braid.collaboratives.testing import bearer
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.surveys.models import Round
from braid.surveys.rounds import services as round_services
from braid.surveys.tests.helpers import FACTORS, answer, invite, open_round, steward_access


@pytest.fixture
def sectors(collaborative):
    return {
        "health": OrganisationFactory(collaborative=collaborative, name="Health", sector="health"),
        "police": OrganisationFactory(
            collaborative=collaborative, name="Police", sector="police_justice"
        ),
        "community": OrganisationFactory(
            collaborative=collaborative, name="Residents", sector="community"
        ),
    }


def _run(access, sectors, title, plan):  # type: ignore[no-untyped-def]
    """plan: list of (sector, history-1 value)."""
    round_ = open_round(access, [FACTORS], title=title)
    people = [(f"{title[:3]}{n}@x.org".lower(), sectors[s]) for n, (s, _v) in enumerate(plan)]
    tokens = invite(access, round_, people)
    for (email, _org), (_s, value) in zip(people, plan, strict=True):
        answer(tokens[email], {FACTORS: {"history-1": value}})
    return round_


def test_a_small_sector_is_hidden_with_its_complement(
    steward_client, collaborative, steward, sectors
) -> None:
    access = steward_access(collaborative, steward)
    plan = [("health", 5)] * 4 + [("police", 2)] * 3 + [("community", 1)]
    round_ = _run(access, sectors, "Spring", plan)
    round_services.round_close(access=access, round_id=round_.pk)
    page = steward_client.get(reverse("surveys:results", args=[collaborative.slug, round_.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "8 respondents" in body
    assert "hidden: too few answered" in body  # the one resident
    assert "hidden, so that a smaller group cannot be worked out" in body  # police, hidden with it
    # overall 27/8 = 3.375 -> "3.4"; health 5.0 shown; police's 2.0 and the resident's 1.0 nowhere
    assert ">3.4<" in body and ">5.0<" in body
    assert ">2.0<" not in body.split("By sector")[1].split("By organisation type")[0]
    api = (
        Client()
        .get(
            f"/api/v1/collaboratives/{collaborative.slug}/survey-rounds/{round_.pk}/results",
            **bearer(steward),
        )
        .json()
    )
    rows = api["instruments"][0]["rows"]
    sector_rows = {
        (r["group_key"], r["hidden"])
        for r in rows
        if r["group"] == "sector" and r["level"] in ("", "factor")
    }
    assert ("community", "small") in sector_rows and (
        "police_justice",
        "complementary",
    ) in sector_rows
    assert not any(
        r["group_key"] in ("community", "police_justice") and r["mean"] is not None for r in rows
    )
    history = next(r for r in rows if r["group"] == "all" and r["key"] == "history")
    assert (
        history["mean"] == pytest.approx(27 / 8)
        and history["respondents"] == 8
        and history["items"] == 2
    )
    export = steward_client.get(
        reverse("surveys:results_export", args=[collaborative.slug, round_.pk]) + "?format=csv"
    )
    text = export.content.decode("utf-8-sig")
    assert export.status_code == 200 and "complementary" in text and "3.375" in text


def test_below_the_floor_nothing_is_shown_and_the_change_needs_both_rounds(
    steward_client, collaborative, steward, sectors
) -> None:
    access = steward_access(collaborative, steward)
    before = _run(access, sectors, "Last year", [("health", 2), ("health", 3), ("police", 4)])
    Round.objects.filter(pk=before.pk).update(opens_on=dt.date.today() - dt.timedelta(days=365))
    small = _run(access, sectors, "Tiny", [("health", 5), ("health", 5)])
    page = steward_client.get(
        reverse("surveys:results", args=[collaborative.slug, small.pk])
    ).content.decode()
    assert "2 people answered: results are hidden until at least 3 have." in page
    assert ">5.0<" not in page
    now = _run(access, sectors, "This year", [("health", 4), ("health", 4), ("police", 4)])
    page = steward_client.get(
        reverse("surveys:results", args=[collaborative.slug, now.pk])
    ).content.decode()
    assert "compared with “Tiny”" not in page  # Tiny is newer than Last year but below the floor…
    # …so the comparison is with the latest earlier round that includes the instrument: here Tiny
    # opened today too, so "Last year" is the one; history went from 3.0 to 4.0.
    api = (
        Client()
        .get(
            f"/api/v1/collaboratives/{collaborative.slug}/survey-rounds/{now.pk}/results",
            **bearer(steward),
        )
        .json()
    )
    inst = api["instruments"][0]
    assert inst["previous_round_id"] == before.pk
    history = next(r for r in inst["rows"] if r["group"] == "all" and r["key"] == "history")
    assert history["change"] == pytest.approx(1.0)
    assert "+1.0" in page


def test_members_read_results_once_closed_stewards_while_open(
    partner_client, viewer_client, steward_client, collaborative, steward, sectors
) -> None:
    access = steward_access(collaborative, steward)
    round_ = _run(access, sectors, "Autumn", [("health", 4)] * 3)
    url = reverse("surveys:results", args=[collaborative.slug, round_.pk])
    assert (
        "The results are shared once the round is closed."
        in partner_client.get(url).content.decode()
    )
    api = f"/api/v1/collaboratives/{collaborative.slug}/survey-rounds/{round_.pk}/results"
    from braid.collaboratives.models import Membership

    partner_user = Membership.objects.get(role="partner").user
    assert Client().get(api, **bearer(partner_user)).status_code == 403
    assert "3 respondents" in steward_client.get(url).content.decode()
    round_services.round_close(access=access, round_id=round_.pk)
    assert "3 respondents" in viewer_client.get(url).content.decode()
    assert Client().get(api, **bearer(partner_user)).status_code == 200


def test_the_api_runs_a_round(collaborative, steward, sectors) -> None:
    client = Client()
    auth = bearer(steward)
    base = f"/api/v1/collaboratives/{collaborative.slug}/survey-rounds"
    bad = client.post(
        base,
        {
            "title": "X",
            "opens_on": "2099-01-02",
            "closes_on": "2099-01-01",
            "instruments": ["nope@1"],
        },
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 400
    fields = {e["field"] for e in bad.json()["errors"]}
    assert {"closes_on", "instruments"} <= fields
    made = client.post(
        base,
        {
            "title": "API round",
            "opens_on": dt.date.today().isoformat(),
            "closes_on": "2099-01-01",
            "instruments": [FACTORS],
        },
        content_type="application/json",
        **auth,
    )
    assert made.status_code == 201
    rid = made.json()["id"]
    assert client.post(f"{base}/{rid}/open", **auth).json()["status"] == "open"
    added = client.post(
        f"{base}/{rid}/respondents",
        {"people": [{"email": "a@x.org", "organisation_id": sectors["health"].pk}]},
        content_type="application/json",
        **auth,
    )
    assert added.json() == {"count": 1}
    assert client.post(f"{base}/{rid}/send", **auth).json() == {"count": 1}
    assert client.post(f"{base}/{rid}/remind", **auth).json() == {
        "sent": 0,
        "capped": 0,
        "too_soon": 1,
    }
    rates = client.get(f"{base}/{rid}/response-rates", **auth).json()
    assert rates["overall"] == {"key": "all", "label": "", "invited": 1, "finished": 0, "rate": 0.0}
    assert client.post(f"{base}/{rid}/close", **auth).json()["status"] == "closed"
    reopened = client.post(
        f"{base}/{rid}/reopen",
        {"closes_on": "2099-02-01", "reason": "late partners"},
        content_type="application/json",
        **auth,
    )
    assert reopened.json()["reopened_count"] == 1
    other = OrganisationFactory(name="Elsewhere org")  # another collaborative's organisation
    refused = client.post(
        f"{base}/{rid}/respondents",
        {"people": [{"email": "b@x.org", "organisation_id": other.pk}]},
        content_type="application/json",
        **auth,
    )
    assert refused.status_code == 400


def test_reminders_only_to_the_unfinished_with_cap_and_gap(collaborative, steward, sectors) -> None:
    from braid.surveys.models import Invitation

    access = steward_access(collaborative, steward)
    round_ = open_round(access, [FACTORS])
    tokens = invite(
        access, round_, [("a@x.org", sectors["health"]), ("b@x.org", sectors["health"])]
    )
    answer(tokens["a@x.org"], {FACTORS: {"history-1": 3}})
    assert round_services.reminders_send(access=access, round_id=round_.pk).too_soon == 1
    for n in range(3):
        Invitation.objects.update(last_sent_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
        assert round_services.reminders_send(access=access, round_id=round_.pk).sent == 1, n
    Invitation.objects.update(last_sent_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    done = round_services.reminders_send(access=access, round_id=round_.pk)
    assert (done.sent, done.capped) == (0, 1)
    finished = Invitation.objects.get(email="a@x.org")
    assert finished.reminders_sent == 0 and finished.status == "finished"


def test_a_low_statement_goes_to_the_next_meeting_s_agenda(
    steward_client, viewer_client, collaborative, steward, sectors
) -> None:
    from braid.meetings.models import AgendaItem
    from braid.meetings.tests.factories import make_meeting

    access = steward_access(collaborative, steward)
    round_ = _run(access, sectors, "Check", [("health", 2), ("health", 1), ("police", 2)])
    url = reverse("surveys:propose_item", args=[collaborative.slug, round_.pk])
    results_page = reverse("surveys:results", args=[collaborative.slug, round_.pk])
    none_yet = steward_client.post(url, {"instrument": FACTORS, "item": "history-1"}, follow=True)
    assert "No meeting is scheduled" in none_yet.content.decode()
    make_meeting(
        steward, collaborative, date=dt.date.today() + dt.timedelta(days=10), title="June steering"
    )
    page = steward_client.get(results_page).content.decode()
    assert (
        "Add to the next meeting&#x27;s agenda" in page
        or "Add to the next meeting's agenda" in page
    )
    done = steward_client.post(url, {"instrument": FACTORS, "item": "history-1"}, follow=True)
    assert "Added to the agenda of June steering" in done.content.decode()
    item = AgendaItem.objects.get()
    assert item.title.startswith("Survey: Organisations here have a track record")
    assert item.link_url == results_page and item.purpose == "discussion"
    assert (
        steward_client.post(url, {"instrument": FACTORS, "item": "nope"}, follow=True).status_code
        == 200
    )
    assert AgendaItem.objects.count() == 1
    assert "Add to the next meeting" not in viewer_client.get(results_page).content.decode()


def test_a_low_statement_is_kept_as_a_lesson_in_one_click(
    steward_client, partner_client, viewer_client, collaborative, steward, sectors
) -> None:
    from braid.networks.models import LogEntry

    access = steward_access(collaborative, steward)
    round_ = _run(access, sectors, "Check", [("health", 2), ("health", 1), ("police", 2)])
    round_services.round_close(access=access, round_id=round_.pk)
    url = reverse("surveys:propose_lesson", args=[collaborative.slug, round_.pk])
    results_page = reverse("surveys:results", args=[collaborative.slug, round_.pk])
    assert "Keep as a lesson" in steward_client.get(results_page).content.decode()
    done = steward_client.post(url, {"instrument": FACTORS, "item": "history-1"}, follow=True)
    assert "Kept as a lesson: say what was learned." in done.content.decode()
    entry = LogEntry.objects.get()
    assert done.redirect_chain[-1][0] == reverse(
        "networks:lesson_edit", args=[collaborative.slug, entry.pk]
    )
    assert entry.kind == "lesson" and entry.title.startswith("Survey: Organisations here have")
    assert "lowest-rated statements of “Check”" in entry.what_happened
    round_.refresh_from_db()  # closing it set its closing date to today
    assert entry.happened_on == round_.closes_on and entry.visibility == "members"
    # A partner keeps one for its organisation; a viewer sees no button and cannot post one.
    assert partner_client.post(url, {"instrument": FACTORS, "item": "history-2"}).status_code == 302
    assert LogEntry.objects.filter(organisation__isnull=False).count() == 1
    assert "Keep as a lesson" not in viewer_client.get(results_page).content.decode()
    assert viewer_client.post(url, {"instrument": FACTORS, "item": "history-1"}).status_code in (
        302,
        403,
    )
    bad = steward_client.post(url, {"instrument": FACTORS, "item": "nope"}, follow=True)
    assert "This statement is not among the round" in bad.content.decode()
    assert LogEntry.objects.count() == 2


def test_the_command_line_gives_rounds_and_results_under_the_floor(
    collaborative, steward, sectors
) -> None:
    """`braid survey rounds|results`: the same results as the API, hidden groups hidden, as a
    steward or as the public; never an answer."""
    import csv
    import io
    import json

    from django.core.management import CommandError, call_command

    access = steward_access(collaborative, steward)
    plan = [("health", 5)] * 4 + [("police", 2)] * 3 + [("community", 1)]
    round_ = _run(access, sectors, "Spring", plan)
    round_services.round_close(access=access, round_id=round_.pk)

    def run(*args: str) -> str:
        out = io.StringIO()
        call_command("survey", *args, "--collaborative", collaborative.slug, stdout=out)
        return out.getvalue()

    [listed] = json.loads(run("rounds"))
    assert (listed["id"], listed["invited"], listed["finished"]) == (round_.pk, 8, 8)
    document = json.loads(run("results", "--round", str(round_.pk)))
    api = Client().get(
        f"/api/v1/collaboratives/{collaborative.slug}/survey-rounds/{round_.pk}/results",
        **bearer(steward),
    )
    assert api.status_code == 200 and json.loads(json.dumps(api.json())) == json.loads(
        json.dumps(document, default=str)
    )
    rows = list(
        csv.DictReader(io.StringIO(run("results", "--round", str(round_.pk), "--format", "csv")))
    )
    police = [r for r in rows if r["group_key"] == "police_justice"]
    assert police and all(r["mean"] == "" and r["hidden"] for r in police)
    assert "history-1" not in run("rounds")  # rounds list no answers
    with pytest.raises(CommandError, match="Known: "):
        run("results", "--round", "999999")
