"""Writes of resources: partners' contributions, funding sources and their deadlines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.agenda.models import Contribution, ContributionKind, FundingDeadline, FundingSource
from braid.collaboratives.access import Access
from braid.collaboratives.audit import audit_record, record, vocabulary
from braid.core import bilingual
from braid.core.errors import FieldProblem, raise_problems, refuse_stale_row
from braid.partners.models import Organisation

vocabulary(
    {
        "contribution.added": gettext_lazy(
            "Contribution of %(value)s (%(kind_label)s) by %(org)s recorded"
        ),
        "contribution.deleted": gettext_lazy(
            "Contribution of %(value)s (%(kind_label)s) by %(org)s removed"
        ),
        "funding_source.saved": gettext_lazy("Funding source %(funder)s saved"),
        "funding_source.deleted": gettext_lazy(
            "Funding source %(funder)s removed, with its deadlines"
        ),
        "funding_deadline.done": gettext_lazy("Deadline “%(title)s” marked done"),
        "funding_deadline.reopened": gettext_lazy("Deadline “%(title)s” reopened"),
        "funding_deadline.added": gettext_lazy("Deadline “%(title)s” of %(funder)s added"),
        "funding_deadline.deleted": gettext_lazy("Deadline “%(title)s” removed"),
    },
    labels={"kind": ContributionKind},
)


def _money(
    value: Any, field: str, problems: list[FieldProblem], *, required: bool
) -> Decimal | None:
    if value in (None, ""):
        if required:
            problems.append(FieldProblem(field, _("Give a value (in dollars, e.g. 25000).")))
        return None
    try:
        amount = Decimal(str(value).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        problems.append(
            FieldProblem(field, _("“%s” is not a number: write digits only, e.g. 25000.") % value)
        )
        return None
    if not amount.is_finite() or amount < 0:
        problems.append(
            FieldProblem(
                field, _("A value cannot be negative: record what the partner gives, from 0 up.")
            )
        )
        return None
    if amount >= Decimal("1e12"):
        problems.append(
            FieldProblem(field, _("That value is too large: check the number of zeros."))
        )
        return None
    return amount.quantize(Decimal("0.01"))


def _period(
    start: dt.date | None,
    end: dt.date | None,
    names: tuple[str, str],
    problems: list[FieldProblem],
    *,
    required: bool,
) -> None:
    if required and start is None:
        problems.append(FieldProblem(names[0], _("Give the date the period starts.")))
    if required and end is None:
        problems.append(FieldProblem(names[1], _("Give the date the period ends.")))
    if start and end and end < start:
        problems.append(
            FieldProblem(
                names[1],
                _("The end (%(end)s) is before the start (%(start)s): move the end date later.")
                % {"end": end.isoformat(), "start": start.isoformat()},
            )
        )


@transaction.atomic
def contribution_add(
    *,
    access: Access,
    organisation_id: int | None,
    kind: str,
    value: Any,
    period_start: dt.date | None,
    period_end: dt.date | None,
    description: str = "",
) -> Contribution:
    access.require_manage()
    problems: list[FieldProblem] = []
    org = access.scope(Organisation).filter(pk=organisation_id).first() if organisation_id else None
    if org is None:
        problems.append(
            FieldProblem(
                "organisation_id", _("Choose a partner organisation of this collaborative.")
            )
        )
    if kind not in ContributionKind.values:
        problems.append(
            FieldProblem("kind", _("Kind must be one of: %s.") % ", ".join(ContributionKind.values))
        )
    amount = _money(value, "value", problems, required=True)
    _period(period_start, period_end, ("period_start", "period_end"), problems, required=True)
    raise_problems(problems)
    assert org is not None and amount is not None and period_start and period_end
    c = Contribution.objects.create(
        collaborative=access.collaborative,
        organisation=org,
        kind=kind,
        description=(description or "").strip()[:300],
        value=amount,
        period_start=period_start,
        period_end=period_end,
    )
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="contribution.added",
        details={"value": str(amount), "kind": c.kind, "org": org.name},
    )
    return c


@transaction.atomic
def contribution_delete(*, access: Access, contribution_id: int) -> None:
    access.require_manage()
    c = access.get_owned(Contribution.objects.select_related("organisation"), pk=contribution_id)
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="contribution.deleted",
        details={"value": str(c.value), "kind": c.kind, "org": c.organisation.name},
    )
    c.delete()


@transaction.atomic
def funding_source_save(
    *,
    access: Access,
    funder: str,
    organisation_id: int | None = None,
    programme: str = "",
    mandate: str = "",
    reporting_requirements: str = "",
    amount: Any = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    source_id: int | None = None,
    version: int | str | None = None,
) -> FundingSource:
    """A funder's source of money; `version` (the one the editor loaded) refuses a save over
    someone else's newer one."""
    access.require_manage()
    if source_id is not None:  # another collaborative's source is a 404 before any check
        current = access.get_owned(FundingSource.objects.select_for_update(), pk=source_id)
        refuse_stale_row(version, current, {"funder": current.funder})
    problems: list[FieldProblem] = []
    if not (funder or "").strip():
        problems.append(FieldProblem("funder", _("Name the funder.")))
    org = None
    if organisation_id:
        org = access.scope(Organisation).filter(pk=organisation_id).first()
        if org is None:
            problems.append(
                FieldProblem(
                    "organisation_id", _("That organisation is not in this collaborative.")
                )
            )
    money = _money(amount, "amount", problems, required=False)
    _period(starts_on, ends_on, ("starts_on", "ends_on"), problems, required=False)
    raise_problems(problems)
    fields = {
        "funder": funder.strip()[:200],
        "organisation": org,
        "programme": (programme or "").strip()[:200],
        "mandate": (mandate or "").strip(),
        "reporting_requirements": (reporting_requirements or "").strip(),
        "amount": money,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    if source_id is None:
        source = FundingSource.objects.create(collaborative=access.collaborative, **fields)
    else:
        source = access.get_owned(FundingSource.objects.all(), pk=source_id)
        for k, v in fields.items():
            setattr(source, k, v)
        source.version += 1
        source.save()
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="funding_source.saved",
        details={"funder": source.funder},
    )
    return source


