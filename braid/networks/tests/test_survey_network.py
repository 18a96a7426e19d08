"""The survey network, from surveys' network contract answered through the real services:
measures equal networkx on the same ratings, trust and value by hand, the response rate, pairs
that disagree, change between rounds on matched pairs, and the layout kept between rounds."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest
from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.networks import selectors
from braid.surveys.tests.helpers import NETWORK, answer, invite, open_round


@pytest.fixture
def orgs(collaborative):
    return {
        n: OrganisationFactory(collaborative=collaborative, name=n, sector=s)
        for n, s in [
            ("Police", "police_justice"),
            ("Schools", "education"),
            ("Health", "health"),
            ("Parks", "city_planning"),
        ]
    }


def run_round(access, orgs, title, ratings):
    """ratings: {rater: {ratee: level or dict}}; every organisation is invited."""
    round_ = open_round(access, [NETWORK], title=title)
    tokens = invite(access, round_, [(f"{n.lower()}@{title[-4:]}.org", o) for n, o in orgs.items()])
    for rater, given in ratings.items():
        answers = {
            str(orgs[ratee].pk): (v if isinstance(v, dict) else {"level": v})
            for ratee, v in given.items()
        }
        answer(tokens[f"{rater.lower()}@{title[-4:]}.org"], {NETWORK: answers})
    return round_


@pytest.fixture
def two_rounds(collaborative, steward, orgs):
    access = access_for(steward, collaborative.slug)
    first = run_round(
        access,
        orgs,
        "Network 2025",
        {
            "Police": {"Schools": {"level": 1, "reliability": 4, "mission": 4, "openness": 1}},
            "Schools": {"Police": {"level": 3, "reliability": 2}, "Health": 2},
            "Health": {"Schools": 2, "Police": 0},
            # Parks does not answer.
        },
    )
    second = run_round(
        access,
        orgs,
        "Network 2026",
        {
            "Police": {"Schools": 3, "Health": 2},
            "Schools": {"Police": 3, "Health": 0},
            "Health": {"Schools": 1, "Police": 2, "Parks": 1},
            "Parks": {"Health": 1},
        },
    )
    return access, first, second


def test_measures_equal_networkx_and_trust_by_hand(two_rounds, orgs):
    access, first, _second = two_rounds
    network = selectors.network_of(access, selectors.SURVEY, first.pk)
    assert network.round_id == first.pk and network.directed
    ids = {n: o.pk for n, o in orgs.items()}
    g = nx.DiGraph()
    g.add_nodes_from(ids.values())
    g.add_edges_from(
        [
            (ids["Police"], ids["Schools"]),
            (ids["Schools"], ids["Police"]),
            (ids["Schools"], ids["Health"]),
            (ids["Health"], ids["Schools"]),
        ]
    )  # Health→Police is 0: rated, no tie
    m = network.measures
    assert m.nodes == 4 and m.ties == 4
    assert m.density == pytest.approx(nx.density(g))
    assert m.reciprocity == pytest.approx(nx.overall_reciprocity(g))
    between = nx.betweenness_centrality(g)
    for o in m.organisations:
        assert o.betweenness == pytest.approx(between[o.node])
        assert o.degree == g.degree(o.node)
    by = m.by_node()
    # Schools is rated by Police: trust (4 + 4 + 1) / 3 = 3; Police by Schools: trust 2.
    assert by[ids["Schools"]].trust == pytest.approx(3.0)
    assert by[ids["Police"]].trust == pytest.approx(2.0)
    assert by[ids["Schools"]].key_player  # the only way from Police to Health
    assert (network.invited, network.responded) == (4, 3)


def test_pairs_that_disagree(two_rounds, orgs):
    access, first, _ = two_rounds
    network = selectors.network_of(access, selectors.SURVEY, first.pk)
    rows = selectors.disagreeing_pairs(network)
    assert [(r.a.name, r.b.name, r.gap) for r in rows] in (
        [("Police", "Schools", 2)],
        [("Schools", "Police", 2)],
    )


def test_change_between_rounds_on_matched_pairs(two_rounds, orgs):
    access, first, second = two_rounds
    before = selectors.network_of(access, selectors.SURVEY, first.pk)
    after = selectors.network_of(access, selectors.SURVEY, second.pk)
    result = selectors.waves(before, after)
    kinds = {tuple(sorted((c.a.name, c.b.name))): c.kind for c in result.changes}
    # Police–Schools (1+3)/2 = 2 → 3 raised; Schools–Health 2 → (0+1)/2 lowered;
    # Police–Health (0) → (2+2)/2 gained; Health–Parks only in round 2: not matched.
    assert kinds == {
        ("Police", "Schools"): "raised",
        ("Health", "Schools"): "lowered",
        ("Health", "Police"): "gained",
    }
    assert result.counts["gained"] == 1 and result.counts["lost"] == 0


def test_layout_of_the_second_round_starts_from_the_first(two_rounds, orgs):
    access, first, second = two_rounds
    before = selectors.network_of(access, selectors.SURVEY, first.pk)
    again = selectors.network_of(access, selectors.SURVEY, first.pk)
    assert before.positions == again.positions  # stable between visits
    after = selectors.network_of(access, selectors.SURVEY, second.pk)
    assert set(after.positions) == set(before.positions)


def test_pages(steward_client, collaborative, two_rounds):
    _access, first, second = two_rounds
    slug = collaborative.slug
    body = steward_client.get(
        reverse("networks:map", args=[slug]) + f"?kind=survey&round={first.pk}"
    ).content.decode()
    assert "3 of 4 invited organisations answered this round." in body
    assert "key player" in body
    body = steward_client.get(
        reverse("networks:pairs", args=[slug]) + f"?round={first.pk}"
    ).content.decode()
    assert "Police – Schools" in body or "Schools – Police" in body
    response = steward_client.get(reverse("networks:change", args=[slug]))
    assert response.context["before_id"] == first.pk and response.context["after_id"] == second.pk
    body = response.content.decode()
    assert "1 tie gained" in body and 'data-change="raised"' in body


def test_empty_pages_say_what_to_do(steward_client, collaborative):
    slug = collaborative.slug
    assert (
        "Run a survey round"
        in steward_client.get(reverse("networks:pairs", args=[slug])).content.decode()
    )
    assert (
        "Change needs two"
        in steward_client.get(reverse("networks:change", args=[slug])).content.decode()
    )


def test_a_pair_goes_on_the_next_meetings_agenda(
    steward_client, steward, collaborative, two_rounds, orgs
):
    from braid.meetings.models import AgendaItem
    from braid.meetings.tests.factories import make_meeting

    _access, first, _ = two_rounds
    url = reverse("networks:pair_agenda", args=[collaborative.slug])
    data = {"round": first.pk, "a": orgs["Police"].pk, "b": orgs["Schools"].pk}
    response = steward_client.post(url, data, follow=True)
    assert "No meeting is scheduled yet" in response.content.decode()
    make_meeting(steward, collaborative, date=dt.date.today() + dt.timedelta(days=7))
    response = steward_client.post(url, data, follow=True)
    assert "Added to the agenda of Steering committee." in response.content.decode()
    item = AgendaItem.objects.get()
    assert item.title == "How Police and Schools see their collaboration"
    assert item.purpose == "discussion" and "/network/pairs/" in item.link_url
    # A pair that does not disagree is not a pair of this page.
    data = {"round": first.pk, "a": orgs["Health"].pk, "b": orgs["Schools"].pk}
    assert steward_client.post(url, data).status_code == 404


def test_viewer_cannot_propose(viewer_client, collaborative, two_rounds, orgs):
    _access, first, _ = two_rounds
    url = reverse("networks:pair_agenda", args=[collaborative.slug])
    data = {"round": first.pk, "a": orgs["Police"].pk, "b": orgs["Schools"].pk}
    body = viewer_client.get(reverse("networks:pairs", args=[collaborative.slug])).content.decode()
    assert "next meeting's agenda" not in body
    assert viewer_client.post(url, data).status_code in (302, 403)


def test_map_sizes_points_by_degree_or_by_value_without_javascript(
    steward_client, collaborative, steward, orgs
):
    access = access_for(steward, collaborative.slug)
    round_ = run_round(
        access,
        orgs,
        "Network with value",
        {
            "Police": {"Schools": {"level": 2, "power": 4, "involvement": 4, "resources": 1}},
            "Schools": {"Police": 1, "Health": 2},
        },
    )
    url = reverse("networks:map", args=[collaborative.slug]) + f"?kind=survey&round={round_.pk}"

    def sizes(response):  # type: ignore[no-untyped-def]
        rows = response.context["spec"]["layer"][1]["data"]["values"]
        return {r["name"]: r["size"] for r in rows}

    by_degree = steward_client.get(url)
    assert by_degree.context["size_by"] == "degree"
    assert 'name="size"' in by_degree.content.decode()
    assert sizes(by_degree)["Schools"] == 3  # rated by Police, rates Police and Health
    by_value = steward_client.get(url + "&size=value")
    assert by_value.context["size_by"] == "value"
    assert sizes(by_value)["Schools"] == 3.0  # (4 + 4 + 1) / 3 from Police
    assert sizes(by_value)["Health"] == 0  # rated, but not for value
    assert "size the value its raters give it" in by_value.content.decode()
    assert steward_client.get(url + "&size=nonsense").context["size_by"] == "degree"


def test_a_pair_that_disagrees_becomes_a_lesson(steward_client, collaborative, two_rounds, orgs):
    """ "Add as a lesson" from the pairs page: the form starts from the pair, and the lesson
    keeps a link back to the round's pairs (written by the module's own entry_add)."""
    from braid.networks.models import LogEntry

    _access, first, _ = two_rounds
    slug = collaborative.slug
    body = steward_client.get(
        reverse("networks:pairs", args=[slug]) + f"?round={first.pk}"
    ).content.decode()
    police, schools = orgs["Police"].pk, orgs["Schools"].pk
    assert "Add as a lesson" in body
    assert f"from=pair&amp;round={first.pk}&amp;a={police}&amp;b={schools}" in body
    url = reverse("networks:lesson_new", args=[slug])
    url += f"?kind=lesson&from=pair&round={first.pk}&a={police}&b={schools}"
    response = steward_client.get(url)
    form = response.context["form"]
    assert form.initial["title"] == "How Police and Schools see their collaboration"
    assert (
        "Police rated the collaboration 1 and Schools rated it 3" in form.initial["what_happened"]
    )
    assert form.initial["happened_on"] <= dt.date.today()
    assert "Pairs that see it differently · " in response.content.decode()
    response = steward_client.post(
        url,
        {
            "title": "Police and Schools see it differently",
            "happened_on": dt.date.today().isoformat(),
            "what_happened": form.initial["what_happened"],
            "learned": "Police counts referrals; Schools counts joint planning.",
            "visibility": "members",
        },
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get()
    assert entry.source_url == reverse("networks:pairs", args=[slug]) + f"?round={first.pk}"
    assert entry.source_label.startswith("Pairs that see it differently · ")
    log = steward_client.get(reverse("networks:lessons", args=[slug])).content.decode()
    assert "Recorded from" in log and entry.source_url in log
    # A pair that does not disagree, or of another round, is no source.
    health, schools_ = orgs["Health"].pk, orgs["Schools"].pk
    bad = reverse("networks:lesson_new", args=[slug])
    bad += f"?kind=lesson&from=pair&round={first.pk}&a={health}&b={schools_}"
    assert steward_client.get(bad).status_code == 404
    assert steward_client.get(bad.replace("from=pair", "from=nothing")).status_code == 404


def test_viewer_gets_no_lesson_link_from_pairs(viewer_client, collaborative, two_rounds, orgs):
    _access, first, _ = two_rounds
    slug = collaborative.slug
    body = viewer_client.get(reverse("networks:pairs", args=[slug])).content.decode()
    assert "Add as a lesson" not in body
    url = reverse("networks:lesson_new", args=[slug])
    url += f"?kind=lesson&from=pair&round={first.pk}&a={orgs['Police'].pk}&b={orgs['Schools'].pk}"
    assert viewer_client.get(url).status_code in (302, 403)
