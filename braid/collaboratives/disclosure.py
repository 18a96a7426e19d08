"""The disclosure policy: what a reader may see (docs/adr/0007-disclosure-policy.md).

One object, the `Audience`, answers every "may this reader see it?" of Braid:

- another organisation's figures: a member sees them once submitted (or approved); a steward
  sees every figure; a partner sees its own organisation's drafts. The public and a network of
  collaboratives see approved figures only;
- small counts: a count under the collaborative's threshold is hidden ("< 5"), with
  complementary suppression ("—") so it cannot be worked out from a total. The numerator and
  denominator of a percentage are counts too; a percentage whose numerator or denominator is
  hidden is hidden with them. A steward sees every count; a partner sees its own
  organisation's figures (it reported them), and they are taken as known to it when choosing
  complements, so it cannot subtract them to find another's;
- survey groups: a breakdown by group is shown only where the group has `min_group_size`
  respondents, for every reader (the backbone included: respondents are people);
- steward-only fields (private notes): `shows_steward_fields`.

Selectors build an audience once (`access.audience`, or `Audience.public(collaborative)`) and
ask it; views, API endpoints and exports show what the selectors return. This module knows no
other module: what it suppresses is described by small protocols (`Measure`) and plain values.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.db.models import Model, Q, QuerySet

from braid.collaboratives.models import Collaborative, Role
from braid.lib.suppression import (
    VISIBLE_NONE,
    Cell,
    Reason,
    SuppressedTable,
    display,
    hidden,
    is_small,
    suppress_lines,
    suppress_table,
)

if TYPE_CHECKING:
    from braid.collaboratives.access import Access

K = TypeVar("K", bound=Hashable)
C = TypeVar("C", bound=Hashable)
R = TypeVar("R", bound=Hashable)
M = TypeVar("M", bound=Model)

SUBMITTED = "submitted"
APPROVED = "approved"
# What a member other than a steward sees of another organisation: its submitted reports.
SHARED = frozenset({SUBMITTED, APPROVED})
PUBLISHED = frozenset({APPROVED})


class AudienceKind(StrEnum):
    MEMBER = "member"
    PUBLIC = "public"
    NETWORK = "network"


class Measure(Protocol):
    """What the policy needs to know of an indicator: whether it is a percentage (stored as
    numerator and denominator, both counts) or a count, and how many decimals it shows."""

    @property
    def is_percentage(self) -> bool: ...

    @property
    def decimals(self) -> int: ...


@dataclass(frozen=True)
class Figure:
    """One figure as stored: a count, or a percentage with its numerator and denominator."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None


@dataclass(frozen=True)
class Shown:
    """A figure as a reader may see it: a hidden cell never carries its number."""

    value: Cell
    numerator: Cell = VISIBLE_NONE
    denominator: Cell = VISIBLE_NONE

    @property
    def suppressed(self) -> bool:
        return self.value.suppressed

    @classmethod
    def plain(cls, figure: Figure) -> Shown:
        return cls(Cell(figure.value), Cell(figure.numerator), Cell(figure.denominator))


def _as_figure(value: Figure | float | None) -> Figure:
    return value if isinstance(value, Figure) else Figure(value)


