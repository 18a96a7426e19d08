"""The measures module's rows in a collaborative export: the framework, every value and its
history, submissions, stories."""

from __future__ import annotations

from braid.core.bundle import Part, register_parts
from braid.measures import models as m

VALUE_KEY = ("indicator", "period", "organisation", "disaggregation")

register_parts(
    "measures",
    [
        Part(m.Period),
        Part(m.Indicator),
        Part(m.IndicatorChange),
        Part(m.Target),
        Part(m.Submission),
        Part(
            m.Value,
            order_by=VALUE_KEY,
            id_columns={"updated_by_id": "accounts.User", "created_by_id": "accounts.User"},
        ),
        Part(
            m.ValueHistory,
            tenant="collaborative_id",
            id_columns={
                "indicator_id": "measures.Indicator",
                "organisation_id": "partners.Organisation",
                "period_id": "measures.Period",
                "changed_by_id": "accounts.User",
            },
        ),
        Part(m.Aggregate),
        Part(m.Story),
    ],
    leave_out={m.ImportJob: "an upload's bookkeeping; its file is reaped within a day"},
)
