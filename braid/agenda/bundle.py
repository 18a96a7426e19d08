"""The agenda module's rows (agenda, plan, governance, resources, terms) in a collaborative
export."""

from __future__ import annotations

from braid.agenda import models as m
from braid.core.bundle import Part, register_parts

register_parts(
    "agenda",
    [
        Part(model)
        for model in (
            m.AgendaVersion,
            m.Endorsement,
            m.Goal,
            m.Objective,
            m.ExpectedResult,
            m.RulesOfProcedure,
            m.GovernanceBody,
            m.Activity,
            m.Milestone,
            m.ProgressNote,
            m.Responsibility,
            m.LeadershipRole,
            m.BackboneAssignment,
            m.Contribution,
            m.FundingSource,
            m.FundingDeadline,
            m.TermsVersion,
            m.Signature,
        )
    ],
)
