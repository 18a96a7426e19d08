"""A collaborative as one file: `braid export collaborative` and `braid import collaborative`.

The round trip runs on the demo collaborative (every module seeds it) and on whichever database
the leg names: export, empty the database, import, export again: the same files."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from braid.accounts.models import User
from braid.collaboratives.models import AuditEvent, Collaborative
from braid.core.bundle import registry
from braid.core.bundle.export import write_bundle
from braid.core.bundle.load import BundleError, import_bundle
from braid.demo.seed import load_demo
from braid.measures.models import Indicator
from braid.partners.models import Organisation
from braid.reports.models import PublicPage
from braid.surveys.models import Invitation, InvitationStatus


def members(data: bytes) -> dict[str, object]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: json.loads(zf.read(name)) for name in zf.namelist()}


def export(collaborative: Collaborative) -> bytes:
    fh = io.BytesIO()
    write_bundle(collaborative, fh)
    return fh.getvalue()


def test_every_model_pointing_at_the_collaborative_is_exported_or_left_out_with_a_reason() -> None:
    assert registry.unclaimed() == []
    assert registry.file_fields() == []
    assert all(registry.REGISTRY.left_out.values())


def _demo_with_json_ids() -> Collaborative:
    """The demo, with what holds ids inside JSON: a public page's indicators and a half-given
    network answer (keyed by organisation)."""
    demo = load_demo()
    indicators = list(Indicator.objects.filter(collaborative=demo).values_list("pk", flat=True))
    PublicPage.objects.update_or_create(
        collaborative=demo, defaults={"enabled": True, "indicator_ids": indicators[:3]}
    )
    invitation = Invitation.objects.filter(collaborative=demo).first()
    assert invitation is not None
    org = Organisation.objects.filter(collaborative=demo).order_by("pk").last()
    assert org is not None
    invitation.status = InvitationStatus.STARTED
    invitation.draft = {"braid-network@1": {str(org.pk): {"level": 2}}}
    invitation.save()
    return demo


def _empty_the_database() -> None:
    """Every table emptied inside the test's transaction (PostgreSQL first checks the
    constraints the seeding left pending, or TRUNCATE refuses)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)


def test_export_import_into_an_empty_database_export_again_gives_the_same_files(
    db, tmp_path: Path
) -> None:
    demo = _demo_with_json_ids()
    first = export(demo)
    _empty_the_database()
    assert not User.objects.exists() and not Collaborative.objects.exists()
    path = tmp_path / "demo.zip"
    path.write_bytes(first)
    call_command("import", "collaborative", str(path), stdout=io.StringIO())
    again = Collaborative.objects.get(slug="demo")
    a, b = members(first), members(export(again))
    imported = b["data/collaboratives.AuditEvent.json"].pop()  # type: ignore[attr-defined]
    assert imported["action"] == "collaborative.imported"
    assert imported["via"] == "braid import collaborative demo.zip"
    for manifest in (a["manifest.json"], b["manifest.json"]):
        manifest.pop("exported_at")  # type: ignore[attr-defined]
    b["manifest.json"]["counts"]["collaboratives.AuditEvent"] -= 1  # type: ignore[index]
    assert sorted(a) == sorted(b)
    for name in a:
        assert a[name] == b[name], name
    assert a["data/reports.PublicPage.json"][0]["indicator_ids"] == [1, 2, 3]  # type: ignore[index]
    page = PublicPage.objects.get(collaborative=again)
    first_three = list(Indicator.objects.filter(collaborative=again).order_by("pk"))[:3]
    assert page.indicator_ids == [i.pk for i in first_three]


def test_import_beside_the_original_remaps_every_id_and_keeps_the_people(db) -> None:
    demo = _demo_with_json_ids()
    people = User.objects.count()
    data = export(demo)
    path = _write(data)
    copy = import_bundle(path, slug="demo-copy")
    assert User.objects.count() == people  # matched by e-mail, none made twice
    ours = set(Organisation.objects.filter(collaborative=demo).values_list("pk", flat=True))
    theirs = set(Organisation.objects.filter(collaborative=copy).values_list("pk", flat=True))
    assert len(ours) == len(theirs) and not ours & theirs
    draft = Invitation.objects.filter(collaborative=copy).exclude(draft={}).get().draft
    (key,) = draft["braid-network@1"]
    assert int(key) in theirs
    with pytest.raises(BundleError, match="exists already"):
        import_bundle(path, slug="demo-copy")


