"""`braid backup --out FILE` / `braid restore FILE`: the whole installation, with the database's
own tools. SQLite: its online backup API (a consistent copy while Braid runs), restored the same
way into the configured database. PostgreSQL: `pg_dump --format=custom`, restored with
`pg_restore --single-transaction`. A backup names its engine in its first bytes, so a file of
the other engine is refused (to move between databases, use `braid export collaborative`)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why and what to do."""


def engine() -> str:
    return connection.vendor


def backup(out: Path) -> str:
    """Write a backup of the installation's database to `out`; returns what was done."""
    if engine() == "sqlite":
        return _sqlite_backup(out)
    if engine() == "postgresql":
        return _pg_backup(out)
    raise BackupError(f"Braid cannot back up a {engine()} database.")


def restore(path: Path, *, replace: bool = False) -> str:
    """Put the backup at `path` into the configured database (which must be empty unless
    `replace`); returns what was done."""
    kind = backup_kind(path)
    if kind != engine():
        raise BackupError(
            f"{path.name} is a {kind} backup and this installation uses {engine()}. Restore it "
            "into the same kind of database; to move a collaborative between kinds, use "
            "`braid export collaborative` and `braid import collaborative`."
        )
    if not replace and (held := _holds_data()):
        raise BackupError(
            f"The database already holds data ({held}). Restore into a fresh database, or pass "
            "--replace to overwrite everything in it."
        )
    if kind == "sqlite":
        return _sqlite_restore(path)
    return _pg_restore(path)


def backup_kind(path: Path) -> str:
    if not path.is_file():
        raise BackupError(f"No file at {path}.")
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise BackupError(
        f"{path.name} is not a Braid backup (neither an SQLite database nor a pg_dump "
        "custom-format file)."
    )


def _holds_data() -> str:
    tables = connection.introspection.table_names()
    if "collaboratives_collaborative" not in tables:
        return ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM collaboratives_collaborative")
        (count,) = cursor.fetchone()
    return f"{count} collaboratives" if count else ""


def _sqlite_path() -> str:
    return str(connection.settings_dict["NAME"])


def _sqlite_backup(out: Path) -> str:
    source = sqlite3.connect(_sqlite_path())
    target = sqlite3.connect(str(out))
    try:
        with target:
            source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        target.close()
        source.close()
    return f"SQLite database {_sqlite_path()} copied to {out} (online backup)."


def _sqlite_restore(path: Path) -> str:
    connection.close()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    target = sqlite3.connect(_sqlite_path())
    try:
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{path.name} is damaged (SQLite's integrity check failed).")
        source.backup(target)
    finally:
        target.close()
        source.close()
    return f"{path} restored into {_sqlite_path()}."


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not on PATH. Install PostgreSQL's client tools (Debian: "
            "`apt install postgresql-client`, the server's major version or newer), then retry."
        )
    return found


def _pg_args() -> tuple[list[str], dict[str, str]]:
    """Connection options for the client tools; the password goes in the environment."""
    s: dict[str, Any] = connection.settings_dict
    args = [f"--dbname={s['NAME']}"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if s.get(key):
            args.append(f"{flag}={s[key]}")
    env = {**os.environ}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()}")


def _pg_backup(out: Path) -> str:
    args, env = _pg_args()
    _run([_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={out}", *args], env)
    return f"PostgreSQL database {connection.settings_dict['NAME']} dumped to {out}."


def _pg_restore(path: Path) -> str:
    args, env = _pg_args()
    connection.close()
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(path),
        ],
        env,
    )
    return f"{path} restored into PostgreSQL database {connection.settings_dict['NAME']}."
