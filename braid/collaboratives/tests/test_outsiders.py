"""Every collaborative route answers another tenant's user with 404 and changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from braid.collaboratives.models import Invitation, Membership
from braid.collaboratives.testing import bearer
from braid.core.testing import table_digest


@pytest.fixture
def targets(collaborative, steward, partner, organisation):  # type: ignore[no-untyped-def]
    membership = Membership.objects.get(user=partner)
    from braid.collaboratives.access import access_for
    from braid.collaboratives.services import invitation_create, notice_send

    issued = invitation_create(
        access=access_for(steward, collaborative.slug), email="new@example.org", role="viewer"
    )
    [notice] = notice_send(
        collaborative=collaborative, users=[partner], action="x.y", details={}, url="/"
    )
    return {"member": membership.pk, "invitation": issued.invitation.pk, "notice": notice.pk}


UI_ROUTES = [
    ("get", "collaboratives:home", {}),
    ("get", "collaboratives:members", {}),
    ("get", "collaboratives:audit", {}),
    ("get", "collaboratives:settings", {}),
    (
        "post",
        "collaboratives:settings",
        {"name": "Taken over", "suppression_threshold": 1, "min_group_size": 1},
    ),
    ("post", "collaboratives:invite", {"email": "x@example.org", "role": "viewer"}),
    ("post", "collaboratives:change_role", {"role": "viewer"}),
    ("post", "collaboratives:remove_member", {}),
    ("post", "collaboratives:revoke_invitation", {}),
    ("post", "collaboratives:notice_seen", {"then": "open"}),
]


def _kwargs(name: str, slug: str, targets: dict[str, int]) -> dict[str, object]:
    kwargs: dict[str, object] = {"slug": slug}
    if "role" in name or "remove" in name:
        kwargs["member_id"] = targets["member"]
    if "revoke" in name:
        kwargs["invitation_id"] = targets["invitation"]
    if "notice" in name:
        kwargs["notice_id"] = targets["notice"]
    return kwargs


@pytest.mark.parametrize(("method", "name", "data"), UI_ROUTES)
def test_outsider_gets_404_and_nothing_changes(
    outsider_client, collaborative, targets, method, name, data
):  # type: ignore[no-untyped-def]
    before = table_digest()
    url = reverse(name, kwargs=_kwargs(name, collaborative.slug, targets))
    response = getattr(outsider_client, method)(url, data)
    assert response.status_code == 404
    assert table_digest() == before


ID_ROUTES = [r for r in UI_ROUTES if any(k in r[1] for k in ("role", "remove", "revoke", "notice"))]


@pytest.mark.parametrize(("method", "name", "data"), ID_ROUTES)
def test_outsider_cannot_reach_rows_through_own_collaborative(
    outsider_client, other_collaborative, targets, method, name, data
):  # type: ignore[no-untyped-def]
    """Another tenant's member id or invitation id under the outsider's own slug is a 404 too."""
    before = table_digest()
    url = reverse(name, kwargs=_kwargs(name, other_collaborative.slug, targets))
    response = getattr(outsider_client, method)(url, data)
    assert response.status_code == 404
    assert table_digest() == before


API_ROUTES = [
    ("get", "/api/v1/collaboratives/{slug}", None),
    ("get", "/api/v1/collaboratives/{slug}/members", None),
    ("get", "/api/v1/collaboratives/{slug}/invitations", None),
    ("get", "/api/v1/collaboratives/{slug}/audit", None),
    ("get", "/api/v1/collaboratives/{slug}/settings", None),
    ("patch", "/api/v1/collaboratives/{slug}/settings", {"name": "Taken over"}),
    (
        "post",
        "/api/v1/collaboratives/{slug}/invitations",
        {"email": "y@example.org", "role": "viewer"},
    ),
    ("post", "/api/v1/collaboratives/{slug}/members/{member}/change-role", {"role": "viewer"}),
    ("delete", "/api/v1/collaboratives/{slug}/members/{member}", None),
]


@pytest.mark.parametrize(("method", "path", "body"), API_ROUTES)
def test_outsider_api_gets_404_json_and_nothing_changes(
    client, outsider, collaborative, targets, method, path, body
):  # type: ignore[no-untyped-def]
    headers = bearer(outsider)
    before = table_digest()
    url = path.format(slug=collaborative.slug, member=targets["member"])
    kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
    response = getattr(client, method)(url, **kwargs, **headers)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": []}
    assert table_digest() == before
    assert Invitation.objects.filter(email="y@example.org").count() == 0
