"""The value history: who changed which figure when, by which way, from what to what; each
reader sees what the disclosure policy lets it (stewards every organisation's, a partner its
own, other readers nothing); the import's audit line leads to its changes."""

from __future__ import annotations

import io

from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.collaboratives.audit import rendered
from braid.collaboratives.models import AuditEvent
from braid.collaboratives.testing import bearer, make_persona
from braid.measures.imports import import_values
from braid.measures.models import ValueHistory
from braid.measures.services import values_save


def _changed_by_form_and_file(collaborative, measures, partner, steward):  # type: ignore[no-untyped-def]
    """The partner types 12 then 15 in the form; the steward's file makes the police's 20 a 25."""
    served, period = measures["served"], measures["periods"][0]
    access = access_for(partner, collaborative.slug)
    for figure in ("12", "15"):
        values_save(
            access=access,
            organisation_id=measures["org"].pk,
            period_id=period.pk,
            values={(served.pk, ""): figure},
            reason="typed",
        )
    steward_access = access_for(steward, collaborative.slug)
    for figure in (20, 25):
        text = (
            f"indicator,organisation,period,value\nyouth-served,Riverside Police,2026-01,{figure}\n"
        )
        result = import_values(
            access=steward_access, source=io.BytesIO(text.encode()), filename="police.csv"
        )
        assert result.ok, result.problems


def test_each_way_is_kept_with_who_and_from_what_to_what(collaborative, measures, partner, steward):  # type: ignore[no-untyped-def]
    _changed_by_form_and_file(collaborative, measures, partner, steward)
    rows = ValueHistory.objects.order_by("pk").values_list(
        "organisation_id", "before", "after", "way", "changed_by_id"
    )
    assert list(rows) == [
        (measures["org"].pk, 12, 15, "form", partner.pk),
        (measures["police"].pk, 20, 25, "upload", steward.pk),
    ]


def test_the_api_post_and_the_command_line_are_named(
    client, collaborative, measures, steward, tmp_path
):  # type: ignore[no-untyped-def]
    from braid.measures.home import cli_import

    url = f"/api/v1/collaboratives/{collaborative.slug}/values"
    for figure in (3, 4):
        body = [
            {"indicator": "youth-served", "organisation": "Riverside Police"}
            | {"period": "2026-02", "value": figure}
        ]
        response = client.post(url, body, content_type="application/json", **bearer(steward))
        assert response.status_code == 200, response.json()
    path = tmp_path / "values.csv"
    path.write_text(
        "indicator,organisation,period,value\nyouth-served,Riverside Police,2026-02,6\n"
    )
    cli_import(access_for(steward, collaborative.slug), path, tmp_path / "problems.csv")
    ways = ValueHistory.objects.order_by("pk").values_list("before", "after", "way")
    assert list(ways) == [(3, 4, "api"), (4, 6, "cli")]


def test_stewards_see_every_change_a_partner_its_own_others_none(
    client, collaborative, measures, partner, steward, viewer
):  # type: ignore[no-untyped-def]
    _changed_by_form_and_file(collaborative, measures, partner, steward)
    other = make_persona(
        collaborative, "partner", organisation=measures["police"], email="police@example.org"
    )
    url = f"/api/v1/collaboratives/{collaborative.slug}/value-history"

    def seen(user):  # type: ignore[no-untyped-def]
        response = client.get(url, **bearer(user))
        assert response.status_code == 200
        return [(c["organisation"], c["before"], c["after"]) for c in response.json()["items"]]

    # Each figure's first entry (before None) follows its change, newest first.
    police = [("Riverside Police", 20, 25), ("Riverside Police", None, 20)]
    own = [(measures["org"].name, 12, 15), (measures["org"].name, None, 12)]
    assert seen(steward) == police + own
    assert seen(partner) == own
    assert seen(other) == police
    assert seen(viewer) == []


def test_the_page_filters_by_indicator_and_organisation_and_names_the_way(
    steward_client, partner_client, collaborative, measures, partner, steward
):  # type: ignore[no-untyped-def]
    _changed_by_form_and_file(collaborative, measures, partner, steward)
    url = reverse("measures:history", args=[collaborative.slug])
    page = steward_client.get(url, {"indicator": measures["served"].pk}).content.decode()
    assert "Riverside Police" in page and "File upload" in page and "Form" in page
    police_only = steward_client.get(url, {"organisation": measures["police"].pk})
    assert "Riverside Police" in police_only.content.decode()
    assert measures["org"].name not in police_only.content.decode().split("<tbody>")[1]
    mine = partner_client.get(url).content.decode()
    assert "Riverside Police" not in mine and "typed" in mine


def test_the_import_audit_line_leads_to_its_changes_and_the_indicator_page_to_its_history(
    steward_client, collaborative, measures, partner, steward
):  # type: ignore[no-untyped-def]
    _changed_by_form_and_file(collaborative, measures, partner, steward)
    line = AuditEvent.objects.filter(action="values.import").latest("pk")
    [shown] = rendered([line], collaborative.slug)
    assert shown["url"].startswith(reverse("measures:history", args=[collaborative.slug]))
    page = steward_client.get(shown["url"]).content.decode()
    body = page.split("<tbody>")[1]
    assert "Riverside Police" in body and measures["org"].name not in body  # that import only
    first = AuditEvent.objects.filter(action="values.import").earliest("pk")
    entered = steward_client.get(rendered([first], collaborative.slug)[0]["url"])
    body = entered.content.decode().split("<tbody>")[1]  # the figure it entered, only
    assert body.count("<tr>") == 1 and "Riverside Police" in body and "File upload" in body
    audit = steward_client.get(reverse("collaboratives:audit", args=[collaborative.slug]))
    assert shown["url"].replace("&", "&amp;") in audit.content.decode()
    indicator = steward_client.get(
        reverse("measures:indicator", args=[collaborative.slug, measures["served"].pk])
    )
    history = reverse("measures:history", args=[collaborative.slug])
    assert f"{history}?indicator={measures['served'].pk}" in indicator.content.decode()


def test_a_bad_filter_is_refused_in_the_api_and_ignored_on_the_page(
    client, steward_client, collaborative, steward
):  # type: ignore[no-untyped-def]
    url = f"/api/v1/collaboratives/{collaborative.slug}/value-history"
    assert client.get(url, {"changed_at": "yesterday"}, **bearer(steward)).status_code == 422
    assert client.get(url, {"limit": 0}, **bearer(steward)).status_code == 422
    page = reverse("measures:history", args=[collaborative.slug])
    assert steward_client.get(page, {"indicator": "x", "page": "99999999999"}).status_code == 200
