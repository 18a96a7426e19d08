"""The network map page: the "works together on" network from the action plan, its measures
(equal to the library's, which equals networkx), filters, the ties as a table and the SVG."""

from __future__ import annotations

import pytest
from django.urls import reverse

from braid.agenda.tests.factories import make_activity
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.networks import selectors


@pytest.fixture
def plan(collaborative):
    """Police leads two activities, with Schools on both and Health on one; Parks leads one
    alone with nobody; a cancelled activity ties nobody."""
    org = {
        name: OrganisationFactory(collaborative=collaborative, name=name, sector=sector)
        for name, sector in [
            ("Police", "police_justice"),
            ("Schools", "education"),
            ("Health", "health"),
            ("Parks", "city_planning"),
        ]
    }
    a = make_activity(collaborative, org["Police"], title="Mentoring")
    a.supporters.set([org["Schools"], org["Health"]])
    b = make_activity(collaborative, org["Police"], title="After school")
    b.supporters.set([org["Schools"]])
    make_activity(collaborative, org["Parks"], title="Summer jobs")
    c = make_activity(collaborative, org["Parks"], title="Dropped", status="cancelled")
    c.supporters.set([org["Police"]])
    return org


def url(collaborative, **query):
    base = reverse("networks:map", args=[collaborative.slug])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_activity_network_ties_those_who_share_activities(collaborative, plan, steward):
    from braid.collaboratives.access import access_for

    network = selectors.activity_network(access_for(steward, collaborative.slug))
    names = {n.id: n.name for n in network.nodes}
    ties = {(names[t.source], names[t.target]): t.count for t in network.ties}
    assert {tuple(sorted(k)): v for k, v in ties.items()} == {
        ("Police", "Schools"): 2,
        ("Health", "Police"): 1,
        ("Health", "Schools"): 1,
    }
    assert network.measures.nodes == 4 and network.measures.ties == 3
    # A triangle and an isolate: density 3 / 6; Parks out on its own.
    assert network.measures.density == pytest.approx(0.5)
    assert network.measures.components == (3, 1)
    assert network.measures.key_players == ()


def test_map_page_shows_measures_tables_and_a_spec(steward_client, collaborative, plan):
    response = steward_client.get(url(collaborative))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-vega="network-spec"' in body
    assert "Density" in body and "0.50" in body
    assert "2 shared activities" in body
    assert body.count("<tr><td>") >= 3  # three ties listed


def test_filter_by_sector_keeps_its_ties_only(steward_client, collaborative, plan):
    response = steward_client.get(url(collaborative, sector="health"))
    ties = response.context["ties"]
    assert {(t.source, t.target) for t in ties} == {
        ("Police", "Health"),
        ("Schools", "Health"),
    } or {tuple(sorted((t.source, t.target))) for t in ties} == {
        ("Health", "Police"),
        ("Health", "Schools"),
    }
    # The measures are the whole network's, whatever the filter.
    assert response.context["network"].measures.ties == 3
    response = steward_client.get(url(collaborative, level=2))
    assert [tuple(sorted((t.source, t.target))) for t in response.context["ties"]] == [
        ("Police", "Schools")
    ]


def test_bad_filters_fall_back_instead_of_failing(steward_client, collaborative, plan):
    response = steward_client.get(url(collaborative, level="x", kind="nope", sector="zzz"))
    assert response.status_code == 200
    assert response.context["ties"] == []


def test_svg_and_french(steward_client, collaborative, plan):
    response = steward_client.get(reverse("networks:map_svg", args=[collaborative.slug]))
    assert response["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in response.content and b"Police" in response.content
    response = steward_client.get(url(collaborative), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200


def test_empty_network_says_what_to_do(steward_client, collaborative):
    body = steward_client.get(url(collaborative)).content.decode()
    assert "Add activities to the action plan" in body


def test_viewer_and_partner_see_the_map(viewer_client, partner_client, collaborative, plan):
    assert viewer_client.get(url(collaborative)).status_code == 200
    assert partner_client.get(url(collaborative)).status_code == 200


def test_co_attendance_network(steward, steward_client, collaborative, plan):
    import datetime as dt

    from braid.meetings.models import Attendance
    from braid.meetings.tests.factories import make_meeting

    today = dt.date.today()
    m1 = make_meeting(steward, collaborative, date=today - dt.timedelta(days=30), title="One")
    m2 = make_meeting(steward, collaborative, date=today - dt.timedelta(days=60), title="Two")
    for meeting, present in [(m1, ["Police", "Schools", "Health"]), (m2, ["Police", "Schools"])]:
        for name in present:
            Attendance.objects.create(
                collaborative=collaborative,
                meeting=meeting,
                organisation=plan[name],
                status="present",
            )
    Attendance.objects.create(
        collaborative=collaborative, meeting=m1, organisation=plan["Parks"], status="apologies"
    )
    response = steward_client.get(url(collaborative, kind="attendance"))
    network = response.context["network"]
    names = {n.id: n.name for n in network.nodes}
    ties = {tuple(sorted((names[t.source], names[t.target]))): t.count for t in network.ties}
    assert ties == {("Police", "Schools"): 2, ("Health", "Police"): 1, ("Health", "Schools"): 1}
    assert "1 or 2 meetings together" in response.content.decode()


def test_a_sector_keeps_its_colour_in_both_languages_and_in_the_svg(collaborative, plan, steward):
    """The map colours a sector by its code, not by its label's place in the reader's
    alphabet: Police is the same colour in English, in French and in the report's SVG."""
    from django.utils import translation

    from braid.collaboratives.access import access_for
    from braid.lib.network import PALETTE
    from braid.networks.maps import map_spec, svg

    colours = {}
    for lang in ("en", "fr"):
        with translation.override(lang):
            network = selectors.activity_network(access_for(steward, collaborative.slug))
            scale = map_spec(network, network.nodes, network.ties)["layer"][1]["encoding"]
            scale = scale["color"]["scale"]
            labels = dict(zip(scale["domain"], scale["range"], strict=True))
            police = next(n.sector_label for n in network.nodes if n.name == "Police")
            colours[lang] = labels[police]
            assert colours[lang] in svg(network)
    # Codes in order: city_planning, education, health, police_justice.
    assert colours["en"] == colours["fr"] == PALETTE[3]


def test_names_never_run_out_of_the_map(collaborative, plan, steward):
    """A name beside a dot in the right half is written to the dot's left."""
    from braid.collaboratives.access import access_for
    from braid.networks.maps import map_spec

    network = selectors.activity_network(access_for(steward, collaborative.slug))
    layers = map_spec(network, network.nodes, network.ties)["layer"][2:]
    for layer in layers:
        for row in layer["data"]["values"]:
            assert (row["x"] > 0.5) == (layer["mark"]["align"] == "right")
    assert sum(len(layer["data"]["values"]) for layer in layers) == 4
