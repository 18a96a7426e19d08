"""Import and export of organisations and their contacts (CSV or XLSX).

One row per contact; an organisation with several contacts repeats its name. The import is
all-or-nothing: every problem of every row is reported, and nothing is written unless there are
none. An organisation whose name matches one in the register exactly is updated (and counted as
such); a near match is an error with a "did you mean".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.collaboratives.access import Access
from braid.collaboratives.audit import audit_record, vocabulary
from braid.core.audit import exempt
from braid.core.errors import FieldProblem
from braid.core.fields import model_field_problems
from braid.lib.tabular import TabularReader, closest, normalise_name, write_table
from braid.partners import services
from braid.partners.models import Contact, Organisation, StakeholderRating, Stance

vocabulary(
    {
        "organisations.imported": gettext_lazy(
            "Organisations imported: %(created)s new, %(updated)s updated, %(contacts)s contacts"
        )
    }
)

ORG_COLUMNS = [
    "name",
    "sector",
    "status",
    "role",
    "website",
    "size",
    "mandate",
    "priorities",
    "notes",
    "joined_on",
]
RATING_COLUMNS = ["influence", "proximity", "stance"]
CONTACT_COLUMNS = [
    "contact_name",
    "contact_role",
    "contact_email",
    "contact_phone",
    "contact_language",
]
COLUMNS = ORG_COLUMNS + RATING_COLUMNS + CONTACT_COLUMNS


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    contacts: int = 0
    problems: list[FieldProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _row_problems(
    access: Access,
    number: int,
    row: dict[str, str],
    existing: dict[str, str],
    seen: dict[str, tuple[int, dict[str, str]]],
) -> list[FieldProblem]:
    problems: list[FieldProblem] = []

    def add(column: str, message: str) -> None:
        problems.append(
            FieldProblem(field=column, message=message, row=number, value=row.get(column, ""))
        )

    name = row.get("name", "").strip()
    org_data = {k: row.get(k, "").strip() for k in ORG_COLUMNS if row.get(k, "").strip()}
    if org_data.get("joined_on"):
        try:
            dt.date.fromisoformat(org_data["joined_on"])
        except ValueError:
            add("joined_on", _("Write the date as YYYY-MM-DD, e.g. 2024-09-01."))
            org_data.pop("joined_on")
    check = {k: v for k, v in org_data.items() if k != "name"}
    check.setdefault("sector", "other")
    for p in services.validate_profile(access, check):
        add(p.field, p.message)
    # The name's length as the model declares it; its duplicates are looked for below.
    too_long = model_field_problems(Organisation, {"name": name}, ["name"])
    for p in too_long:
        add(p.field, p.message)
    if not name:
        add("name", _("Every row needs the organisation's name."))
    elif not too_long:
        key = normalise_name(name)
        if key in seen:
            first_row, first = seen[key]
            clash = [
                k for k, v in org_data.items() if k != "name" and first.get(k) and first[k] != v
            ]
            for column in clash:
                add(
                    column,
                    _("Differs from row %(row)s for the same organisation; make them agree.")
                    % {"row": first_row},
                )
        elif key not in existing:
            match = closest(name, existing.values())
            if match:
                add(
                    "name",
                    _(
                        "Did you mean “%(match)s”, already in the register? Use that exact name to update it."
                    )
                    % {"match": match},
                )
        seen.setdefault(key, (number, org_data))
    problems += _rating_problems(row, add)
    email = row.get("contact_email", "").strip()
    language = row.get("contact_language", "").strip().lower() or "en"
    texts = {k: row.get(f"contact_{k}", "") for k in ("name", "role", "phone")}
    for p in services._valid_contact(email, language, **texts):
        add("contact_" + ("language" if p.field == "preferred_language" else p.field), p.message)
    if (email or row.get("contact_phone", "").strip()) and not row.get("contact_name", "").strip():
        add("contact_name", _("A contact's e-mail or phone needs the contact's name too."))
    return problems


def _rating_problems(row: dict[str, str], add: Any) -> list[FieldProblem]:
    """Optional stakeholder rating columns: all three or none, scores 1..5."""
    values = {k: row.get(k, "").strip() for k in RATING_COLUMNS}
    if not any(values.values()):
        return []
    for column in ("influence", "proximity"):
        if values[column] not in {"1", "2", "3", "4", "5"}:
            add(column, _("Rate from 1 to 5, not “%(value)s”.") % {"value": values[column]})
    if values["stance"] not in Stance.values:
        add("stance", _("Choose a stance: %(codes)s.") % {"codes": ", ".join(Stance.values)})
    return []


def import_organisations(
    *, access: Access, source: IO[bytes], filename: str, max_bytes: int | None = None
) -> ImportResult:
    """Validate the whole file, then write it in one transaction, or write nothing."""
    access.require_manage()
    reader = TabularReader(source, filename=filename, max_bytes=max_bytes)
    result = ImportResult()
    if "name" not in reader.headers:
        result.problems.append(
            FieldProblem(
                field="name",
                row=1,
                message=_("The file needs a “name” column. Columns Braid reads: %(cols)s.")
                % {"cols": ", ".join(COLUMNS)},
            )
        )
        return result
    existing = {
        normalise_name(n): n for n in access.scope(Organisation).values_list("name", flat=True)
    }
    seen: dict[str, tuple[int, dict[str, str]]] = {}
    rows: list[tuple[int, dict[str, str]]] = []
    for number, row in reader:
        result.rows += 1
        result.problems += _row_problems(access, number, row, existing, seen)
        rows.append((number, row))
    if result.problems:
        return result
    _write(access, rows, seen, existing, result)
    return result


@transaction.atomic
def _write(
    access: Access,
    rows: list[tuple[int, dict[str, str]]],
    seen: dict[str, tuple[int, dict[str, str]]],
    existing: dict[str, str],
    result: ImportResult,
) -> None:
    by_key = {normalise_name(o.name): o for o in access.scope(Organisation)}
    for key, (_row, data) in seen.items():
        values: dict[str, Any] = {
            k: v for k, v in data.items() if k != "name" and k not in RATING_COLUMNS
        }
        if "joined_on" in values:
            values["joined_on"] = dt.date.fromisoformat(values["joined_on"])
        if key in by_key:
            org = by_key[key]
            for k, v in values.items():
                setattr(org, k, v)
            org.save()
            result.updated += 1
        else:
            values.setdefault("sector", "other")
            by_key[key] = Organisation.objects.create(
                collaborative=access.collaborative, name=data["name"], normalised_name=key, **values
            )
            result.created += 1
    contacts = [
        Contact(
            collaborative=access.collaborative,
            organisation=by_key[normalise_name(row["name"])],
            name=row["contact_name"].strip(),
            role=row.get("contact_role", "").strip(),
            email=row.get("contact_email", "").strip().lower(),
            phone=row.get("contact_phone", "").strip(),
            preferred_language=row.get("contact_language", "").strip().lower() or "en",
        )
        for _number, row in rows
        if row.get("contact_name", "").strip()
    ]
    Contact.objects.bulk_create(contacts)
    ratings = {
        normalise_name(row["name"]): row
        for _number, row in rows
        if row.get("influence", "").strip()
    }
    StakeholderRating.objects.bulk_create(
        StakeholderRating(
            collaborative=access.collaborative,
            organisation=by_key[key],
            influence=int(row["influence"]),
            proximity=int(row["proximity"]),
            stance=row["stance"].strip(),
            rated_by=access.user,
        )
        for key, row in ratings.items()
    )
    result.contacts = len(contacts)
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="organisations.imported",
        details={"created": result.created, "updated": result.updated, "contacts": result.contacts},
    )


def export_rows(access: Access) -> list[list[Any]]:
    rows: list[list[Any]] = []
    orgs = access.scope(Organisation).prefetch_related("contacts").order_by("name")
    latest: dict[int, StakeholderRating] = {}
    for rating in access.scope(StakeholderRating).order_by("rated_at", "pk"):
        latest[rating.organisation_id] = rating
    private = access.audience.shows_steward_fields
    for org in orgs:
        r = latest.get(org.pk)
        base = [
            org.name,
            org.sector,
            org.status,
            org.role,
            org.website,
            org.size,
            org.mandate,
            org.priorities,
            org.notes if private else "",
            org.joined_on.isoformat() if org.joined_on else "",
            r.influence if r else "",
            r.proximity if r else "",
            r.stance if r else "",
        ]
        contacts = list(org.contacts.all()) or [None]
        for c in contacts:
            rows.append(
                base + ([c.name, c.role, c.email, c.phone, c.preferred_language] if c else [""] * 5)
            )
    return rows


@exempt("writes a file, changes no data")
def export_organisations(*, access: Access, fmt: str, fileobj: IO[Any]) -> None:
    """Write the register as CSV (text file object) or XLSX (binary file object)."""
    rows = export_rows(access)
    write_table(rows, COLUMNS, fileobj, fmt=fmt, sheet_title="organisations")


def cli_import(access: Access, path: Any, report: Any) -> Any:
    """`braid import organisations FILE`: the same checks as the page; problems to `report`."""
    from braid.core.transfer import import_summary

    with open(path, "rb") as source:
        result = import_organisations(access=access, source=source, filename=str(path))
    return import_summary(result, report, contacts=result.contacts)


def cli_export(access: Access, fmt: str, fileobj: IO[Any]) -> None:
    export_organisations(access=access, fmt=fmt, fileobj=fileobj)
