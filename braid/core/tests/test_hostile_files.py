"""Hostile files are refused in milliseconds with a clear message, on every way in (reader,
page, API, CLI, background upload), and a job that dies is marked failed with its file removed.

The bombs are real: generated here, they unpack to what they claim."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from braid.collaboratives.testing import bearer
from braid.core import housekeeping
from braid.lib.tabular import Limits, TabularError, TabularReader
from braid.measures.models import ImportJob

LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>\n"
)
EXTERNAL = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


def xlsx(rows: list[list[object]] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows or [["name", "sector"], ["Eastside", "health"]]:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def rewrite(data: bytes, part: str, content: bytes | None = None, *, stream=None) -> bytes:  # type: ignore[no-untyped-def]
    """The XLSX `data` with `part` replaced by `content` (or written from the `stream` of
    chunks, so a bomb is never held in memory)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for item in src.infolist():
            if item.filename != part:
                dst.writestr(item, src.read(item.filename))
        with dst.open(part, "w", force_zip64=True) as fh:
            if stream is None:
                fh.write(content or b"")
            else:
                for chunk in stream:
                    fh.write(chunk)
    return out.getvalue()


def bomb(megabytes: int) -> bytes:
    """An XLSX whose shared strings unpack to `megabytes` MB of text (a ~1000:1 ratio)."""
    head = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    block = (b"<si><t>" + b"A" * 1000 + b"</t></si>") * 1000
    chunks = [head] + [block] * megabytes + [b"</sst>"]
    return rewrite(xlsx(), "xl/sharedStrings.xml", stream=chunks)


def sheet_with(prolog: bytes) -> bytes:
    body = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    return rewrite(xlsx(), "xl/worksheets/sheet1.xml", prolog + body)


def refused_quickly(data: bytes, match: str, limits: Limits | None = None) -> None:
    started = time.perf_counter()
    with pytest.raises(TabularError, match=match):
        reader = TabularReader(io.BytesIO(data), filename="f.xlsx", limits=limits)
        list(reader)
    assert time.perf_counter() - started < 1.0


def test_a_compression_bomb_is_refused_by_its_ratio_before_it_is_unpacked():
    data = bomb(20)
    assert len(data) < 100_000  # 20 MB of text in a file of a few kilobytes
    refused_quickly(data, r"unpacks to [\d,]+ times its size \(the limit is 100\)")


def test_a_file_unpacking_past_the_limit_is_refused_with_the_limit():
    data = bomb(12)
    limits = Limits(max_unpacked=10_000_000, max_ratio=10_000)
    refused_quickly(data, "unpacks to 12 MB; the limit is 10 MB", limits)


