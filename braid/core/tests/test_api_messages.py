"""The API's validation errors (422) name the field and say what to write, in the reader's
language: the request's Accept-Language, else the user's preferred language."""

from __future__ import annotations

import pytest
from django.utils import translation

from braid.collaboratives.testing import bearer
from braid.core.api_messages import _table, message


def _errors(client, user, collaborative, body, **headers):  # type: ignore[no-untyped-def]
    url = f"/api/v1/collaboratives/{collaborative.slug}/periods/schedule"
    response = client.post(url, body, content_type="application/json", **bearer(user), **headers)
    assert response.status_code == 422
    data = response.json()
    return data["detail"], {e["field"]: e["message"] for e in data["errors"]}


BAD = {"frequency": "hourly", "first": "2027-13-01", "count": 2.5, "colour": "blue"}


def test_a_french_reader_gets_french_messages_naming_each_field(client, steward, collaborative):  # type: ignore[no-untyped-def]
    detail, errors = _errors(client, steward, collaborative, BAD, HTTP_ACCEPT_LANGUAGE="fr")
    assert detail == "Des champs manquent ou sont invalides : voyez errors."
    assert errors == {
        "frequency": "« hourly » n’est pas un choix possible pour frequency : choisissez parmi "
        "monthly, quarterly, annual, school_year.",
        "first": "first doit être une date écrite AAAA-MM-JJ, p. ex. 2026-03-31.",
        "count": "count doit être un nombre entier.",
        "colour": "colour n’est pas un champ ici : retirez-le.",
    }


def test_without_accept_language_the_users_own_language_is_read(client, steward, collaborative):  # type: ignore[no-untyped-def]
    steward.preferred_language = "fr"
    steward.save(update_fields=["preferred_language"])
    _detail, errors = _errors(client, steward, collaborative, {"frequency": "monthly"})
    assert errors["first"] == "first est obligatoire."
    _detail, english = _errors(
        client, steward, collaborative, {"frequency": "monthly"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english["first"] == "first is required."


def test_an_english_reader_gets_english(client, steward, collaborative):  # type: ignore[no-untyped-def]
    detail, errors = _errors(client, steward, collaborative, BAD, HTTP_ACCEPT_LANGUAGE="en")
    assert detail == "Some fields are missing or invalid; see errors."
    assert errors["first"] == "first must be a date written YYYY-MM-DD, e.g. 2026-03-31."


CTX = {"ge": 1, "gt": 0, "le": 9, "lt": 10, "min_length": 2, "max_length": 3}
CTX |= {"multiple_of": 5, "expected": "'a' or 'b'", "error": "nope"}


@pytest.mark.parametrize("kind", sorted(_table()))
def test_every_error_type_in_the_table_names_the_field_and_is_french(kind):  # type: ignore[no-untyped-def]
    item = {"type": kind, "input": "xyz", "ctx": CTX, "msg": "pydantic's own"}
    with translation.override("en"):
        english = message(item, "when")
    with translation.override("fr"):
        french = message(item, "when")
    assert "when" in english and "when" in french
    assert "pydantic's own" not in english
    if kind != "value_error":  # a validator's own message is already in the reader's words
        assert french != english
