"""The ten principles for collaboration (Munger & Riemer, 2012, in seed 000) and the four
stages (seed 004) as a checklist (INSTRUMENTS.md §7): each with its prompts, an evidence rule
where Braid's data can tell (read through the other modules' selectors), otherwise a steward's
tick with a note. `checklist(access)` says where the collaboration stands and the next step."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

Text = str | Promise

PRINCIPLES: list[tuple[str, Text, Text]] = [
    (
        "p1",
        gettext_lazy("Assess organisational and personal attitudes and readiness"),
        gettext_lazy(
            "Are partners and their people ready to work together? Run a readiness round."
        ),
    ),
    (
        "p2",
        gettext_lazy("Determine the initial purpose and type of collaboration"),
        gettext_lazy("Write the problem and the vision you share in the common agenda."),
    ),
    (
        "p3",
        gettext_lazy("Identify membership needs and conduct a stakeholder analysis"),
        gettext_lazy("Rate at least five organisations on influence and proximity."),
    ),
    (
        "p4",
        gettext_lazy("Establish the collaboration"),
        gettext_lazy("Issue terms of reference and have most partners sign them."),
    ),
    (
        "p5",
        gettext_lazy("Specify purpose, mission and structure with the members"),
        gettext_lazy("Set up the governance bodies that will steer the work."),
    ),
    (
        "p6",
        gettext_lazy("Identify the contextual characteristics of the collaboration"),
        gettext_lazy("Scan the context: politics, people, power, and the windows they open."),
    ),
    (
        "p7",
        gettext_lazy("Determine the structural characteristics of the collaboration"),
        gettext_lazy("Write the rules of procedure: how you meet and decide."),
    ),
    (
        "p8",
        gettext_lazy("Manage group dynamics"),
        gettext_lazy("Meet regularly: at least three meetings held in the last six months."),
    ),
    (
        "p9",
        gettext_lazy("Retain members and grow membership"),
        gettext_lazy(
            "Who left, who should join, and what keeps partners engaged? Tick with a note."
        ),
    ),
    (
        "p10",
        gettext_lazy("Institutionalise the collaboration"),
        gettext_lazy(
            "Is the collaboration part of how members work, beyond the people now involved? Tick with a note."
        ),
    ),
]
STAGES: list[tuple[str, Text, Text]] = [
    (
        "diagnose",
        gettext_lazy("Diagnose"),
        gettext_lazy("Stakeholder analysis and context scan done (principles 3 and 6)."),
    ),
    (
        "design",
        gettext_lazy("Design"),
        gettext_lazy("Common agenda written and terms of reference signed (principles 2 and 4)."),
    ),
    (
        "implement",
        gettext_lazy("Implement"),
        gettext_lazy("Shared measures defined and regular meetings held."),
    ),
    (
        "assess",
        gettext_lazy("Assess"),
        gettext_lazy("A self-assessment round closed in the last year."),
    ),
]
KEYS = frozenset(k for k, _t, _p in PRINCIPLES + STAGES)
SELF_ASSESSMENT = ("braid-factors", "braid-barriers", "braid-conditions", "braid-self-evaluation")


@dataclass(frozen=True)
class Entry:
    key: str
    title: Text
    prompt: Text
    evidence: bool | None  # None: Braid's data cannot tell
    why: str  # what the evidence rule saw
    ticked: bool
    note: str

    @property
    def holds(self) -> bool:
        return bool(self.evidence) or self.ticked


@dataclass(frozen=True)
class Checklist:
    principles: list[Entry]
    stages: list[Entry]

    @property
    def held(self) -> int:
        return sum(1 for e in self.principles if e.holds)

    @property
    def stage(self) -> Entry | None:
        """The first stage not yet done: where the collaboration stands."""
        return next((s for s in self.stages if not s.holds), None)

    @property
    def next_step(self) -> Entry | None:
        return next((p for p in self.principles if not p.holds), None)


def _rounds_closed(access: Any, ids: tuple[str, ...], since: dt.date) -> int:
    from braid.surveys import rules
    from braid.surveys.models import Round, RoundStatus

    found = 0
    for r in access.scope(Round).filter(closes_on__gte=since).prefetch_related("instruments"):
        if rules.effective_status(r) == RoundStatus.CLOSED and any(
            ri.ref.split("@")[0] in ids for ri in r.instruments.all()
        ):
            found += 1
    return found


def _evidence(access: Any) -> dict[str, tuple[bool | None, str]]:
    from braid.agenda import selectors as agenda
    from braid.agenda.governance import selectors as governance
    from braid.agenda.terms import selectors as terms
    from braid.measures import selectors as measures
    from braid.meetings.selectors import attendance_records
    from braid.partners import selectors as partners

    today = timezone.localdate()
    year_ago = today - dt.timedelta(days=365)
    rated = len(partners.stakeholder_grid(access))
    current = terms.current(access)
    signed = total = 0
    if current is not None:
        rows = terms.signature_rows(current)
        total, signed = len(rows), sum(1 for r in rows if r.signature is not None)
    meetings = len(
        {
            r.meeting_id
            for r in attendance_records(access.collaborative, today - dt.timedelta(days=183), today)
        }
    )
    readiness = _rounds_closed(access, ("braid-readiness",), year_ago)
    checks = _rounds_closed(access, SELF_ASSESSMENT, year_ago)
    indicators = measures.indicators(access).count()
    found: dict[str, tuple[bool | None, str]] = {
        "p1": (
            readiness > 0,
            _("%(n)s readiness rounds closed in the last year.") % {"n": readiness},
        ),
        "p2": (
            agenda.versions(access).exists(),
            _("A common agenda is written.")
            if agenda.versions(access).exists()
            else _("No common agenda yet."),
        ),
        "p3": (
            rated >= 5,
            _("%(n)s organisations rated on influence and proximity.") % {"n": rated},
        ),
        "p4": (
            total > 0 and signed * 2 > total,
            _("%(signed)s of %(total)s partners signed the current terms of reference.")
            % {"signed": signed, "total": total},
        ),
        "p5": (
            governance.bodies(access).exists(),
            _("%(n)s governance bodies.") % {"n": governance.bodies(access).count()},
        ),
        "p6": (
            partners.context_factors(access).exists(),
            _("%(n)s context factors scanned.") % {"n": partners.context_factors(access).count()},
        ),
        "p7": (
            governance.rules(access).exists(),
            _("%(n)s rules of procedure.") % {"n": governance.rules(access).count()},
        ),
        "p8": (meetings >= 3, _("%(n)s meetings held in the last six months.") % {"n": meetings}),
        "p9": (None, ""),
        "p10": (None, ""),
        "implement": (
            indicators > 0 and meetings >= 3,
            _("%(i)s shared measures, %(m)s meetings in six months.")
            % {"i": indicators, "m": meetings},
        ),
        "assess": (
            checks > 0,
            _("%(n)s self-assessment rounds closed in the last year.") % {"n": checks},
        ),
    }
    found["diagnose"] = (bool(found["p3"][0] and found["p6"][0]), "")
    found["design"] = (bool(found["p2"][0] and found["p4"][0]), "")
    return found


def checklist(access: Any) -> Checklist:
    from braid.surveys.models import PrincipleCheck

    ticks = {t.key: t for t in access.scope(PrincipleCheck)}
    evidence = _evidence(access)

    def entry(key: str, title: Text, prompt: Text) -> Entry:
        held, why = evidence.get(key, (None, ""))
        tick = ticks.get(key)
        return Entry(
            key, title, prompt, held, why, bool(tick and tick.done), tick.note if tick else ""
        )

    return Checklist([entry(*r) for r in PRINCIPLES], [entry(*r) for r in STAGES])