@transaction.atomic
def funding_source_delete(*, access: Access, source_id: int) -> None:
    access.require_manage()
    source = access.get_owned(FundingSource.objects.all(), pk=source_id)
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="funding_source.deleted",
        details={"funder": source.funder},
    )
    source.delete()


@transaction.atomic
def deadline_add(
    *, access: Access, source_id: int, title: str, due_on: dt.date | None, title_fr: str = ""
) -> FundingDeadline:
    """What a funder expects and when; what is due in English, in French or in both."""
    access.require_manage()
    source = access.get_owned(FundingSource.objects.all(), pk=source_id)
    problems = []
    if bilingual.is_blank({"title": title, "title_fr": title_fr}, "title"):
        problems.append(FieldProblem("title", _("Say what is due, e.g. “Annual report”.")))
    if due_on is None:
        problems.append(FieldProblem("due_on", _("Give the date it is due.")))
    raise_problems(problems)
    assert due_on is not None
    deadline = FundingDeadline.objects.create(
        collaborative=access.collaborative,
        source=source,
        title=(title or "").strip()[:300],
        title_fr=(title_fr or "").strip()[:300],
        due_on=due_on,
    )
    record(access, "funding_deadline.added", title=str(deadline), funder=source.funder)
    return deadline


@transaction.atomic
def deadline_set_done(*, access: Access, deadline_id: int, done: bool) -> FundingDeadline:
    access.require_manage()
    deadline = access.get_owned(FundingDeadline.objects.all(), pk=deadline_id)
    deadline.done = done
    deadline.save(update_fields=["done"])
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="funding_deadline.done" if done else "funding_deadline.reopened",
        details={"title": str(deadline)},
    )
    return deadline


@transaction.atomic
def deadline_delete(*, access: Access, deadline_id: int) -> None:
    access.require_manage()
    deadline = access.get_owned(FundingDeadline.objects.all(), pk=deadline_id)
    record(access, "funding_deadline.deleted", title=str(deadline))
    deadline.delete()
