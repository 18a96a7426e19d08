"""Rounds and their results as plain documents: what the API answers and `braid survey`
prints (JSON or CSV), from one place. Never an individual answer: results are the scores of
`results.round_results`, under the reader's audience and the privacy floor."""

from __future__ import annotations

from typing import Any

from braid.collaboratives.disclosure import Audience
from braid.surveys import results, rules, selectors
from braid.surveys.models import Round


def round_document(r: Round) -> dict[str, Any]:
    return {
        "id": r.pk,
        "title": r.title,
        "title_fr": r.title_fr,
        "opens_on": r.opens_on,
        "closes_on": r.closes_on,
        "languages": r.languages,
        "status": rules.effective_status(r),
        "instruments": selectors.round_refs(r),
        "invited": getattr(r, "invited", 0),
        "finished": getattr(r, "finished", 0),
        "reopened_count": r.reopened_count,
    }


def results_document(audience: Audience, r: Round) -> dict[str, Any]:
    """The round's results as `audience` may read them (call `results.may_read` first)."""
    return {
        "round_id": r.pk,
        "status": rules.effective_status(r),
        "instruments": [
            {
                "ref": x.instrument.ref,
                "respondents": x.respondents,
                "floor": x.floor,
                "shown": x.shown,
                "previous_round_id": x.previous.pk if x.previous else None,
                "rows": results.result_rows(x),
            }
            for x in results.round_results(audience, r)
        ],
    }


EXPORT_COLUMNS = (
    "instrument",
    "group",
    "group_key",
    "level",
    "key",
    "label",
    "respondents",
    "items",
    "mean",
    "min",
    "max",
    "sd",
    "band",
    "change",
    "counts",
    "flagged",
    "hidden",
)


def result_table(audience: Audience, r: Round) -> list[list[Any]]:
    """The results as rows of EXPORT_COLUMNS (the page's CSV/XLSX and `braid survey`)."""
    return [
        [
            "; ".join(f"{k}: {v}" for k, v in row[c].items()) if c == "counts" else row[c]
            for c in EXPORT_COLUMNS
        ]
        for x in results.round_results(audience, r)
        for row in results.result_rows(x)
    ]
