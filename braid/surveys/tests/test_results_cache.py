"""Results are read from a cached tally (`surveys.tallies`), and every change shows at once: a
new finished response, a response to the round compared with, closing and reopening the round,
a change of the privacy floor, a sector's new name. The cache holds one state of a round, never
two side by side (their difference would be the last person's answers)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from braid.collaboratives.services import collaborative_update
from braid.collaboratives.testing import bearer
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.surveys import tallies
from braid.surveys.models import Round
from braid.surveys.rounds import services as round_services
from braid.surveys.tests.helpers import FACTORS, answer, invite, open_round, steward_access


@pytest.fixture
def orgs(collaborative):
    return {
        "health": OrganisationFactory(collaborative=collaborative, name="Health", sector="health"),
        "police": OrganisationFactory(
            collaborative=collaborative, name="Police", sector="police_justice"
        ),
    }


def _results(collaborative, steward, round_):  # type: ignore[no-untyped-def]
    url = f"/api/v1/collaboratives/{collaborative.slug}/survey-rounds/{round_.pk}/results"
    got = Client().get(url, **bearer(steward))
    assert got.status_code == 200, got.content
    return got.json()


def _history(doc, group="all", key=""):  # type: ignore[no-untyped-def]
    return next(
        r
        for r in doc["instruments"][0]["rows"]
        if r["group"] == group and r["group_key"] == key and r["key"] in ("history", "")
    )


def _round_with(access, orgs, title, plan):  # type: ignore[no-untyped-def]
    """plan: (sector, history-1 value) per respondent; returns the round and unused tokens."""
    round_ = open_round(access, [FACTORS], title=title)
    people = [(f"{title[:3]}{n}@x.org".lower(), orgs[s]) for n, (s, _v) in enumerate(plan)]
    extra = [(f"{title[:3]}-late{n}@x.org".lower(), orgs["police"]) for n in range(3)]
    tokens = invite(access, round_, people + extra)
    for (email, _org), (_s, value) in zip(people, plan, strict=True):
        answer(tokens[email], {FACTORS: {"history-1": value}})
    return round_, [tokens[email] for email, _org in extra]


def _aggregating(queries) -> bool:  # type: ignore[no-untyped-def]
    """Whether the round's answers were aggregated (not read from its tally)."""
    return any("WITH m (ins, item, factor, category)" in q["sql"] for q in queries)


def _counting(queries) -> bool:  # type: ignore[no-untyped-def]
    """Whether scores were computed (from the tally or the answers), not read from the cache."""
    return _aggregating(queries) or any('FROM "surveys_tally"' in q["sql"] for q in queries)


def test_a_new_finished_response_shows_at_once_and_replaces_the_cached_state(
    collaborative, steward, orgs
) -> None:
    access = steward_access(collaborative, steward)
    round_, late = _round_with(access, orgs, "Spring", [("health", 5)] * 3 + [("police", 2)] * 3)
    with CaptureQueriesContext(connection) as q:
        first = _history(_results(collaborative, steward, round_))
    assert _counting(q.captured_queries) and not _aggregating(q.captured_queries)  # the tally
    assert (first["respondents"], first["mean"]) == (6, 3.5)
    with CaptureQueriesContext(connection) as q:
        again = _history(_results(collaborative, steward, round_))
    assert again == first and not _counting(q.captured_queries)  # read from the cache
    answer(late[0], {FACTORS: {"history-1": 1}})
    with CaptureQueriesContext(connection) as q:
        now = _history(_results(collaborative, steward, round_))
    assert _counting(q.captured_queries) and not _aggregating(q.captured_queries)
    assert (now["respondents"], now["mean"]) == (7, 22 / 7)
    # The police sector went from 3 to 4 respondents, its score with them.
    police = _history(_results(collaborative, steward, round_), "sector", "police_justice")
    assert (police["respondents"], police["mean"]) == (4, 7 / 4)
    names, _found = cache.get(tallies._key(round_))
    assert names.split("/")[1] == "7"  # one entry for the round, holding its latest state only


