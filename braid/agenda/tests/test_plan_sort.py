"""Lists of bilingual content sort by the text the reader sees (`bilingual.sort_key`): the
action plan, the responsibility matrix and the activities a meeting or decision may aim at
are in French order for a French reader, English order for an English one."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import translation

from braid.agenda.governance.selectors import raci_matrix
from braid.agenda.tests.factories import make_activity
from braid.collaboratives.access import access_for
from braid.meetings.views import link_choices


def _two(collaborative, organisation):  # type: ignore[no-untyped-def]
    """Same start date, so the title decides; English and French orders are opposite."""
    day = dt.date(2026, 3, 1)
    make_activity(
        collaborative,
        lead=organisation,
        title="Workshops for parents",
        title_fr="Ateliers pour les parents",
        start=day,
    )
    make_activity(
        collaborative,
        lead=organisation,
        title="Bursaries for youth",
        title_fr="Bourses pour les jeunes",
        start=day,
    )


def test_the_plan_sorts_by_the_readers_language(steward_client, collaborative, organisation):  # type: ignore[no-untyped-def]
    _two(collaborative, organisation)
    url = reverse("agenda:plan", args=[collaborative.slug])
    french = steward_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert french.index("Ateliers pour les parents") < french.index("Bourses pour les jeunes")
    english = steward_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert english.index("Bursaries for youth") < english.index("Workshops for parents")


def test_the_matrix_and_the_link_choices_sort_by_the_readers_language(
    collaborative, steward, organisation
):  # type: ignore[no-untyped-def]
    _two(collaborative, organisation)
    make_activity(
        collaborative,
        lead=organisation,
        title="Extra-curricular",
        title_fr="Études",
        start=dt.date(2026, 3, 1),
    )
    access = access_for(steward, collaborative.slug)
    with translation.override("fr"):
        matrix = [str(a) for a in raci_matrix(access).activities]
        choices = [label for _pk, label in link_choices(access)["activities"]]
    assert matrix == choices == ["Ateliers pour les parents", "Bourses pour les jeunes", "Études"]
    with translation.override("en"):
        matrix = [str(a) for a in raci_matrix(access).activities]
    assert matrix == ["Bursaries for youth", "Extra-curricular", "Workshops for parents"]
