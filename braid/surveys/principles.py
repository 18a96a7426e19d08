"""The ten principles for collaboration (Munger & Riemer, 2012, in seed 000) and the four
stages (seed 004) as a checklist (INSTRUMENTS.md §7): each with its prompts, an evidence rule
where Braid's data can tell, otherwise a steward's tick with a note."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

PRINCIPLES: list[tuple[str, object]] = [
    ("p1", _("Assess organisational and personal attitudes and readiness")),
    ("p2", _("Determine the initial purpose and type of collaboration")),
    ("p3", _("Identify membership needs and conduct a stakeholder analysis")),
    ("p4", _("Establish the collaboration")),
    ("p5", _("Specify purpose, mission and structure with the members")),
    ("p6", _("Identify the contextual characteristics of the collaboration")),
    ("p7", _("Determine the structural characteristics of the collaboration")),
    ("p8", _("Manage group dynamics")),
    ("p9", _("Retain members and grow membership")),
    ("p10", _("Institutionalise the collaboration")),
]
STAGES: list[tuple[str, object]] = [
    ("diagnose", _("Diagnose")),
    ("design", _("Design")),
    ("implement", _("Implement")),
    ("assess", _("Assess")),
]
KEYS = frozenset(k for k, _t in PRINCIPLES + STAGES)
