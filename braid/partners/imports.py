"""Import and export of organisations and their contacts (CSV or XLSX).

One row per contact; an organisation with several contacts repeats its name. The import is
all-or-nothing: every problem of every row is reported, and nothing is written unless there are
none. An organisation whose name matches one in the register exactly is updated (and counted as
such); a near match is an error with a "did you mean".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
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
from braid.lib.columns import suggest_mapping
from braid.lib.tabular import TabularError, TabularReader, closest, normalise_name, write_table
from braid.partners import services
from braid.partners.columns import FIELD_LABELS, HEADER_ALIASES, ChoiceReader
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
CHOICE_COLUMNS = ("sector", "status", "role", "size", "stance", "contact_language")


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    contacts: int = 0
    problems: list[FieldProblem] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # the file's, as written
    mapping: list[str] = field(default_factory=list)  # the field of each column, "" = left out

    @property
    def ok(self) -> bool:
        return not self.problems


def _read_choices(row: dict[str, str], choices: ChoiceReader, add: Any) -> set[str]:
    """Replace each choice value by its code; report those that match nothing (with the
    nearest choice when one is close). Returns the columns refused."""
    refused = set()
    for column in CHOICE_COLUMNS:
        value = row.get(column, "").strip()
        if not value:
            continue
        match = choices.read(column, value)
        if match.code is not None:
            row[column] = match.code
            continue
        refused.add(column)
        what = FIELD_LABELS[column]
        if match.suggestion:
            add(
                column,
                _("“%(value)s” is not one of the choices for %(column)s; did you mean “%(label)s”?")
                % {
                    "value": value,
                    "column": what,
                    "label": choices.label(column, match.suggestion),
                },
            )
        else:
            add(
                column,
                _("“%(value)s” is not one of the choices for %(column)s: write one of %(labels)s.")
                % {
                    "value": value,
                    "column": what,
                    "labels": ", ".join(
                        f"“{choices.label(column, c)}”" for c in choices.codes(column)
                    ),
                },
            )
        row[column] = ""
    return refused


def _row_problems(
    access: Access,
    number: int,
    row: dict[str, str],
    existing: dict[str, str],
    seen: dict[str, tuple[int, dict[str, str]]],
    choices: ChoiceReader,
) -> list[FieldProblem]:
    problems: list[FieldProblem] = []

    def add(column: str, message: str) -> None:
        problems.append(
            FieldProblem(field=column, message=message, row=number, value=row.get(column, ""))
        )

    refused = _read_choices(row, choices, add)
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
    _rating_problems(row, add, refused)
    email = row.get("contact_email", "").strip()
    language = row.get("contact_language", "").strip() or "en"
    texts = {k: row.get(f"contact_{k}", "") for k in ("name", "role", "phone")}
    for p in services._valid_contact(email, language, **texts):
        add("contact_" + ("language" if p.field == "preferred_language" else p.field), p.message)
    return problems


def _rating_problems(row: dict[str, str], add: Any, refused: set[str]) -> None:
    """Optional stakeholder rating columns: all three or none, scores 1..5."""
    values = {k: row.get(k, "").strip() for k in RATING_COLUMNS}
    if not any(values.values()) and "stance" not in refused:
        return
    for column in ("influence", "proximity"):
        if values[column] not in {"1", "2", "3", "4", "5"}:
            add(column, _("Rate from 1 to 5, not “%(value)s”.") % {"value": values[column]})
    if not values["stance"] and "stance" not in refused:
        add("stance", _("Choose a stance: %(codes)s.") % {"codes": ", ".join(Stance.values)})


def mapping_for(headers: Sequence[str]) -> list[str]:
    """Braid's reading of a file's columns: the field each header is, "" for none."""
    return suggest_mapping(headers, HEADER_ALIASES)


def is_braid_layout(headers: Sequence[str]) -> bool:
    """Whether every header is one of Braid's own column names (the template, an export)."""
    return bool(headers) and all(h.strip().lower() in COLUMNS for h in headers)


