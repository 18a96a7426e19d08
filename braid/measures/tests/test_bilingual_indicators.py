"""Indicator names and definitions in both languages: either name will do, each reader gets
theirs (or the other one, marked), and the framework file carries both."""

from __future__ import annotations

import io

from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.collaboratives.testing import bearer
from braid.measures.framework import export_framework, import_framework
from braid.measures.models import Indicator
from braid.measures.tests.factories import indicator

BASE = "/api/v1/collaboratives/riverside/indicators"


def test_an_indicator_may_be_named_in_french_only_but_not_in_neither(client, steward):  # type: ignore[no-untyped-def]
    made = client.post(
        BASE,
        {"code": "jeunes", "name_fr": "Jeunes accompagnés", "definition_fr": "Les jeunes suivis."},
        content_type="application/json",
        **bearer(steward),
    )
    assert made.status_code == 201
    assert (made.json()["name"], made.json()["name_fr"]) == ("", "Jeunes accompagnés")
    nameless = client.post(
        BASE, {"code": "none", "name": " "}, content_type="application/json", **bearer(steward)
    )
    assert nameless.status_code == 400
    assert [e["field"] for e in nameless.json()["errors"]] == ["name"]
    assert Indicator.objects.count() == 1


def test_pages_show_the_readers_name_and_definition_and_mark_the_other(
    steward_client, collaborative
):  # type: ignore[no-untyped-def]
    ind = indicator(
        collaborative,
        "served",
        name="Youth served",
        name_fr="Jeunes servis",
        definition="Every young person served once.",
    )
    url = reverse("measures:indicator", args=["riverside", ind.pk])
    french = steward_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<h1>Jeunes servis <span" in french and "<title>Jeunes servis" in french
    assert '<span lang="en" class="other-lang">Every young person served once.</span>' in french
    english = steward_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Youth served <span" in english and "Jeunes servis" not in english
    card = steward_client.get(
        reverse("measures:scorecard", args=["riverside"]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert ">Jeunes servis</a>" in card


def test_the_framework_file_carries_both_languages(steward, collaborative):  # type: ignore[no-untyped-def]
    indicator(collaborative, "served", name="Youth served", name_fr="Jeunes servis")
    access = access_for(steward, "riverside")
    out = io.StringIO()
    export_framework(access=access, fmt="csv", fileobj=out)
    text = out.getvalue()
    header = text.splitlines()[0].split(",")
    assert "name_fr" in header and "definition_fr" in header
    assert "Jeunes servis" in text
    changed = text.replace("Jeunes servis", "Jeunes desservis")
    result = import_framework(access=access, source=io.BytesIO(changed.encode()), filename="f.csv")
    assert not result.problems
    assert Indicator.objects.get(code="served").name_fr == "Jeunes desservis"
