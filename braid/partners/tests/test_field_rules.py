"""An organisation's field lengths come from the model, in the import, the API and the form
alike: too long is a clear problem, never a 500 (PostgreSQL refuses what SQLite keeps)."""

from __future__ import annotations

import io
import json

from django.urls import reverse

from braid.collaboratives.testing import bearer
from braid.core.testing import table_counts
from braid.partners.models import Organisation

LONG = "A" * 300


def test_a_name_too_long_is_a_row_problem_in_the_import(steward_client, collaborative):  # type: ignore[no-untyped-def]
    before = table_counts()
    file = io.BytesIO(f"name,contact_name,contact_phone\n{LONG},Ann,{'1' * 50}\n".encode())
    file.name = "orgs.csv"
    response = steward_client.post(
        reverse("partners:import", args=[collaborative.slug]), {"file": file}
    )
    assert response.status_code == 400
    problems = [(p.row, p.field, p.message) for p in response.context["result"].problems]
    assert problems == [
        (2, "name", "name: 300 characters; shorten it to 200 at most."),
        (2, "contact_phone", "phone: 50 characters; shorten it to 40 at most."),
    ]
    assert table_counts() == before


def test_a_name_too_long_is_a_400_in_the_api(client, steward, collaborative):  # type: ignore[no-untyped-def]
    headers = bearer(steward)
    before = table_counts()
    response = client.post(
        f"/api/v1/collaboratives/{collaborative.slug}/organisations",
        data=json.dumps({"name": LONG}),
        content_type="application/json",
        **headers,
    )
    assert response.status_code in (400, 422), response.content
    assert "200" in json.dumps(response.json())
    assert table_counts() == before


def test_a_name_too_long_is_refused_on_update_too(client, steward, collaborative, organisation):  # type: ignore[no-untyped-def]
    response = client.patch(
        f"/api/v1/collaboratives/{collaborative.slug}/organisations/{organisation.pk}",
        data=json.dumps({"name": LONG}),
        content_type="application/json",
        **bearer(steward),
    )
    assert response.status_code in (400, 422), response.content
    organisation.refresh_from_db()
    assert organisation.name == "Eastside Health Centre"


def test_the_forms_limits_are_the_models():  # type: ignore[no-untyped-def]
    from braid.partners.forms import ContactForm, OrganisationForm

    assert (
        OrganisationForm.base_fields["name"].max_length
        == Organisation._meta.get_field(  # type: ignore[attr-defined]
            "name"
        ).max_length
    )
    assert ContactForm.base_fields["phone"].max_length == 40  # type: ignore[attr-defined]
