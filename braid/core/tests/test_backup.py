"""`braid backup` / `braid restore`: the demo installation backed up with the database's own
tool, restored into a fresh database, and the same collaborative comes out of both. Run as real
commands in a scratch installation (the test database lives in memory)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from braid.core import backup as b

ROOT = Path(__file__).resolve().parents[3]


def braid(env: dict[str, str], *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "braid.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode == 0) == ok, done.stderr[-2000:]
    return done


def data_of(path: Path) -> dict[str, object]:
    with zipfile.ZipFile(path) as zf:
        found = {n: json.loads(zf.read(n)) for n in zf.namelist()}
    found["manifest.json"].pop("exported_at")  # type: ignore[attr-defined]
    return found


@pytest.fixture
def databases(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(source URL, fresh URL) on the leg's engine; PostgreSQL's are made and dropped here."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path}/source.sqlite3", f"sqlite:///{tmp_path}/fresh.sqlite3"
        return
    import psycopg

    url = os.environ["BRAID_TEST_DATABASE_URL"].rsplit("/", 1)[0]
    names = [f"{connection.settings_dict['NAME']}_{n}" for n in ("bsrc", "bfresh")]

    def drop(create: bool) -> None:
        with psycopg.connect(f"{url}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
                if create:
                    admin.execute(f'CREATE DATABASE "{name}"')

    drop(create=True)
    yield f"{url}/{names[0]}", f"{url}/{names[1]}"
    drop(create=False)


@pytest.mark.django_db
def test_backup_restored_into_a_fresh_database_holds_the_same_installation(
    tmp_path: Path, databases: tuple[str, str]
) -> None:
    source, fresh = databases
    env = {
        **os.environ,
        "BRAID_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("BRAID_TEST_LEG", None)
    src = {**env, "BRAID_DATABASE_URL": source}
    new = {**env, "BRAID_DATABASE_URL": fresh}
    braid(src, "migrate", "-v0")
    braid(src, "demo")
    kind = "sqlite3" if connection.vendor == "sqlite" else "dump"
    braid(src, "backup", "--out", str(tmp_path / f"braid.{kind}"))
    assert b.backup_kind(tmp_path / f"braid.{kind}") == connection.vendor
    braid(new, "restore", str(tmp_path / f"braid.{kind}"))
    braid(
        src, "export", "collaborative", "--collaborative", "demo", "--out", str(tmp_path / "a.zip")
    )
    braid(
        new, "export", "collaborative", "--collaborative", "demo", "--out", str(tmp_path / "b.zip")
    )
    assert data_of(tmp_path / "a.zip") == data_of(tmp_path / "b.zip")
    refused = braid(new, "restore", str(tmp_path / f"braid.{kind}"), ok=False)
    assert "already holds data (1 collaboratives)" in refused.stderr
    braid(new, "restore", str(tmp_path / f"braid.{kind}"), "--replace")
    braid(new, "check", "--database", "default")


def test_a_file_that_is_not_a_backup_is_refused(tmp_path: Path) -> None:
    wrong = tmp_path / "notes.txt"
    wrong.write_text("hello")
    with pytest.raises(b.BackupError, match="not a Braid backup"):
        b.backup_kind(wrong)
    with pytest.raises(b.BackupError, match="No file at"):
        b.backup_kind(tmp_path / "missing")


@pytest.mark.django_db
def test_a_backup_of_the_other_engine_is_refused_with_the_way_to_move(tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.write_bytes(b.PG_MAGIC + b"rest" if connection.vendor == "sqlite" else b.SQLITE_MAGIC)
    with pytest.raises(b.BackupError, match="braid export collaborative"):
        b.restore(other)


def test_missing_client_tools_are_named_with_how_to_install_them(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(b.shutil, "which", lambda name: None)
    with pytest.raises(b.BackupError, match=r"pg_dump is not on PATH.*postgresql-client"):
        b._tool("pg_dump")