@dataclass(frozen=True)
class Audience:
    """Who reads: the collaborative(s), and for a member its role and organisation."""

    kind: AudienceKind
    collaboratives: tuple[Collaborative, ...]
    role: str = ""
    organisation_id: int | None = None
    user_id: int | None = None

    # Building one ---------------------------------------------------------------------------

    @classmethod
    def of(cls, access: Access) -> Audience:
        return cls(
            AudienceKind.MEMBER,
            (access.collaborative,),
            access.role,
            access.organisation_id,
            getattr(access.user, "pk", None),
        )

    @classmethod
    def public(cls, collaborative: Collaborative) -> Audience:
        """Anyone: a published report, a public page. No membership, no organisation."""
        return cls(AudienceKind.PUBLIC, (collaborative,))

    @classmethod
    def network(cls, collaboratives: Iterable[Collaborative]) -> Audience:
        """A network of collaboratives reading across them: no membership in any."""
        found = tuple(collaboratives)
        if not found:
            raise ValueError("a network audience needs at least one collaborative")
        return cls(AudienceKind.NETWORK, found)

    # What it is --------------------------------------------------------------------------------

    @property
    def collaborative(self) -> Collaborative:
        """The collaborative read (the first, for a network)."""
        return self.collaboratives[0]

    @property
    def key(self) -> str:
        """Everything that decides what this audience sees, as text (a cache key's part):
        who reads, and each collaborative's thresholds."""
        places = ",".join(
            f"{c.pk}/{c.suppression_threshold}/{c.min_group_size}" for c in self.collaboratives
        )
        return f"{self.kind}|{places}|{self.role}|{self.organisation_id}|{self.user_id}"

    @property
    def figures_key(self) -> str:
        """Everything `figure` and `text` read, as text (a cache key's part): readings of
        single figures made for one such key are the same for every reader with it."""
        return "all" if self.sees_everything else f"under:{self.threshold}"

    @property
    def threshold(self) -> int:
        """Counts under this are hidden; across a network the strictest threshold holds."""
        return max(c.suppression_threshold for c in self.collaboratives)

    @property
    def min_group_size(self) -> int:
        """The fewest respondents a survey group may have to be shown (the strictest)."""
        return max(c.min_group_size for c in self.collaboratives)

    @property
    def sees_everything(self) -> bool:
        """A steward of the collaborative: every figure, every draft, every count."""
        return self.kind is AudienceKind.MEMBER and self.role == Role.STEWARD

    @property
    def shows_steward_fields(self) -> bool:
        """Private notes and other fields kept for the backbone team."""
        return self.sees_everything

    @property
    def shows_stakeholder_analysis(self) -> bool:
        """The backbone's candid stakeholder ratings and contacts' e-mail addresses and phone
        numbers: stewards always; partners and viewers when the collaborative shares them
        (`Collaborative.shares_stakeholder_analysis`, off by default); never the public."""
        if self.sees_everything:
            return True
        return self.kind is AudienceKind.MEMBER and all(
            c.shares_stakeholder_analysis for c in self.collaboratives
        )

    def shows_contact_details(self, organisation_id: int | None) -> bool:
        """A contact's e-mail address and phone: with the stakeholder analysis, and always to
        the partner whose organisation it is (it keeps its own contacts)."""
        return self.shows_stakeholder_analysis or self.owns(organisation_id)

    @property
    def shows_next_steps(self) -> bool:
        """Home cards (and stages) with nothing in them yet, shown as the next thing to set
        up: for the stewards, who set things up; other readers see only what exists."""
        return self.sees_everything

    @property
    def shared_statuses(self) -> frozenset[str]:
        """The statuses of another organisation's report this reader may see."""
        return PUBLISHED if self.kind is not AudienceKind.MEMBER else SHARED

    # Whose figures --------------------------------------------------------------------------

    def owns(self, organisation_id: int | None) -> bool:
        """The reader reports for this organisation (a partner): its own figures."""
        return (
            self.kind is AudienceKind.MEMBER
            and self.role == Role.PARTNER
            and organisation_id is not None
            and organisation_id == self.organisation_id
        )

    def reports_for(self, asked: Any) -> Any:
        """The organisation whose reports (what is owed, the figures entry, uploads, the
        template) this reader works on: a partner's own, whatever is asked; the one a steward
        asks for (None when none is asked); None for anyone else, who reports for no one."""
        if self.kind is not AudienceKind.MEMBER:
            return None
        if self.role == Role.PARTNER:
            return self.organisation_id
        return (asked or None) if self.sees_everything else None

    def sees_upload(self, created_by_id: int | None) -> bool:
        """An upload's page and problems: for its uploader and the stewards."""
        return self.sees_everything or (created_by_id is not None and created_by_id == self.user_id)

    def may_see_value(self, organisation_id: int | None, status: str | None) -> bool:
        """May this reader see a figure of `organisation_id` whose report is at `status`?"""
        return (
            self.sees_everything
            or self.owns(organisation_id)
            or (status or "draft") in self.shared_statuses
        )

    def visible(
        self, qs: QuerySet[M], *, organisation: str = "organisation_id", status: str = "status"
    ) -> QuerySet[M]:
        """The rows of `qs` this reader may see, where `organisation` names the field holding
        the organisation and `status` the (annotated) status of its report."""
        if self.sees_everything:
            return qs
        allowed = Q(**{f"{status}__in": sorted(self.shared_statuses)})
        if self.kind is AudienceKind.MEMBER and self.role == Role.PARTNER:
            allowed |= Q(**{organisation: self.organisation_id or 0})
        return qs.filter(allowed)

    def reports(self, qs: QuerySet[M], *, organisation: str = "organisation_id") -> QuerySet[M]:
        """Who has reported what (every organisation's submissions, who is late) is the
        backbone's to follow: a steward lists every report, a partner its own, others none."""
        if self.sees_everything:
            return qs
        return qs.filter(
            **{organisation: self.organisation_id if self.owns(self.organisation_id) else 0}
        )

    # Counts ----------------------------------------------------------------------------------

    def figure(self, value: Figure | float | None, measure: Measure) -> Shown:
        """A figure shown on its own (a collaborative total, an objective's latest value)."""
        figure = _as_figure(value)
        if self.sees_everything:
            return Shown.plain(figure)
        if not measure.is_percentage:
            small = is_small(figure.value, self.threshold)
            return Shown(hidden("small") if small else Cell(figure.value))
        num, den = (
            hidden("small") if is_small(v, self.threshold) else Cell(v)
            for v in (figure.numerator, figure.denominator)
        )
        return self._percentage(figure, num, den)

    def series(self, values: Mapping[K, Figure | float | None], measure: Measure) -> dict[K, Shown]:
        """One line of figures beside a total shown elsewhere (each partner's figure for one
        period): primary and complementary suppression. Keys are organisation ids when the
        reader's own organisation is among them."""
        figures = {k: _as_figure(v) for k, v in values.items()}
        if self.sees_everything:
            return {k: Shown.plain(f) for k, f in figures.items()}
        shown = self.breakdown({(k, ""): f for k, f in figures.items()}, measure, group=_no_group)
        return {k: shown[(k, "")] for k in figures}

    def breakdown(
        self,
        figures: Mapping[tuple[K, C], Figure],
        measure: Measure,
        *,
        group: Callable[[C], Hashable | None],
    ) -> dict[tuple[K, C], Shown]:
        """One period's figures by reporter (rows) and column: the total column (`group`
        answers None) and parts whose `group` (a dimension) adds up to the row's total.
        Lines: each column across the reporters; each reporter's parts of one group with its
        total. The reader's own rows are known to it: shown, and in no line."""
        if self.sees_everything:
            return {k: Shown.plain(f) for k, f in figures.items()}
        own = {k for k in figures if self.owns(_int_or_none(k[0]))}
        others = {k: f for k, f in figures.items() if k not in own}
        lines = _breakdown_lines(list(others), group)
        out: dict[tuple[K, C], Shown] = {k: Shown.plain(figures[k]) for k in own}
        if not measure.is_percentage:
            cells = suppress_lines({k: f.value for k, f in others.items()}, lines, self.threshold)
            out.update({k: Shown(cells[k]) for k in others})
            return out
        nums = suppress_lines({k: f.numerator for k, f in others.items()}, lines, self.threshold)
        dens = suppress_lines({k: f.denominator for k, f in others.items()}, lines, self.threshold)
        out.update({k: self._percentage(f, nums[k], dens[k]) for k, f in others.items()})
        return out

    def table(
        self,
        figures: Mapping[tuple[R, C], Figure | float | None],
        measure: Measure,
        *,
        row_totals_shown: bool = True,
        col_totals_shown: bool = True,
    ) -> dict[tuple[R, C], Shown]:
        """A rows × columns table (a breakdown summed across partners), its margins shown:
        counts suppressed as a table; a percentage's numerators and denominators likewise."""
        cells = {k: _as_figure(v) for k, v in figures.items()}
        if self.sees_everything:
            return {k: Shown.plain(f) for k, f in cells.items()}

        def suppress(part: Callable[[Figure], float | None]) -> SuppressedTable[R, C]:
            return suppress_table(
                {k: part(f) for k, f in cells.items()},
                self.threshold,
                row_totals_shown=row_totals_shown,
                col_totals_shown=col_totals_shown,
            )

        if not measure.is_percentage:
            counts = suppress(lambda f: f.value)
            return {k: Shown(counts[k]) for k in cells}
        nums, dens = suppress(lambda f: f.numerator), suppress(lambda f: f.denominator)
        return {k: self._percentage(f, nums[k], dens[k]) for k, f in cells.items()}

    def sees_minutes(self, status: str, *, attendee: bool) -> bool:
        """Minutes of a meeting (meetings module): a draft for the stewards who write it;
        circulated minutes also for the meeting's invitees and attendees, who comment and amend;
        approved and frozen minutes for every member (never for the public)."""
        if self.kind is not AudienceKind.MEMBER:
            return False
        if self.sees_everything:
            return status != "none"
        if status in ("approved", "frozen"):
            return True
        return status == "circulated" and attendee

    @property
    def reads_members_records(self) -> bool:
        """What members keep among themselves (the decisions register, lessons and wins not
        made public): every member; never the public or a network."""
        return self.kind is AudienceKind.MEMBER

    def sees_weak_spots_of(self, organisation_id: int | None, *, shared: bool = False) -> bool:
        """Another partner's weak spots (its collaboration health: attendance, late data,
        activities off track, survey scores): the stewards see every partner's, a partner its
        own; others (another partner, a viewer) only when the collaborative chose to share
        them with its members (`shared`). The public and a network never see them."""
        if self.kind is not AudienceKind.MEMBER:
            return False
        return self.sees_everything or self.owns(organisation_id) or shared

    def shows_group(self, respondents: int) -> bool:
        """May a survey result of a group of `respondents` be shown (to anyone)?"""
        return respondents >= self.min_group_size

    def survey_groups(self, sizes: Mapping[K, int]) -> dict[K, Reason]:
        """Which groups of a survey breakdown to hide, shown beside the whole: a group under
        the floor is hidden ("small"); then, since the whole's score less the others' would
        give a lone hidden group away, more groups are hidden ("complementary": the smallest
        first) until none is hidden or at least two are and together they hold the floor."""
        floor = self.min_group_size
        reasons: dict[K, Reason] = {k: ("small" if 0 < n < floor else "") for k, n in sizes.items()}
        hidden = [k for k, r in reasons.items() if r]
        while hidden and (len(hidden) < 2 or sum(sizes[k] for k in hidden) < floor):
            visible = [k for k, r in reasons.items() if not r and sizes[k] > 0]
            if not visible:
                break
            pick = min(visible, key=lambda k: (sizes[k], str(k)))
            reasons[pick] = "complementary"
            hidden.append(pick)
        return reasons

    def sees_live_survey_results(self) -> bool:
        """Results of a round still open for answers: the stewards follow them; others read a
        round's results once it is closed."""
        return self.sees_everything

    def text(self, cell: Cell, measure: Measure) -> str:
        """A cell as text: "< 5" for a small count, "—" for a complement."""
        return display(cell, self.threshold, measure.decimals)

    # -----------------------------------------------------------------------------------------

    @staticmethod
    def _percentage(figure: Figure, num: Cell, den: Cell) -> Shown:
        """A percentage is hidden with its numerator or its denominator (either, with the
        percentage, gives the other away), and when it has none to judge it by."""
        unknown = figure.denominator is None and figure.value is not None
        if num.suppressed or den.suppressed or unknown:
            reason: Reason = "small" if "small" in (num.reason, den.reason) else "complementary"
            return Shown(hidden(reason), num, den)
        return Shown(Cell(figure.value), num, den)


def _no_group(_column: object) -> None:
    return None


def _int_or_none(key: object) -> int | None:
    return key if isinstance(key, int) else None


def _breakdown_lines(
    keys: list[tuple[K, C]], group: Callable[[C], Hashable | None]
) -> list[tuple[list[tuple[K, C]], tuple[K, C] | None]]:
    columns: dict[C, list[tuple[K, C]]] = {}
    parts: dict[tuple[K, Hashable], list[tuple[K, C]]] = {}
    totals: dict[K, tuple[K, C]] = {}
    for row, column in keys:
        columns.setdefault(column, []).append((row, column))
        dimension = group(column)
        if dimension is None:
            totals[row] = (row, column)
        else:
            parts.setdefault((row, dimension), []).append((row, column))
    lines: list[tuple[list[tuple[K, C]], tuple[K, C] | None]] = [
        (members, None) for members in columns.values()
    ]
    lines += [(members, totals.get(row)) for (row, _d), members in parts.items()]
    return lines