def test_closing_reopening_and_the_floor_show_at_once(collaborative, steward, orgs) -> None:
    access = steward_access(collaborative, steward)
    round_, late = _round_with(access, orgs, "Autumn", [("health", 4)] * 3 + [("police", 2)] * 3)
    assert _results(collaborative, steward, round_)["status"] == "open"
    round_services.round_close(access=access, round_id=round_.pk)
    assert _results(collaborative, steward, round_)["status"] == "closed"
    round_services.round_reopen(
        access=access,
        round_id=round_.pk,
        closes_on=dt.date.today() + dt.timedelta(days=3),
        reason="late partners",
    )
    assert _results(collaborative, steward, round_)["status"] == "open"
    answer(late[0], {FACTORS: {"history-1": 2}})
    doc = _results(collaborative, steward, round_)
    assert _history(doc)["respondents"] == 7
    police = _history(doc, "sector", "police_justice")
    assert police["hidden"] == "" and police["respondents"] == 4
    # Raising the floor to 5 hides the police (4) and, with it, health (3); nothing recomputed.
    collaborative_update(access=steward_access(collaborative, steward), min_group_size=5)
    with CaptureQueriesContext(connection) as q:
        doc = _results(collaborative, steward, round_)
    assert not _counting(q.captured_queries)
    assert _history(doc, "sector", "police_justice")["hidden"] == "small"
    assert _history(doc, "sector", "health")["hidden"] == "small"
    assert _history(doc)["mean"] == pytest.approx(20 / 7)
    collaborative_update(access=steward_access(collaborative, steward), min_group_size=8)
    assert _results(collaborative, steward, round_)["instruments"][0]["shown"] is False
    collaborative_update(access=steward_access(collaborative, steward), min_group_size=3)
    assert _history(_results(collaborative, steward, round_), "sector", "health")["hidden"] == ""


def test_an_answer_to_the_round_compared_with_moves_the_change(
    collaborative, steward, orgs
) -> None:
    access = steward_access(collaborative, steward)
    before, late = _round_with(access, orgs, "Last year", [("health", 2)] * 3)
    Round.objects.filter(pk=before.pk).update(opens_on=dt.date.today() - dt.timedelta(days=30))
    now, _late = _round_with(access, orgs, "This year", [("health", 4)] * 3)
    change = next(
        r
        for r in _results(collaborative, steward, now)["instruments"][0]["rows"]
        if r["group"] == "all" and r["key"] == "history"
    )["change"]
    assert change == pytest.approx(2.0)
    answer(late[0], {FACTORS: {"history-1": 4}})  # last year's round is still open
    change = next(
        r
        for r in _results(collaborative, steward, now)["instruments"][0]["rows"]
        if r["group"] == "all" and r["key"] == "history"
    )["change"]
    assert change == pytest.approx(4 - 10 / 4)


def test_a_sector_s_new_name_shows_at_once(steward_client, collaborative, steward, orgs) -> None:
    from braid.partners.services import custom_sector_add

    access = steward_access(collaborative, steward)
    orgs["health"].sector = "wellbeing"  # a code no sector had yet
    orgs["health"].save(update_fields=["sector"])
    round_, _late = _round_with(access, orgs, "Winter", [("health", 4)] * 3)
    url = f"/c/{collaborative.slug}/surveys/{round_.pk}/results/"
    assert '<th scope="row">wellbeing</th>' in steward_client.get(url).content.decode()
    custom_sector_add(access=access, code="wellbeing", label="Well-being")
    assert '<th scope="row">Well-being</th>' in steward_client.get(url).content.decode()


def test_the_page_is_kept_per_reader_and_each_form_gets_its_own_csrf_field(
    steward_client, viewer_client, collaborative, steward, orgs
) -> None:
    access = steward_access(collaborative, steward)
    round_, late = _round_with(access, orgs, "Summer", [("health", 4)] * 3 + [("police", 2)] * 3)
    round_services.round_close(access=access, round_id=round_.pk)
    url = f"/c/{collaborative.slug}/surveys/{round_.pk}/results/"
    for _ in range(2):  # built, then read from the cache
        page = steward_client.get(url).content.decode()
        assert "6 respondents" in page and "<!--csrf-->" not in page
        body = page.split("<h1>Results</h1>")[1]
        forms = body.count('<form method="post"')
        assert body.count("Add to the next meeting") >= 1 and body.count("Keep as a lesson") >= 1
        assert body.count('name="csrfmiddlewaretoken"') == forms
        seen = viewer_client.get(url).content.decode()
        assert "6 respondents" in seen and "Add to the next meeting" not in seen
    round_services.round_reopen(
        access=access,
        round_id=round_.pk,
        closes_on=dt.date.today() + dt.timedelta(days=3),
        reason="late partners",
    )
    answer(late[0], {FACTORS: {"history-1": 2}})
    page = steward_client.get(url).content.decode()
    assert "7 respondents" in page and "still open" in page
    assert "shared once the round is closed" in viewer_client.get(url).content.decode()
