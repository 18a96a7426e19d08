"""`braid report`: the report the page shows, written as HTML or PDF from the same builder."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from braid.collaboratives.access import Access
from braid.collaboratives.models import Membership
from braid.reports import document
from braid.reports.models import Report
from braid.reports.services import report_create, report_narrative_save, report_publish


def _access(steward) -> Access:  # type: ignore[no-untyped-def]
    membership = Membership.objects.select_related("collaborative", "user").get(user=steward)
    return Access(collaborative=membership.collaborative, membership=membership)


def _run(collaborative, tmp_path: Path, *args: str) -> str:  # type: ignore[no-untyped-def]
    out = tmp_path / "report.html"
    call_command(
        "report",
        "--collaborative",
        collaborative.slug,
        "--out",
        str(out),
        "--format",
        "html",
        *args,
    )
    return out.read_text(encoding="utf-8")


def test_the_command_writes_the_saved_report_as_the_page_builds_it(
    collaborative, steward, figures, tmp_path
):  # type: ignore[no-untyped-def]
    access = _access(steward)
    report = report_create(access=access, title="Annual report", period="2026", template="annual")
    report_narrative_save(access=access, report=report, section="headline", text="A good year.")
    report.refresh_from_db()
    written = _run(collaborative, tmp_path, "--period", "2026", "--template", "annual")
    assert written == document.render_html(report, access, "en")
    assert "A good year." in written and "150" in written
    report_publish(access=access, report=report)
    report.refresh_from_db()
    french = _run(collaborative, tmp_path, "--period", "2026", "--lang", "fr")
    assert french == document.render_html(report, access, "fr")
    assert "Tableau de bord en bref" in french


def test_without_a_saved_report_the_template_is_built_for_the_period_and_not_saved(
    collaborative, steward, figures, tmp_path
):  # type: ignore[no-untyped-def]
    written = _run(collaborative, tmp_path, "--period", "2026-Q1", "--template", "quarterly")
    assert "Quarterly update 2026-Q1" in written and "150" in written
    assert not Report.objects.exists()


def test_the_public_reading_hides_what_the_public_may_not_see(
    collaborative, steward, figures, tmp_path
):  # type: ignore[no-untyped-def]
    collaborative.suppression_threshold = 200
    collaborative.save()
    steward_view = _run(collaborative, tmp_path, "--period", "2026", "--template", "custom")
    public_view = _run(
        collaborative, tmp_path, "--period", "2026", "--template", "custom", "--as", "public"
    )
    assert "150" in steward_view and "150" not in public_view


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--period", "Q4 2026"), "is not a period"),
        (("--period", "2026", "--collaborative", "nowhere"), "No collaborative"),
    ],
)
def test_bad_arguments_say_what_to_write(collaborative, steward, tmp_path, args, message):  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match=message):
        _run(collaborative, tmp_path, *args)


def test_the_pdf_is_a_pdf(collaborative, steward, figures, tmp_path):  # type: ignore[no-untyped-def]
    out = tmp_path / "r.pdf"
    call_command(
        "report",
        "--collaborative",
        collaborative.slug,
        "--period",
        "2026-Q1",
        "--template",
        "custom",
        "--out",
        str(out),
    )
    assert out.read_bytes().startswith(b"%PDF")


def test_the_steward_downloads_the_whole_collaborative_and_it_is_audited(
    collaborative, steward_client, viewer_client, figures
):  # type: ignore[no-untyped-def]
    import io
    import zipfile

    from django.urls import reverse

    from braid.collaboratives.models import AuditEvent

    url = reverse("reports:export", args=[collaborative.slug])
    assert viewer_client.get(url).status_code == 403
    response = steward_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert f'filename="{collaborative.slug}-' in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as zf:
        assert "data/measures.Indicator.json" in zf.namelist()
    assert AuditEvent.objects.filter(
        collaborative=collaborative, action="collaborative.exported"
    ).exists()
