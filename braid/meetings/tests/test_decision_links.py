"""What a decision changes: activities, indicators, common agenda versions and terms of
reference (read through braid.agenda's selectors), refused from another collaborative; and
the decision page draws each indicator's curve with the measures app's own chart."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from braid.agenda.models import AgendaVersion, TermsVersion
from braid.agenda.terms import selectors as terms_selectors
from braid.collaboratives.access import access_for
from braid.core.errors import ServiceError
from braid.measures import present
from braid.measures.selectors import scorecard
from braid.measures.tests.factories import disclosure_scenario
from braid.meetings import decisions
from braid.meetings.models import Decision


def _terms(collaborative, number):  # type: ignore[no-untyped-def]
    return TermsVersion.objects.create(
        collaborative=collaborative,
        number=number,
        title="Terms of reference",
        effective_from=dt.date(2026, 1, 1),
    )


def test_issued_terms_newest_first_and_own_collaborative_only(
    collaborative, other_collaborative, steward
):  # type: ignore[no-untyped-def]
    _terms(collaborative, 1)
    _terms(collaborative, 2)
    _terms(other_collaborative, 1)
    issued = terms_selectors.issued(access_for(steward, "riverside"))
    assert [(t.collaborative_id, t.number) for t in issued] == [
        (collaborative.pk, 2),
        (collaborative.pk, 1),
    ]


def test_decision_links_agenda_and_terms_and_draws_the_curve(
    collaborative, organisation, steward, steward_client
):  # type: ignore[no-untyped-def]
    served = disclosure_scenario(collaborative, organisation)["served"]
    version = AgendaVersion.objects.create(collaborative=collaborative, number=3)
    terms = _terms(collaborative, 2)
    d = decisions.decision_record(
        access=access_for(steward, "riverside"),
        title="Adopt the revised agenda and terms",
        method="consensus",
        decided_on=dt.date(2026, 2, 15),
        indicator_ids=[served.pk],
        agenda_version_ids=[version.pk],
        terms_version_ids=[terms.pk],
    )
    assert list(d.agenda_versions.all()) == [version] and list(d.terms_versions.all()) == [terms]
    page = steward_client.get(reverse("meetings:decision", args=["riverside", d.pk]))
    text = page.content.decode()
    assert "version 3" in text and "Terms of reference v2" in text
    assert reverse("agenda:terms_version", args=["riverside", 2]) in text
    # the link opens the history at that very version
    history_link = reverse("agenda:agenda_history", args=["riverside"]) + "#version-3"
    assert history_link in text
    history = steward_client.get(reverse("agenda:agenda_history", args=["riverside"]))
    assert 'id="version-3"' in history.content.decode()
    spec = page.context["curves"][0]["spec"]
    assert f'id="curve-{served.pk}"' in text and "vega-lite" in text
    # the measures app's chart, unchanged but for the window: from the last period with a
    # figure before the decision (January, the scenario's only one) on
    [row] = scorecard(access_for(steward, "riverside"), indicator_id=served.pk)
    whole = present.chart_spec(row)
    assert {k: v for k, v in spec.items() if k != "data"} == {
        k: v for k, v in whole.items() if k != "data"
    }
    assert spec["data"]["values"] == [
        v for v in whole["data"]["values"] if v["period"] >= "2026-01-01"
    ]
    assert spec["data"]["values"]  # January's figure is drawn
    api = steward_client.get(f"/api/v1/collaboratives/riverside/decisions/{d.pk}").json()
    assert api["agenda_version_ids"] == [version.pk] and api["terms_version_ids"] == [terms.pk]


def test_links_from_another_collaborative_are_refused(collaborative, other_collaborative, steward):  # type: ignore[no-untyped-def]
    theirs = AgendaVersion.objects.create(collaborative=other_collaborative, number=1)
    their_terms = _terms(other_collaborative, 1)
    with pytest.raises(ServiceError) as e:
        decisions.decision_record(
            access=access_for(steward, "riverside"),
            title="Sneak",
            method="consensus",
            agenda_version_ids=[theirs.pk],
            terms_version_ids=[their_terms.pk],
        )
    assert {p.field for p in e.value.problems} >= {"agenda_version_ids", "terms_version_ids"}
    assert not Decision.objects.filter(title="Sneak").exists()
