"""Test helpers of the tenant layer: personas (a member of a collaborative, an API token) and the
watch that every service writing data writes its audit line.

The watch wraps every public function of every `services.py` under `braid/`, and every public
function elsewhere with a service's signature (keyword-only `access`), found by introspection
(see `service_functions`). While a test runs, each call records the SQL writes
made inside it (rolled-back savepoints discarded); a call that returns after writing to a Braid
table without writing an audit line fails the test on the spot, naming the service and the
tables. Services that may write without a line say so with `braid.core.audit.exempt`.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import re
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connection

import braid

SQL_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
SAVEPOINT = re.compile(r'^\s*(SAVEPOINT|ROLLBACK TO SAVEPOINT|RELEASE SAVEPOINT)\s+"?(\w+)"?', re.I)


def make_persona(
    collaborative: Any, role: str, *, organisation: Any = None, email: str = ""
) -> Any:
    from braid.accounts.models import User
    from braid.collaboratives.models import Membership

    email = email or f"{role}@{collaborative.slug}.example.org"
    user = User.objects.create_user(email=email, password="pw-" + role, full_name=role.title())
    Membership.objects.create(
        collaborative=collaborative, user=user, role=role, organisation=organisation
    )
    return user


def bearer(user: Any) -> dict[str, str]:
    from braid.accounts.services import api_token_create

    issued = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}


# --- the watch -----------------------------------------------------------------------------


def service_modules() -> list[str]:
    """Every `services.py` under braid/ (apps and their sub-packages), as module names."""
    root = Path(braid.__file__).parent
    names = []
    for path in sorted(root.rglob("services.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if "tests" not in parts:
            names.append(".".join(parts))
    return names


def _other_modules() -> list[str]:
    """Modules outside services.py that may hold services (imports, framework, targets...)."""
    root = Path(braid.__file__).parent
    names = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if not {"tests", "tests_e2e", "migrations", "management"} & set(parts) and parts[
            -1
        ] not in (
            "services",
            "conftest",
            "testing",
        ):
            names.append(".".join(parts))
    return names


def _takes_access_by_keyword(fn: Any) -> bool:
    parameter = inspect.signature(fn).parameters.get("access")
    return parameter is not None and parameter.kind is inspect.Parameter.KEYWORD_ONLY


def service_functions() -> dict[str, Callable[..., Any]]:
    """Every public function defined in a services module, and every public function elsewhere
    that has the service signature (`access` keyword-only: `targets_set(*, access, ...)`), by
    qualified name."""
    found: dict[str, Callable[..., Any]] = {}
    for name, every in [(n, True) for n in service_modules()] + [
        (n, False) for n in _other_modules()
    ]:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            fn = inspect.unwrap(value) if callable(value) else value
            if (
                not attr.startswith("_")
                and inspect.isfunction(fn)
                and fn.__module__ == module.__name__
                and (every or _takes_access_by_keyword(fn))
            ):
                found[f"{name}.{attr}"] = value
    return found


def exemption(fn: Any) -> tuple[str, bool] | None:
    """The `braid.core.audit.exempt` mark of a function, through its decorators."""
    while fn is not None:
        mark = getattr(fn, "__audit_exempt__", None)
        if mark is not None:
            return mark  # type: ignore[no-any-return]
        fn = getattr(fn, "__wrapped__", None)
    return None


class _Log(threading.local):
    def __init__(self) -> None:
        self.writes: list[str] = []  # table names, in order, rolled-back savepoints removed
        self.marks: dict[str, int] = {}
        self.depth = 0


_log = _Log()


def _braid_tables() -> set[str]:
    return {
        m._meta.db_table
        for m in apps.get_models(include_auto_created=True)
        if m.__module__.startswith("braid.") or m._meta.app_label in _braid_labels()
    }


@functools.cache
def _braid_labels() -> frozenset[str]:
    return frozenset(c.label for c in apps.get_app_configs() if c.name.startswith("braid."))


def _observe(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    result = execute(sql, params, many, context)
    savepoint = SAVEPOINT.match(sql)
    if savepoint:
        verb, name = savepoint.group(1).upper(), savepoint.group(2)
        if verb == "SAVEPOINT":
            _log.marks[name] = len(_log.writes)
        elif verb.startswith("ROLLBACK") and name in _log.marks:
            del _log.writes[_log.marks[name] :]
        return result
    write = SQL_WRITE.match(sql)
    if write:
        _log.writes.append(write.group(1))
    return result


def _check(name: str, fn: Callable[..., Any], tables: list[str]) -> None:
    from braid.collaboratives.models import AuditEvent

    audit_table = AuditEvent._meta.db_table
    braid_tables = _braid_tables()
    written = sorted({t for t in tables if t in braid_tables and t != audit_table})
    if not written or audit_table in tables:
        return
    reason, may_write = exemption(fn) or (None, False)
    if reason is not None and may_write:
        return
    raise AssertionError(
        f"{name} wrote {', '.join(written)} without an audit line: call "
        "braid.collaboratives.audit.audit_record(action='entity.verb', details={...}) "
        "(and declare the phrase with vocabulary()), or mark it braid.core.audit.exempt(reason)"
    )


def _watched(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = len(_log.writes)
        _log.depth += 1
        try:
            if _log.depth == 1:
                with connection.execute_wrapper(_observe):
                    result = fn(*args, **kwargs)
            else:
                result = fn(*args, **kwargs)
        finally:
            _log.depth -= 1
            if _log.depth == 0:
                tables, _log.writes, _log.marks = _log.writes[start:], [], {}
            else:
                tables = _log.writes[start:]
        _check(name, fn, tables)
        return result

    wrapper.__audit_watched__ = fn  # type: ignore[attr-defined]
    return wrapper


def watch_services() -> int:
    """Wrap every public service (in its module and wherever it was imported by name)."""
    functions = service_functions()
    originals = {id(fn): _watched(name, fn) for name, fn in functions.items()}
    patched = 0
    for module in list(_braid_modules()):
        for attr, value in list(vars(module).items()):
            wrapped = originals.get(id(value))
            if wrapped is not None:
                setattr(module, attr, wrapped)
                patched += 1
    return patched


def _braid_modules() -> Iterator[Any]:
    for name, module in list(sys.modules.items()):
        if module is not None and (name == "braid" or name.startswith(("braid.", "bench"))):
            yield module
