"""An indicator's unit in both languages (ADR 0015): the chart's y-axis and the entry sheet
give the reader's (or the other, marked where the page can mark it), the API and the framework
file carry both, and a percentage is "%" in either language."""

from __future__ import annotations

import io
import json
import re

from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.collaboratives.testing import bearer
from braid.measures.framework import export_framework, import_framework
from braid.measures.models import Aggregation, Indicator
from braid.measures.tests.factories import indicator

BASE = "/api/v1/collaboratives/riverside/indicators"


def _axis(page: str) -> object:
    """The y-axis title of the indicator page's chart."""
    found = re.search(r'<script id="ind-spec" type="application/json">(.*?)</script>', page, re.S)
    assert found is not None
    return json.loads(found.group(1))["layer"][0]["encoding"]["y"]["title"]


def test_the_chart_axis_is_in_the_readers_language(steward_client, collaborative):  # type: ignore[no-untyped-def]
    ind = indicator(collaborative, "served", unit="young people", unit_fr="jeunes")
    url = reverse("measures:indicator", args=["riverside", ind.pk])
    assert _axis(steward_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()) == "jeunes"
    english = steward_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _axis(english) == "young people"


def test_a_unit_written_in_one_language_is_the_other_readers_too(collaborative):  # type: ignore[no-untyped-def]
    only_fr = indicator(collaborative, "visits", unit_fr="visites")
    from django.utils import translation

    with translation.override("en"):
        assert only_fr.shown_unit == "visites"  # better than no unit at all
    pct = indicator(collaborative, "share", aggregation=Aggregation.WEIGHTED_MEAN, unit_fr="x")
    with translation.override("fr"):
        assert pct.shown_unit == "%"


def test_the_api_takes_and_gives_both_units(client, steward):  # type: ignore[no-untyped-def]
    made = client.post(
        BASE,
        {"code": "served", "name": "Youth served", "unit": "youth", "unit_fr": "jeunes"},
        content_type="application/json",
        **bearer(steward),
    )
    assert made.status_code == 201, made.content
    assert (made.json()["unit"], made.json()["unit_fr"]) == ("youth", "jeunes")
    pk = made.json()["id"]
    changed = client.patch(
        f"{BASE}/{pk}",
        {"unit_fr": " jeunes suivis "},
        content_type="application/json",
        **bearer(steward),
    )
    assert changed.status_code == 200, changed.content
    assert Indicator.objects.get(pk=pk).unit_fr == "jeunes suivis"  # stripped, as `unit` is


def test_the_form_has_a_french_unit(steward_client, collaborative):  # type: ignore[no-untyped-def]
    ind = indicator(collaborative, "served", unit="youth", unit_fr="jeunes")
    url = reverse("measures:indicator_edit", args=["riverside", ind.pk])
    page = steward_client.get(url).content.decode()
    assert 'name="unit_fr"' in page and 'value="jeunes"' in page


def test_the_framework_file_carries_the_french_unit(steward, collaborative):  # type: ignore[no-untyped-def]
    indicator(collaborative, "served", name="Youth served", unit="youth", unit_fr="jeunes")
    access = access_for(steward, "riverside")
    out = io.StringIO()
    export_framework(access=access, fmt="csv", fileobj=out)
    text = out.getvalue()
    assert "unit_fr" in text.splitlines()[0].split(",")
    changed = text.replace(",jeunes,", ",jeunes suivis,")
    result = import_framework(access=access, source=io.BytesIO(changed.encode()), filename="f.csv")
    assert not result.problems
    assert Indicator.objects.get(code="served").unit_fr == "jeunes suivis"
