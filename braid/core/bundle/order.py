"""Which part's rows are made first: a row's required references must exist before it."""

from __future__ import annotations

from typing import Any

from braid.core.bundle.registry import REGISTRY, Part


def related_label(f: Any) -> str:
    return str(f.related_model._meta.label)


def target_of(part: Part, f: Any) -> str | None:
    """The model a field refers to (a foreign key, or a plain id column the part declares)."""
    if f.is_relation and not f.many_to_many:
        return related_label(f)
    return part.id_columns.get(f.attname)


def _needs(part: Part) -> list[tuple[str, bool]]:
    """(part it refers to, whether the reference may wait) for each reference to another part."""
    found = []
    for f in part.model._meta.concrete_fields:
        if f.name == part.tenant or f.attname == part.tenant:
            continue
        target = target_of(part, f)
        if target in REGISTRY.parts and target != part.label:
            found.append((target, bool(f.null)))
    return found


def dependency_order(parts: list[Part]) -> list[Part]:
    """Parts after those they refer to; in a cycle, a part whose references to the rest may be
    null goes first (they are filled in once every row exists)."""
    needs = {p.label: _needs(p) for p in parts}
    done: set[str] = set()
    ordered: list[Part] = []
    remaining = list(parts)
    while remaining:
        part = next(
            (p for p in remaining if all(t in done for t, _ in needs[p.label])),
            None,
        ) or next(
            (p for p in remaining if all(t in done for t, null in needs[p.label] if not null)),
            None,
        )
        if part is None:
            raise RuntimeError(f"required references go round: {[p.label for p in remaining]}")
        ordered.append(part)
        done.add(part.label)
        remaining.remove(part)
    return ordered