def import_organisations(
    *,
    access: Access,
    source: IO[bytes],
    filename: str,
    max_bytes: int | None = None,
    mapping: Sequence[str] | None = None,
) -> ImportResult:
    """Validate the whole file, then write it in one transaction, or write nothing.

    `mapping` gives the field of each column by position ("" leaves a column out); without it
    Braid reads the headers itself (English, French or both, see `columns.HEADER_ALIASES`)."""
    access.require_manage()
    reader = TabularReader(source, filename=filename, max_bytes=max_bytes)
    headers = reader.raw_headers
    fields = list(mapping) if mapping is not None else mapping_for(headers)
    if len(fields) != len(headers):
        raise TabularError("The columns chosen do not match this file; upload it again.")
    result = ImportResult(headers=headers, mapping=fields)
    if "name" not in fields:
        result.problems.append(
            FieldProblem(
                field="name",
                row=1,
                message=_(
                    "Braid cannot tell which column holds the organisation's name. Say which"
                    " one it is, or name it “name” or “nom”. Columns Braid reads: %(cols)s."
                )
                % {"cols": ", ".join(COLUMNS)},
            )
        )
        return result
    existing = {
        normalise_name(n): n for n in access.scope(Organisation).values_list("name", flat=True)
    }
    choices = ChoiceReader(access.collaborative.pk)
    seen: dict[str, tuple[int, dict[str, str]]] = {}
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in reader.cells():
        result.rows += 1
        row = {f: cells[i] for i, f in enumerate(fields) if f}
        result.problems += _row_problems(access, number, row, existing, seen, choices)
        rows.append((number, row))
    if result.problems:
        # In the file's own words: its column names, in its column order.
        position = {f: i for i, f in enumerate(fields) if f}
        for p in result.problems:
            if p.field in position:
                p.field = headers[position[p.field]] or p.field
        result.problems.sort(
            key=lambda p: (p.row or 0, headers.index(p.field) if p.field in headers else 0)
        )
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
            name=row.get("contact_name", "").strip(),
            role=row.get("contact_role", "").strip(),
            email=row.get("contact_email", "").strip().lower(),
            phone=row.get("contact_phone", "").strip(),
            preferred_language=row.get("contact_language", "").strip() or "en",
        )
        for _number, row in rows
        # A general address or phone is a contact too, without a person's name.
        if any(row.get(k, "").strip() for k in ("contact_name", "contact_email", "contact_phone"))
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
    analysis = access.audience.shows_stakeholder_analysis
    for org in orgs:
        r = latest.get(org.pk) if analysis else None
        details = access.audience.shows_contact_details(org.pk)
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
        contacts: list[Any] = list(org.contacts.all()) or [None]
        for c in contacts:
            rows.append(
                base
                + (
                    [
                        c.name,
                        c.role,
                        c.email if details else "",
                        c.phone if details else "",
                        c.preferred_language,
                    ]
                    if c
                    else [""] * 5
                )
            )
    return rows


@exempt("writes a file, changes no data")
def export_organisations(*, access: Access, fmt: str, fileobj: IO[Any]) -> None:
    """Write the register as CSV (text file object) or XLSX (binary file object)."""
    rows = export_rows(access)
    write_table(rows, COLUMNS, fileobj, fmt=fmt, sheet_title="organisations")


def cli_mapping(headers: Sequence[str], given: Sequence[str]) -> list[str]:
    """Braid's reading of the headers, corrected by `--map COLUMN=FIELD` (`core.mapping`)."""
    from braid.core.mapping import cli_mapping as corrected

    return corrected(headers, given, mapping_for(headers), COLUMNS)


def cli_import(access: Access, path: Any, report: Any, map: Sequence[str] = ()) -> Any:
    """`braid import organisations FILE [--map COLUMN=FIELD ...]`: the same checks as the page;
    problems to `report`."""
    from braid.core.transfer import import_summary

    with open(path, "rb") as source:
        headers = TabularReader(source, filename=str(path)).raw_headers
    with open(path, "rb") as source:
        result = import_organisations(
            access=access,
            source=source,
            filename=str(path),
            mapping=cli_mapping(headers, map),
        )
    return import_summary(result, report, contacts=result.contacts)


def cli_export(access: Access, fmt: str, fileobj: IO[Any]) -> None:
    export_organisations(access=access, fmt=fmt, fileobj=fileobj)
