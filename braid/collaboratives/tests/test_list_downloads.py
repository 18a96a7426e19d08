"""Lists download as CSV and XLSX with the page's own rows, formulas neutralised."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from braid.collaboratives.audit import audit_record
from braid.collaboratives.testing import make_persona


def test_the_members_list_downloads_as_the_page_shows_it(collaborative, steward_client, steward):  # type: ignore[no-untyped-def]
    viewer = make_persona(collaborative, "viewer", email="cmd@example.org")
    viewer.full_name = "=HYPERLINK(1)"
    viewer.save()
    url = reverse("collaboratives:members", args=[collaborative.slug])
    assert "?format=csv" in steward_client.get(url).content.decode()
    text = steward_client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "Name,E-mail,Role,Organisation"
    assert any(steward.email in line and "Steward" in line for line in lines)
    assert "'=HYPERLINK(1)" in text  # a formula is neutralised
    sheet = load_workbook(io.BytesIO(steward_client.get(url, {"format": "xlsx"}).content)).active
    assert [c.value for c in sheet[1]] == ["Name", "E-mail", "Role", "Organisation"]
    assert sheet.max_row == len(lines)


def test_the_audit_log_downloads_every_line_in_the_readers_language(
    collaborative, steward_client, steward
):  # type: ignore[no-untyped-def]
    for _n in range(60):  # more than a page of the log
        audit_record(
            collaborative=collaborative,
            actor=steward,
            action="collaborative.updated",
            details={"fields": ["name"], "changes": {}},
        )
    url = reverse("collaboratives:audit", args=[collaborative.slug])
    text = steward_client.get(url, {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="fr").content.decode(
        "utf-8-sig"
    )
    lines = text.splitlines()
    assert lines[0] == "Quand,Qui,Quoi" and len(lines) == 61


def test_a_partner_cannot_download_the_audit_log(collaborative, partner_client):  # type: ignore[no-untyped-def]
    url = reverse("collaboratives:audit", args=[collaborative.slug])
    assert partner_client.get(url, {"format": "csv"}).status_code == 403


def test_the_follow_ups_download_as_the_page_lists_them(
    collaborative, organisation, steward_client
):  # type: ignore[no-untyped-def]
    import datetime as dt

    from braid.partners.models import OutreachEntry

    OutreachEntry.objects.create(
        collaborative=collaborative,
        organisation=organisation,
        channel="email",
        next_step="Send the terms",
        follow_up_on=dt.date.today() + dt.timedelta(days=3),
    )
    url = reverse("partners:follow_ups", args=[collaborative.slug])
    text = steward_client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Follow up on,Organisation,Next step")
    assert len(lines) == 2 and organisation.name in lines[1] and "Send the terms" in lines[1]
