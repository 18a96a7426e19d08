"""The names of an indicator's dimensions and groups in both languages: one reader gives the
reader's language, else the other (marked), else the code; the form and the API refuse the
same wrong names with the same message; the codes never change."""

from __future__ import annotations

from django.urls import reverse

from braid.collaboratives.testing import bearer
from braid.measures.dimensions import label
from braid.measures.models import Indicator
from braid.measures.tests.factories import indicator

BASE = "/api/v1/collaboratives/riverside/indicators"
LABELS = {
    "sex": {"en": "Sex", "fr": "Sexe"},
    "sex=girls": {"en": "Girls", "fr": "Filles"},
    "sex=boys": {"en": "Boys"},  # no French yet
}


def _served(collaborative):  # type: ignore[no-untyped-def]
    return indicator(
        collaborative,
        "served",
        disaggregations={"sex": ["girls", "boys", "other"]},
        disaggregation_labels=LABELS,
    )


def test_the_reader_gets_their_language_then_the_other_then_the_code(collaborative):  # type: ignore[no-untyped-def]
    ind = _served(collaborative)
    assert (label(ind, "sex", lang="fr").text, label(ind, "sex", lang="en").text) == (
        "Sexe",
        "Sex",
    )
    girls = label(ind, "sex", "girls", lang="fr")
    assert (girls.text, girls.lang, girls.fallback) == ("Filles", "fr", False)
    boys = label(ind, "sex", "boys", lang="fr")  # English only: shown, marked as English
    assert (boys.text, boys.lang, boys.fallback) == ("Boys", "en", True)
    assert (
        str(boys)
        == '<span lang="en" class="other-lang">Boys</span> <span class="lang-mark">(in English)</span>'
    )
    other = label(ind, "sex", "other", lang="fr")  # no name at all: the code, unmarked
    assert (other.text, other.fallback) == ("other", False)


def _form(**extra: str) -> dict[str, str]:
    return {
        "code": "served",
        "name": "Served",
        "kind": "performance",
        "quadrant": "how_much",
        "decimals": "0",
        "direction": "up",
        "aggregation": "sum",
        "frequency": "monthly",
        "tier": "secondary",
        "version": "1",
        "dim-count": "1",
        "dim-0-name": "sex",
        "dim-0-values": "girls, boys, other",
        "action": "save",
        **extra,
    }


def test_the_form_saves_names_in_both_languages(steward_client, collaborative):  # type: ignore[no-untyped-def]
    ind = _served(collaborative)
    url = reverse("measures:indicator_edit", args=["riverside", ind.pk])
    page = steward_client.get(url).content.decode()
    assert 'name="dim-0-g-0-code" value="girls"' in page and 'value="Filles"' in page
    posted = _form(
        **{
            "dim-0-en": "Sex",
            "dim-0-fr": "Sexe",
            "dim-0-g-0-code": "girls",
            "dim-0-g-0-fr": " Filles ",
            "dim-0-g-1-code": "boys",
            "dim-0-g-1-fr": "Garçons",
        }
    )
    assert steward_client.post(url, posted).status_code == 302
    ind.refresh_from_db()
    assert ind.disaggregations == {"sex": ["girls", "boys", "other"]}  # the codes stay
    assert ind.disaggregation_labels == {
        "sex": {"en": "Sex", "fr": "Sexe"},
        "sex=girls": {"fr": "Filles"},
        "sex=boys": {"fr": "Garçons"},
    }


def test_form_and_api_refuse_a_too_long_name_with_the_same_message(
    client, steward, steward_client, collaborative
):  # type: ignore[no-untyped-def]
    ind = _served(collaborative)
    message = "The name of “sex=girls” is too long: keep it under 80 characters."
    url = reverse("measures:indicator_edit", args=["riverside", ind.pk])
    long = _form(**{"dim-0-g-0-code": "girls", "dim-0-g-0-fr": "F" * 81})
    page = steward_client.post(url, long)
    assert page.status_code == 400 and message in page.content.decode()
    answer = client.patch(
        f"{BASE}/{ind.pk}",
        {"disaggregation_labels": {"sex=girls": {"fr": "F" * 81}}},
        content_type="application/json",
        **bearer(steward),
    )
    assert answer.status_code == 400
    assert [e["message"] for e in answer.json()["errors"]] == [message]
    ind.refresh_from_db()
    assert ind.disaggregation_labels == LABELS and ind.version == 1


def test_the_api_names_only_declared_keys_and_carries_the_names(client, steward, collaborative):  # type: ignore[no-untyped-def]
    ind = _served(collaborative)
    wrong = client.patch(
        f"{BASE}/{ind.pk}",
        {"disaggregation_labels": {"age=12-15": {"en": "12 to 15"}}},
        content_type="application/json",
        **bearer(steward),
    )
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0]["message"] == (
        "“age=12-15” is not a declared dimension or group: name only those."
    )
    made = client.post(
        BASE,
        {
            "code": "age",
            "name": "By age",
            "disaggregations": {"age": ["12-15"]},
            "disaggregation_labels": {"age=12-15": {"en": "12 to 15", "fr": "12 à 15 ans"}},
        },
        content_type="application/json",
        **bearer(steward),
    )
    assert made.status_code == 201
    assert made.json()["disaggregation_labels"] == {
        "age=12-15": {"en": "12 to 15", "fr": "12 à 15 ans"}
    }
    # A group dropped takes its name with it.
    client.patch(
        f"{BASE}/{ind.pk}",
        {"disaggregations": {"sex": ["boys", "other"]}},
        content_type="application/json",
        **bearer(steward),
    )
    ind.refresh_from_db()
    assert ind.disaggregation_labels == {"sex": LABELS["sex"], "sex=boys": LABELS["sex=boys"]}


def test_another_collaboratives_steward_cannot_name_the_groups(
    client, outsider, outsider_client, collaborative
):  # type: ignore[no-untyped-def]
    ind = _served(collaborative)
    url = reverse("measures:indicator_edit", args=["riverside", ind.pk])
    assert outsider_client.post(url, _form(**{"dim-0-fr": "X"})).status_code == 404
    answer = client.patch(
        f"{BASE}/{ind.pk}",
        {"disaggregation_labels": {"sex": {"fr": "X"}}},
        content_type="application/json",
        **bearer(outsider),
    )
    assert answer.status_code == 404
    assert Indicator.objects.get(pk=ind.pk).disaggregation_labels == LABELS
