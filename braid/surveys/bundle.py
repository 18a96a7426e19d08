"""The surveys module's rows in a collaborative export, anonymity kept (ADR 0010): responses in
the order of their random keys, answers by response and the tally by what it counts, so no
position says when one was given; no link token travels (a respondent asks for their link
again)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from braid.core.bundle import Part, register_parts
from braid.surveys import models as m


def _draft(value: Any, lookup: Callable[[str, Any], Any]) -> Any:
    """A draft's network answers are keyed by organisation id ({ref: {"12": {...}}})."""
    if not isinstance(value, dict):
        return value
    out = {}
    for ref, answers in value.items():
        if isinstance(answers, dict) and answers and all(str(k).isdigit() for k in answers):
            mapped = ((lookup("partners.Organisation", int(k)), v) for k, v in answers.items())
            answers = {str(k): v for k, v in mapped if k is not None}
        out[ref] = answers
    return out


register_parts(
    "surveys",
    [
        Part(m.InstrumentFile),
        Part(m.Round),
        Part(m.RoundInstrument),
        Part(m.Invitation, remap={"draft": _draft}),
        Part(m.Response, order_by=("id",)),
        Part(m.Answer, order_by=("response", "instrument", "item")),
        # Counts of answers (no response, no person), in the order of what they count.
        Part(
            m.Tally,
            order_by=("round", "instrument", "level", "key", "sector", "org_type", "n", "total"),
        ),
        Part(m.NetworkRating),
        Part(m.PrincipleCheck),
    ],
    leave_out={m.LinkToken: "personal links are secrets of this installation"},
)
