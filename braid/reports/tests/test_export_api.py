"""The collaborative export through the API: a steward downloads the same zip as the page
(and `braid export collaborative`), audited; partners and viewers are refused; another
collaborative's steward and anyone without a token find nothing."""

from __future__ import annotations

import io
import json
import zipfile

from braid.collaboratives.models import AuditEvent
from braid.collaboratives.testing import bearer
from braid.core.testing import assert_outsider_api


def _url(collaborative) -> str:  # type: ignore[no-untyped-def]
    return f"/api/v1/collaboratives/{collaborative.slug}/export"


def test_a_steward_downloads_the_collaborative_as_one_zip(client, collaborative, steward):  # type: ignore[no-untyped-def]
    response = client.get(_url(collaborative), **bearer(steward))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f'filename="{collaborative.slug}-' in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        manifest = json.loads(z.read("manifest.json"))
        assert "data/collaborative.json" in z.namelist()
    assert manifest["counts"] and "braid_version" in json.dumps(manifest)
    line = AuditEvent.objects.filter(collaborative=collaborative).order_by("-pk").first()
    assert line is not None and line.action == "collaborative.exported"
    assert line.actor_id == steward.pk


def test_partners_and_viewers_are_refused_and_nothing_is_audited(  # type: ignore[no-untyped-def]
    client, collaborative, partner, viewer
):
    before = AuditEvent.objects.filter(collaborative=collaborative).count()
    for user in (partner, viewer):
        response = client.get(_url(collaborative), **bearer(user))
        assert response.status_code == 403, user
        assert response.json()["detail"]
    assert AuditEvent.objects.filter(collaborative=collaborative).count() == before


def test_another_collaboratives_steward_finds_nothing(client, collaborative, outsider):  # type: ignore[no-untyped-def]
    assert_outsider_api(client, bearer(outsider), "get", _url(collaborative))


def test_without_a_token_the_api_asks_for_one(client, collaborative):  # type: ignore[no-untyped-def]
    response = client.get(_url(collaborative))
    assert response.status_code == 401
