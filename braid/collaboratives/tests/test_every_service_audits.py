"""Every write is traceable: each public service either writes an audit line in the one
vocabulary, or says (with braid.core.audit.exempt) why it does not.

Two locks, so that a writing service cannot be added without its line and no test failing:
- here, every public function of every braid/**/services.py (found by introspection) must reach
  `audit_record` through its calls, or carry an exemption with a reason;
- in every test of the suite, the watch installed by braid/conftest.py fails the test where a
  service returns after writing to a Braid table without writing its line (so a function
  wrongly exempted as a read, or an audit call on a branch that skips it, is caught by the tests
  that exercise it).
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import braid
from braid.collaboratives import audit
from braid.collaboratives.testing import exemption, service_functions, service_modules

AUDIT_RECORD = inspect.unwrap(audit.audit_record)
# Bulk services write one line per item in one statement.
AUDIT_CALLS = {AUDIT_RECORD, inspect.unwrap(audit.audit_records)}


def _callees(fn: Any) -> list[Any]:
    """The Braid functions `fn` calls by name or as `module.name`."""
    fn = inspect.unwrap(fn)
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError):
        return []
    scope = fn.__globals__
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        target: Any = None
        if isinstance(node.func, ast.Name):
            target = scope.get(node.func.id)
        elif isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
            base = scope.get(node.func.value.id)
            if isinstance(base, ModuleType):
                target = getattr(base, node.func.attr, None)
        target = inspect.unwrap(target) if callable(target) else None
        if inspect.isfunction(target) and target.__module__.startswith("braid."):
            found.append(target)
    return found


def _reaches_audit(fn: Any, seen: set[int] | None = None) -> bool:
    seen = set() if seen is None else seen
    fn = inspect.unwrap(fn)
    if fn in AUDIT_CALLS:
        return True
    if id(fn) in seen:
        return False
    seen.add(id(fn))
    return any(_reaches_audit(callee, seen) for callee in _callees(fn))


SERVICES = service_functions()


def test_services_are_found_in_every_app_and_sub_package() -> None:
    modules = set(service_modules())
    assert {
        "braid.collaboratives.services",
        "braid.partners.services",
        "braid.measures.services",
        "braid.agenda.services",
        "braid.agenda.governance.services",
    } <= modules
    assert len(SERVICES) > 50


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_public_service_audits_or_says_why_not(name: str) -> None:
    fn = SERVICES[name]
    if exemption(fn) is not None:
        reason, _writes = exemption(fn)  # type: ignore[misc]
        assert len(reason) > 10, f"{name}: give a real reason for not auditing"
        return
    assert _reaches_audit(fn), (
        f"{name} never calls audit_record: write one line "
        "(audit_record(collaborative=..., actor=access.user, action='entity.verb', "
        "details={...})), or mark it braid.core.audit.exempt('why')"
    )


def _recorded_actions() -> set[str]:
    """Every action written literally in Braid's source: `audit_record(..., action=...)`, and the
    short form `record(access, "entity.verb", ...)`."""
    actions = set()
    root = Path(braid.__file__).parent
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            name = getattr(node.func, "id", "") if isinstance(node, ast.Call) else ""
            if name == "record" and len(node.args) >= 2:  # type: ignore[attr-defined]
                action = node.args[1]  # type: ignore[attr-defined]
                if isinstance(action, ast.Constant) and isinstance(action.value, str):
                    actions.add(action.value)
            if name == "audit_record":
                for kw in node.keywords:
                    if kw.arg == "action":
                        actions |= {
                            c.value
                            for c in ast.walk(kw.value)
                            if isinstance(c, ast.Constant) and isinstance(c.value, str)
                        }
    return actions


def test_every_recorded_action_is_in_the_vocabulary() -> None:
    audit._discover()
    actions = _recorded_actions()
    assert "submission.returned" in actions
    missing = sorted(a for a in actions if a not in audit.VOCABULARY)
    assert not missing, f"declare these with braid.collaboratives.audit.vocabulary(): {missing}"
    assert all(a.count(".") == 1 and a == a.lower() for a in actions)


def test_the_watch_fails_a_service_that_writes_without_its_line(collaborative, steward):  # type: ignore[no-untyped-def]
    from django.db import transaction

    from braid.collaboratives.models import Collaborative
    from braid.collaboratives.testing import _watched

    def rename_silently(*, name: str) -> None:
        Collaborative.objects.filter(pk=collaborative.pk).update(name=name)

    def rename_and_audit(*, name: str) -> None:
        rename_silently(name=name)
        audit.audit_record(collaborative=collaborative, actor=steward, action="x.renamed")

    def rename_then_roll_back(*, name: str) -> None:
        try:
            with transaction.atomic():
                rename_silently(name=name)
                raise ValueError
        except ValueError:
            pass

    with pytest.raises(AssertionError, match="rename_silently wrote collaboratives_collaborative"):
        _watched("rename_silently", rename_silently)(name="A")
    _watched("rename_and_audit", rename_and_audit)(name="B")
    _watched("rename_then_roll_back", rename_then_roll_back)(name="C")  # nothing left written