@pytest.mark.parametrize("prolog", [LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_a_doctype_or_entity_is_refused(prolog):  # type: ignore[no-untyped-def]
    refused_quickly(sheet_with(prolog), "declares a DOCTYPE")


def test_an_entity_past_the_prolog_scan_is_still_refused_by_defusedxml(monkeypatch):  # type: ignore[no-untyped-def]
    from braid.lib import tabular

    monkeypatch.setattr(tabular, "PROLOG_BYTES", 8)
    refused_quickly(sheet_with(LAUGHS), "cannot be (opened|read)")


def test_utf16_doctype_is_seen():
    prolog = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x []>'.encode("utf-16")
    refused_quickly(rewrite(xlsx(), "xl/sharedStrings.xml", prolog), "declares a DOCTYPE")


def test_rows_and_cells_are_bounded():
    rows = [["a", "b"]] + [[str(i), "x"] for i in range(30)]
    refused_quickly(xlsx(rows), "more than 10 rows", Limits(max_rows=10))
    refused_quickly(xlsx(rows), "more than 20 cells", Limits(max_cells=20))
    csv = b"a,b\n" + b"1,2\n" * 30
    with pytest.raises(TabularError, match="more than 10 rows"):
        list(TabularReader(io.BytesIO(csv), filename="f.csv", limits=Limits(max_rows=10)))


def test_an_ordinary_file_still_reads():
    reader = TabularReader(io.BytesIO(xlsx()), filename="f.xlsx")
    assert list(reader) == [(2, {"name": "Eastside", "sector": "health"})]


def test_not_a_zip_is_a_clear_problem():
    refused_quickly(b"PK\x03\x04 not really", "cannot be opened")


def _upload(data: bytes, name: str = "orgs.xlsx") -> io.BytesIO:
    file = io.BytesIO(data)
    file.name = name
    return file


def test_the_organisations_page_refuses_a_bomb_in_the_form(steward_client, collaborative):  # type: ignore[no-untyped-def]
    response = steward_client.post(
        reverse("partners:import", args=[collaborative.slug]), {"file": _upload(bomb(20))}
    )
    assert response.status_code == 400
    assert "times its size" in response.content.decode()
    response = steward_client.post(
        reverse("partners:import", args=[collaborative.slug]),
        {"file": _upload(sheet_with(LAUGHS))},
    )
    assert response.status_code == 400 and "DOCTYPE" in response.content.decode()


def test_the_api_refuses_a_bomb_with_the_envelope(client, collaborative, steward):  # type: ignore[no-untyped-def]
    response = client.post(
        f"/api/v1/collaboratives/{collaborative.slug}/framework/import",
        {"file": _upload(sheet_with(EXTERNAL), "framework.xlsx")},
        **bearer(steward),
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "file"
    assert "DOCTYPE" in response.json()["errors"][0]["message"]


def test_every_way_in_states_the_same_size_limit(
    settings, tmp_path, steward_client, partner_client, collaborative, steward
):  # type: ignore[no-untyped-def]
    settings.BRAID_MAX_UPLOAD_BYTES = 1_000_000
    settings.MEDIA_ROOT = tmp_path
    big = b"name,sector\n" + b"Eastside,health\n" * 70_000  # 1.1 MB
    message = "The file is 1.1 MB; the limit is 1 MB. Split it into smaller files."
    path = tmp_path / "orgs.csv"
    path.write_bytes(big)
    with pytest.raises(CommandError, match=message.replace(".", r"\.")):
        call_command("import", "organisations", str(path), collaborative=collaborative.slug)
    page = steward_client.post(
        reverse("partners:import", args=[collaborative.slug]), {"file": _upload(big, "o.csv")}
    )
    assert page.status_code == 400 and message in page.content.decode()
    upload = partner_client.post(
        reverse("measures:upload", args=[collaborative.slug]),
        {"file": _upload(big, "v.csv")},
        follow=True,
    )
    assert message in upload.content.decode()
    assert not ImportJob.objects.exists() and not list(tmp_path.glob("imports/*"))


def test_a_bomb_uploaded_as_values_fails_its_job_with_the_reason_and_leaves_no_file(
    settings, tmp_path, partner_client, collaborative, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        partner_client.post(
            reverse("measures:upload", args=[collaborative.slug]),
            {"file": _upload(bomb(20), "values.xlsx")},
        )
    job = ImportJob.objects.get()
    assert job.status == "failed" and "times its size" in job.result["error"]
    page = partner_client.get(reverse("measures:job", args=[collaborative.slug, job.pk]))
    assert "times its size" in page.content.decode()
    assert not list((tmp_path / "imports").iterdir())


def test_a_job_that_crashes_is_failed_and_its_file_removed(
    settings,
    tmp_path,
    partner_client,
    collaborative,
    monkeypatch,
    django_capture_on_commit_callbacks,
):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path

    def crash(**kwargs):  # type: ignore[no-untyped-def]
        raise MemoryError("out of memory")

    monkeypatch.setattr("braid.measures.imports.import_file", crash)
    with django_capture_on_commit_callbacks(execute=True):
        partner_client.post(
            reverse("measures:upload", args=[collaborative.slug]),
            {"file": _upload(b"indicator,period,value\n", "values.csv")},
        )
    job = ImportJob.objects.get()
    assert job.status == "failed" and "unexpected error" in job.result["error"]
    assert not list((tmp_path / "imports").iterdir())


def test_the_reaper_fails_dead_jobs_and_removes_stray_files(settings, tmp_path, collaborative):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    settings.BRAID_IMPORT_STALE_SECONDS = 60
    folder = tmp_path / "imports"
    folder.mkdir()
    old = time.time() - 600

    def job(name: str, status: str, beat_age: float | None) -> ImportJob:
        path = folder / name
        path.write_text("x")
        os.utime(path, (old, old))
        made = ImportJob.objects.create(
            collaborative=collaborative, filename=name, path=str(path), status=status
        )
        if beat_age is not None:
            from django.core.cache import cache

            cache.set(f"braid:beat:{made.progress_key}", time.time() - beat_age, 600)
        return made

    dead = job("dead.csv", "running", beat_age=300)  # its worker was killed 5 minutes ago
    alive = job("alive.csv", "running", beat_age=5)
    waiting = job("waiting.csv", "queued", beat_age=None)
    stray = folder / "left-by-a-crash.csv"
    stray.write_text("x")
    os.utime(stray, (old, old))

    outcome = housekeeping.run_all()["measures.reap_imports"]

    assert outcome == {"reaped": 1, "files_removed": 1}
    dead.refresh_from_db()
    assert dead.status == "failed" and "stopped without finishing" in dead.result["error"]
    assert dead.finished_at is not None and not Path(dead.path).exists()
    assert ImportJob.objects.get(pk=alive.pk).status == "running" and Path(alive.path).exists()
    assert ImportJob.objects.get(pk=waiting.pk).status == "queued"
    assert not stray.exists()


def test_the_housekeeping_command_runs_the_chores(capsys, db):  # type: ignore[no-untyped-def]
    call_command("housekeeping")
    assert "measures.reap_imports:" in capsys.readouterr().out
