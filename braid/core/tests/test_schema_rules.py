"""The schema rules that let Braid's tables be distributed by tenant (docs/scaling.md, Citus):

1. every tenant table carries `collaborative` and every unique key of it includes it (a unique
   key without the distribution column cannot be enforced across shards);
2. a table without `collaborative` (a reference table, copied to every node) has no foreign key
   to a tenant table;
3. no row points at a row of another collaborative (checked in the data, for every foreign key
   between tenant tables, on a database holding two collaboratives' worth of rows).

`KNOWN` lists what breaks a rule today, each with its reason and its way out. It is a ratchet:
a new break fails, and so does a listed one that has been fixed (take it off the list)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection, models

from braid.collaboratives.tenancy import TenantModel

# label -> (rule, reason and way out)
KNOWN: dict[str, str] = {
    "collaboratives.Invitation": "unique digest without collaborative: the link is looked up "
    "before the tenant is known; under Citus, a reference table of digests -> collaborative",
    "meetings.CalendarFeed": "unique digest without collaborative: a feed token is read before "
    "the tenant is known (as invitations)",
    "meetings.Decision": "one-to-one supersedes without collaborative: a unique key "
    "(collaborative, supersedes) instead",
    "many-to-many": "auto-created many-to-many tables have no collaborative column: under "
    "Citus each becomes an explicit through model with collaborative",
}
# Not Braid's data: Django's and the libraries' own tables, and Braid's plumbing.
REFERENCE_OK = {"accounts.User", "accounts.ApiToken", "core.OutboxTask"}


def braid_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("braid.")]


def is_tenant(model: type[models.Model]) -> bool:
    return issubclass(model, TenantModel) or any(
        f.name in ("collaborative", "collaborative_id") for f in model._meta.fields
    )


def unique_keys(model: type[models.Model]) -> list[tuple[str, ...]]:
    keys = [
        tuple(c.fields)
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.fields
    ]
    keys += [tuple(u) for u in model._meta.unique_together]
    keys += [(f.name,) for f in model._meta.fields if f.unique and not f.primary_key]
    return keys


def breaks() -> dict[str, str]:
    found: dict[str, str] = {}
    for model in braid_models():
        label = model._meta.label
        if label == "collaboratives.Collaborative":
            continue  # the tenant itself: distributed by its own id
        if is_tenant(model):
            bad = [
                k for k in unique_keys(model) if not {"collaborative", "collaborative_id"} & set(k)
            ]
            if bad:
                found[label] = f"unique keys without collaborative: {bad}"
        elif label not in REFERENCE_OK:
            to_tenants = [
                f.name for f in model._meta.fields if f.is_relation and is_tenant(f.related_model)
            ]
            if to_tenants:
                found[label] = f"a reference table pointing at tenant rows: {to_tenants}"
        if any(f.remote_field.through._meta.auto_created for f in model._meta.many_to_many):
            found.setdefault("many-to-many", "auto-created many-to-many tables")
    return found


def test_the_schema_keeps_the_rules_of_distribution():
    found = breaks()
    new = sorted(set(found) - set(KNOWN))
    fixed = sorted(set(KNOWN) - set(found))
    assert not new, "breaks the schema rules (docs/scaling.md): " + "; ".join(
        f"{label}: {found[label]}" for label in new
    )
    assert not fixed, f"fixed, take them off KNOWN: {fixed}"


def test_every_tenant_table_is_indexed_by_collaborative_first():
    """Each shard's queries start with the tenant: a tenant table's primary key or an index
    leads with collaborative (Django indexes a foreign key on its own: enough)."""
    missing = []
    for model in braid_models():
        if not is_tenant(model) or model._meta.label == "collaboratives.Collaborative":
            continue
        field = next(
            f for f in model._meta.fields if f.name in ("collaborative", "collaborative_id")
        )
        leads = field.db_index or any(
            (list(i.fields) or [""])[0] in ("collaborative", "collaborative_id")
            for i in model._meta.indexes
        )
        leads = leads or any(
            k[0] in ("collaborative", "collaborative_id") for k in unique_keys(model) if k
        )
        pk_fields = getattr(model._meta.pk, "field_names", ())  # a composite primary key
        leads = leads or (bool(pk_fields) and pk_fields[0] in ("collaborative", "collaborative_id"))
        if not leads:
            missing.append(model._meta.label)
    assert missing == []


def tenant_links() -> list[tuple[str, str, str]]:
    """(child table, foreign key column, parent table) for every foreign key between tenant
    tables, the value table's included (its keys have no database constraint)."""
    links = []
    for model in braid_models():
        if not is_tenant(model) or model._meta.label == "collaboratives.Collaborative":
            continue
        for f in model._meta.fields:
            if (
                f.is_relation
                and f.related_model is not None
                and is_tenant(f.related_model)
                and f.related_model._meta.label != "collaboratives.Collaborative"
            ):
                links.append((model._meta.db_table, f.column, f.related_model._meta.db_table))
    return links


@pytest.mark.django_db
def test_no_row_points_into_another_collaborative(steward, other_collaborative):  # type: ignore[no-untyped-def]
    """On the demo collaborative and a second one, every foreign key between tenant tables
    joins rows of one collaborative."""
    from braid.collaboratives.testing import make_persona
    from braid.demo.seed import load_demo

    load_demo(force=True)
    make_persona(other_collaborative, "steward")
    crossing = []
    with connection.cursor() as cursor:
        for child, column, parent in tenant_links():
            cursor.execute(
                f'SELECT COUNT(*) FROM "{child}" c JOIN "{parent}" p ON c."{column}" = p.id '  # noqa: S608 - names from the models
                "WHERE c.collaborative_id <> p.collaborative_id"
            )
            if count := cursor.fetchone()[0]:
                crossing.append(f"{child}.{column} -> {parent}: {count}")
    assert len(tenant_links()) > 30  # the check really walks the schema
    assert crossing == []
