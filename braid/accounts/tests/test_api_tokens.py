"""Personal access tokens: created and revoked in the UI, stored hashed, shown once."""

from __future__ import annotations

from django.urls import reverse

from braid.accounts.models import ApiToken
from braid.collaboratives.testing import bearer


def test_token_is_shown_once_and_stored_hashed(steward_client, steward):  # type: ignore[no-untyped-def]
    response = steward_client.post(reverse("accounts:tokens"), {"name": "upload script"})
    html = response.content.decode()
    token = ApiToken.objects.get(user=steward)
    start = html.index('id="new-token">') + len('id="new-token">')
    secret = html[start : html.index("<", start)]
    assert secret.startswith("braid_") and len(secret) > 30
    assert token.digest != secret and secret not in token.digest
    assert secret not in steward_client.get(reverse("accounts:tokens")).content.decode()


def test_script_lists_collaboratives_and_members_with_a_token(
    client, steward, collaborative, partner
):  # type: ignore[no-untyped-def]
    headers = bearer(steward)
    listing = client.get("/api/v1/collaboratives", **headers)
    assert listing.status_code == 200
    assert listing.json() == [
        {
            "slug": "riverside",
            "name": "Riverside Youth Partnership",
            "issue": "Youth violence",
            "issue_fr": "",
            "role": "steward",
        }
    ]
    members = client.get(f"/api/v1/collaboratives/{collaborative.slug}/members", **headers).json()
    assert members["count"] == 2
    assert {m["email"] for m in members["items"]} == {steward.email, partner.email}


def test_revoked_token_stops_working(client, steward_client, steward):  # type: ignore[no-untyped-def]
    headers = bearer(steward)
    token = ApiToken.objects.get(user=steward)
    steward_client.post(reverse("accounts:revoke_token", args=[token.pk]))
    response = client.get("/api/v1/collaboratives", **headers)
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]


def test_another_users_token_cannot_be_revoked(steward_client, outsider):  # type: ignore[no-untyped-def]
    bearer(outsider)
    token = ApiToken.objects.get(user=outsider)
    assert steward_client.post(reverse("accounts:revoke_token", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_api_validation_errors_are_json_with_fields(client, steward, collaborative):  # type: ignore[no-untyped-def]
    headers = bearer(steward)
    response = client.post(
        f"/api/v1/collaboratives/{collaborative.slug}/invitations",
        data={"role": "viewer"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "email"
    response = client.post(
        f"/api/v1/collaboratives/{collaborative.slug}/invitations",
        data={"email": "bad", "role": "viewer"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "email", "message": "“bad” is not an e-mail address.", "row": None}
    ]


def test_viewer_cannot_invite_through_the_api(client, viewer, collaborative):  # type: ignore[no-untyped-def]
    response = client.post(
        f"/api/v1/collaboratives/{collaborative.slug}/invitations",
        data={"email": "q@example.org", "role": "viewer"},
        content_type="application/json",
        **bearer(viewer),
    )
    assert response.status_code == 403


def test_openapi_schema_lists_the_endpoints(client):  # type: ignore[no-untyped-def]
    import json

    def no_twice(pairs):  # type: ignore[no-untyped-def]
        keys = [k for k, _ in pairs]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        # A key written twice (200 and "200") makes the docs page refuse the whole schema.
        assert not twice, f"keys written twice in the schema: {twice}"
        return dict(pairs)

    schema = json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=no_twice)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/collaboratives/{slug}/members" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_password_reset_sends_a_working_link(client, steward):  # type: ignore[no-untyped-def]
    from django.core import mail

    client.post(reverse("accounts:password_reset"), {"email": steward.email})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link[link.index("/accounts/reset/") :]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "fresh-pass-2026", "new_password2": "fresh-pass-2026"},
    )
    assert response.status_code == 302
    steward.refresh_from_db()
    assert steward.check_password("fresh-pass-2026")