def _write(data: bytes, name: str = "bundle.zip") -> Path:
    import tempfile

    path = Path(tempfile.mkdtemp()) / name
    path.write_bytes(data)
    return path


def _rewritten(data: bytes, name: str, change) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for member in src.namelist():
            body = src.read(member)
            if member == name:
                body = change(body)
            dst.writestr(member, body)
    return out.getvalue()


def _json_change(fn):  # type: ignore[no-untyped-def]
    def change(body: bytes) -> bytes:
        doc = json.loads(body)
        fn(doc)
        return json.dumps(doc).encode()

    return change


@pytest.mark.parametrize(
    ("member", "change", "message"),
    [
        (None, None, "not a zip file"),
        ("manifest.json", lambda b: b"{", "manifest.json in the export is damaged"),
        (
            "manifest.json",
            _json_change(lambda d: d["schema"].update(measures="0099_from_the_future")),
            "newer Braid .*'measures' data is at migration 0099_from_the_future",
        ),
        (
            "manifest.json",
            _json_change(lambda d: d.update(format="something-else")),
            "not a Braid collaborative export",
        ),
        (
            "data/partners.Organisation.json",
            _json_change(lambda d: d[0].update(colour="blue")),
            "partners.Organisation row 1 has fields this Braid does not know \\(colour\\)",
        ),
        (
            "data/partners.Organisation.json",
            _json_change(lambda d: d[1].update(normalised_name=d[0]["normalised_name"])),
            "breaks a rule of this database; nothing was imported",
        ),
    ],
)
def test_a_wrong_damaged_or_newer_file_is_refused_and_nothing_lands(
    db, member, change, message
) -> None:  # type: ignore[no-untyped-def]
    demo = load_demo()
    data = b"PK not really" if member is None else _rewritten(export(demo), member, change)
    people, collaboratives = User.objects.count(), Collaborative.objects.count()
    with pytest.raises(BundleError, match=message):
        import_bundle(_write(data), slug="elsewhere")
    assert (User.objects.count(), Collaborative.objects.count()) == (people, collaboratives)


def test_the_export_keeps_survey_answers_anonymous(db) -> None:
    data = members(export(load_demo()))
    responses = data["data/surveys.Response.json"]
    answers = data["data/surveys.Answer.json"]
    assert responses and {k for r in responses for k in r} == {"id", "round", "sector", "org_type"}
    assert [a["response"] for a in answers] == sorted(a["response"] for a in answers)
    assert "data/surveys.LinkToken.json" not in data
    finished = [i for i in data["data/surveys.Invitation.json"] if i["status"] == "finished"]
    assert finished and all(i["draft"] == {} for i in finished)
    assert not any("password" in p for p in data["data/people.json"])


def test_cli_exports_and_imports_under_a_new_short_name(db, tmp_path: Path) -> None:
    load_demo()
    out = tmp_path / "demo.zip"
    call_command("export", "collaborative", "--collaborative", "demo", "--out", str(out))
    assert zipfile.is_zipfile(out)
    call_command("import", "collaborative", str(out), "--slug", "moved", stdout=io.StringIO())
    moved = Collaborative.objects.get(slug="moved")
    line = AuditEvent.objects.filter(collaborative=moved, action="collaborative.imported").get()
    assert line.details == {"file": "demo.zip", "source": "demo", "version": "0.1.0"}
    with pytest.raises(CommandError, match="short name “moved” is taken"):
        call_command("import", "collaborative", str(out), "--slug", "moved")
    with pytest.raises(CommandError, match="No file at"):
        call_command("import", "collaborative", str(tmp_path / "nothing.zip"))
