"""The one rule that decides whether a value may be stored, and the words of every refusal.

The entry form (`services.values_save`), the file import (both its ways and its reading child)
and `POST …/values` in the API all give their rows, as text, to `ValueRules.check`: a row is
stored only if every check passes, and each problem is worded here, once. The import's fast
loop takes the plainest rows without calling it, and only rows this rule would also take (see
`ValueRules.fast_periods`, `ValueRules.orgs` and `bounds`).

A value may be stored when its indicator is known and not archived, the organisation is the
importer's own (a partner reports for its organisation only) and assigned to report the
indicator, the period is known and not closed, the organisation's report for it is still a
draft or returned, the disaggregation is one the indicator declares, and the figures are
numbers (read in the writer's language), finite, within the declared range, whole for an
indicator with no decimals, and for a percentage a numerator between 0 and a denominator above
0. Stewards may correct figures in a closed period or a submitted report; partners may not.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.lib.numbers import (
    AMBIGUOUS,
    EMPTY,
    LARGEST,
    TOO_LARGE,
    DecimalMark,
    NumberError,
    parse_number,
    write_number,
)
from braid.lib.tabular import normalise_name
from braid.measures.models import Indicator, Period, Submission, SubmissionStatus
from braid.measures.naming import find_indicator, find_period, indicator_names
from braid.partners.models import Organisation

COLUMNS = [
    "indicator",
    "organisation",
    "period",
    "disaggregation",
    "value",
    "numerator",
    "denominator",
]
LOCKED = (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)
# Called as add(row number, column, the value as written, message).
AddProblem = Callable[[int, str, str, str], None]


# Languages that write decimals with a comma (Braid's own: French).
COMMA_LANGUAGES = frozenset({"fr", "de", "es", "it", "pt", "nl"})


def language_decimal(language: str | None = None) -> DecimalMark:
    """The decimal mark of a language (default: the active one)."""
    code = language or translation.get_language() or settings.LANGUAGE_CODE
    return "comma" if code.split("-")[0].lower() in COMMA_LANGUAGES else "point"


def number_message(error: NumberError, decimal: DecimalMark) -> str:
    """What to write instead of a text that is not a number."""
    if error.reason == AMBIGUOUS:
        low, high = (write_number(r, decimal=decimal) for r in error.readings[:2])
        return _("Ambiguous: write %(low)s or %(high)s, without a thousands separator.") % {
            "low": low,
            "high": high,
        }
    if error.reason == TOO_LARGE:
        return _("Too large to be a figure; check the number and its unit.")
    example = write_number(12.5, decimal=decimal)
    return _("Not a number; write digits only, e.g. 12 or %(example)s.") % {"example": example}


def read_number(text: str, decimal: DecimalMark) -> float | None:
    """The number written in a cell, None for an empty one; raises NumberError."""
    try:
        return parse_number(text, decimal=decimal)
    except NumberError as exc:
        if exc.reason == EMPTY:
            return None
        raise


@dataclass
class Lookups:
    """What the rule needs to know about a collaborative, read once per save or import."""

    indicators: dict[str, Indicator]
    organisations: dict[str, int]
    periods: dict[str, int]
    reporters: set[tuple[int, int]]
    closed: set[int] = field(default_factory=set)
    # Folded name -> indicator, for rows that name it instead of giving its code.
    names: dict[str, Indicator | None] = field(default_factory=dict)
    # Period -> status, where the importing organisation's report is submitted or approved.
    locked: dict[int, str] = field(default_factory=dict)

    @classmethod
    def load(cls, access: Access, organisation_id: int | None = None) -> Lookups:
        indicators = {
            i.code.lower(): i for i in access.scope(Indicator).filter(archived_at__isnull=True)
        }
        through = Indicator.reporters.through
        reporters = set(
            through.objects.filter(indicator__collaborative=access.collaborative).values_list(
                "indicator_id", "organisation_id"
            )
        )
        periods = access.scope(Period).values_list("pk", "code", "closed")
        look = cls(
            indicators=indicators,
            organisations={
                normalise_name(n): pk
                for pk, n in access.scope(Organisation).values_list("pk", "name")
            },
            periods={c.lower(): pk for pk, c, _closed in periods},
            reporters=reporters,
            names=indicator_names(indicators.values()),
        )
        if not access.can_manage():  # stewards may correct closed periods and sent reports
            look.closed = {pk for pk, _c, closed in periods if closed}
            look.locked = dict(
                access.scope(Submission)
                .filter(organisation_id=organisation_id or 0, status__in=LOCKED)
                .values_list("period_id", "status")
            )
        return look


class ValueRules:
    """Turns a row of text into ids and numbers, or names every problem with it.

    `organisation_id`: the organisation every row is for (a partner's own, or the one a
    steward enters figures for); a row naming another is refused. None: each row names its
    organisation (a steward's import)."""

    def __init__(
        self,
        headers: list[str],
        look: Lookups,
        organisation_id: int | None,
        decimal: DecimalMark,
        add: AddProblem,
        escape: Callable[[str], str] = str,
    ) -> None:
        self.index = {h: i for i, h in enumerate(headers)}
        self.look, self.forced_org, self.decimal, self.add = look, organisation_id, decimal, add
        self.escape = escape  # how the fast loop writes a key (COPY text on PostgreSQL)
        # Name as written -> organisation id, for the fast loop (filled here, on first sight).
        # With a forced organisation it only ever holds names of that organisation.
        self.orgs: dict[str, int | None] = {}
        if organisation_id is not None:
            self.orgs[""] = organisation_id
        # (indicator id, key as written) -> the key as stored, for the declared ones.
        self.keys_ok: dict[tuple[int, str], str] = {}
        self.keys_checked: dict[tuple[int, str], bool] = {}
        # A locked or closed period is reported at its first row only.
        self.reported_periods: set[int] = set()
        self.problems = 0
        self.open_periods: dict[str, int] = {}

    def fast_periods(self) -> dict[str, int]:
        """Period code -> id, for the periods a row may be written to without this rule's
        words (closed and locked ones are left to `check`, which reports them)."""
        shut = self.look.closed | set(self.look.locked)
        # `_period` adds each open period met written another way ("T1 2026"), so that the
        # fast loop takes the file's next rows of it without asking again.
        self.open_periods = {code: pk for code, pk in self.look.periods.items() if pk not in shut}
        return self.open_periods

    def cell(self, cells: list[str], name: str) -> str:
        i = self.index.get(name)
        return cells[i] if i is not None and i < len(cells) else ""

    def _problem(self, number: int, column: str, value: str, message: str) -> None:
        self.problems += 1
        self.add(number, column, value, message)

    def check(self, number: int, cells: list[str]) -> tuple[Any, ...] | None:
        """(row number, indicator, organisation, period, key, value, numerator, denominator),
        or None when the row has a problem (each one is added)."""
        before = self.problems
        indicator = self._indicator(number, cells)
        org_id = self._organisation(number, cells)
        period_id = self._period(number, cells)
        parsed = self._numbers(number, cells, indicator)
        written = self.cell(cells, "disaggregation")
        key = written.strip()
        if indicator is not None and parsed is not None:
            self._figures(number, indicator, key, parsed)
        if self.problems > before:
            return None
        assert indicator is not None and org_id is not None and period_id is not None
        assert parsed is not None
        self._may_write(number, indicator, org_id, period_id)
        if written == key and key and not indicator.is_percentage:
            self.keys_ok[(indicator.pk, key)] = self.escape(key)
        value, num, den = parsed["value"], parsed["numerator"], parsed["denominator"]
        if indicator.is_percentage and num is not None and den:
            value = 100.0 * num / den
        return (number, indicator.pk, org_id, period_id, key, value, num, den)

    def _indicator(self, number: int, cells: list[str]) -> Indicator | None:
        code = self.cell(cells, "indicator")
        indicator, refusal = find_indicator(self.look.indicators, self.look.names, code)
        if indicator is None:
            self._problem(number, "indicator", code, refusal)
        return indicator

    def _organisation(self, number: int, cells: list[str]) -> int | None:
        name = self.cell(cells, "organisation")
        if name in self.orgs:
            return self.orgs[name]
        found = self.look.organisations.get(normalise_name(name))
        if found is None:
            self._problem(
                number,
                "organisation",
                name,
                _("No organisation of this name in the register; check the spelling."),
            )
            return None
        if self.forced_org is not None and found != self.forced_org:
            self._problem(
                number,
                "organisation",
                name,
                _(
                    "This row is for another organisation; you enter figures for your own only. Remove the row, or leave the organisation empty."
                ),
            )
            return None
        self.orgs[name] = found
        return found

    def _period(self, number: int, cells: list[str]) -> int | None:
        code = self.cell(cells, "period")
        period_id, refusal = find_period(self.look.periods, code)
        if period_id is None:
            self._problem(number, "period", code, refusal)
        elif self.open_periods and period_id in self.open_periods.values():
            self.open_periods[code] = period_id
        return period_id

    def _numbers(
        self, number: int, cells: list[str], indicator: Indicator | None
    ) -> dict[str, float | None] | None:
        parsed: dict[str, float | None] = {}
        for column in ("value", "numerator", "denominator"):
            text = self.cell(cells, column)
            try:
                parsed[column] = read_number(text, self.decimal)
            except NumberError as exc:
                self._problem(number, column, text, number_message(exc, self.decimal))
                parsed[column] = None
        return parsed if len(parsed) == 3 and self._all_read(parsed, cells) else None

    def _all_read(self, parsed: dict[str, float | None], cells: list[str]) -> bool:
        return all(parsed[c] is not None or not self.cell(cells, c).strip() for c in parsed)

    def _figures(
        self, number: int, indicator: Indicator, key: str, parsed: dict[str, float | None]
    ) -> None:
        if key and not self.keys_checked.setdefault(
            (indicator.pk, key), key_allowed(indicator, key)
        ):
            self._problem(number, "disaggregation", key, undeclared_message(indicator))
        if indicator.is_percentage:
            self._ratio(number, parsed["numerator"], parsed["denominator"])
            return
        value = parsed["value"]
        if value is None:
            self._problem(number, "value", "", _("The value is missing."))
        elif not in_range(indicator, value):
            self._problem(number, "value", f"{value:g}", range_message(indicator))
        elif not indicator.decimals and not value.is_integer():
            self._problem(
                number,
                "value",
                write_number(value, decimal=self.decimal),
                _("This indicator counts whole numbers; write the figure without decimals."),
            )

    def _ratio(self, number: int, num: float | None, den: float | None) -> None:
        if num is None or den is None:
            self._problem(
                number,
                "denominator",
                "",
                _("A percentage needs its numerator and denominator, not only the ratio."),
            )
        elif den <= 0 or num < 0 or num > den:
            self._problem(
                number,
                "numerator",
                f"{num:g}/{den:g}",
                _("The numerator must be between 0 and the denominator, which must be above 0."),
            )

    def _may_write(self, number: int, indicator: Indicator, org_id: int, period_id: int) -> None:
        """Refusals that still let the row be staged: the duplicate check covers it."""
        look = self.look
        if (indicator.pk, org_id) not in look.reporters:
            self._problem(
                number,
                "organisation",
                "",
                _(
                    "This organisation is not assigned to report this indicator; ask a steward to assign it or remove the row."
                ),
            )
        if period_id in self.reported_periods:
            return
        refusal = period_refusal(look, period_id)
        if refusal:
            self.reported_periods.add(period_id)
            self._problem(number, "period", "", refusal)


def period_refusal(look: Lookups, period_id: int) -> str | None:
    """Why nothing may be written to this period (for the importing organisation), if so."""
    if period_id in look.closed:
        return _("This period is closed; ask a steward to reopen it.")
    status = look.locked.get(period_id)
    if status is not None:
        return _(
            "This report is already %(status)s; ask a steward to return it before changing values."
        ) % {"status": SubmissionStatus(status).label.lower()}
    return None


def key_allowed(indicator: Indicator, key: str) -> bool:
    dim, _sep, part = key.partition("=")
    allowed = indicator.disaggregations.get(dim.strip())
    return isinstance(allowed, list) and part.strip() in allowed


def undeclared_message(indicator: Indicator) -> str:
    choices = "; ".join(f"{d}={v}" for d, vs in indicator.disaggregations.items() for v in vs)
    return _("Not a declared disaggregation of this indicator; use one of: %(choices)s.") % {
        "choices": choices or "—"
    }


def bounds(indicator: Indicator) -> tuple[float, float]:
    """The lowest and highest value the indicator accepts (the declared range, or what Braid
    stores at most)."""
    low = -LARGEST if indicator.min_value is None else indicator.min_value
    high = LARGEST if indicator.max_value is None else indicator.max_value
    return low, high


def in_range(indicator: Indicator, value: float) -> bool:
    low, high = bounds(indicator)
    return math.isfinite(value) and low <= value <= high


def range_message(indicator: Indicator) -> str:
    low = "" if indicator.min_value is None else f"{indicator.min_value:g}"
    high = "" if indicator.max_value is None else f"{indicator.max_value:g}"
    return _("Outside the declared range %(low)s to %(high)s; check the figure or its unit.") % {
        "low": low,
        "high": high,
    }
