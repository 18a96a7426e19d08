"""This module's routes, classified for the guard tests (see braid/core/tests/routes.py):
`DISCLOSES` maps a page name or "METHOD /api/v1/path" to its calls, `SILENT` maps one to the
reason it shows no partner figure. braid/core/tests/routes.py merges every app's."""

from __future__ import annotations

from braid.core.tests.routes import API_PREFIX, Call

DISCLOSES: dict[str, list[Call]] = {}

MEETINGS = (
    "meetings, agendas, minutes, attendance, decisions, actions: text and dates, no reported figure"
)
FORM = "a form or a write: answers with a redirect or the form, no partner figure"

_PAGES = {
    MEETINGS: """meetings:list meetings:series meetings:detail meetings:new meetings:series_new
        meetings:edit meetings:item_edit""",
    FORM: """meetings:cancel meetings:item_add meetings:propose meetings:circulate meetings:carry
        meetings:item_action""",
}
_API = {
    MEETINGS: """GET /collaboratives/{slug}/meetings; GET /collaboratives/{slug}/meetings/{meeting_id}""",
    FORM: """POST /collaboratives/{slug}/meetings; POST /collaboratives/{slug}/meeting-series;
        PATCH /collaboratives/{slug}/meetings/{meeting_id};
        POST /collaboratives/{slug}/meetings/{meeting_id}/cancel;
        POST /collaboratives/{slug}/meetings/{meeting_id}/items;
        POST /collaboratives/{slug}/meetings/{meeting_id}/proposals;
        POST /collaboratives/{slug}/agenda-items/{item_id}/decide;
        PUT /collaboratives/{slug}/agenda-items/{item_id};
        DELETE /collaboratives/{slug}/agenda-items/{item_id};
        POST /collaboratives/{slug}/meetings/{meeting_id}/circulate;
        POST /collaboratives/{slug}/meetings/{meeting_id}/carry-forward""",
}


def _expand(groups: dict[str, str], sep: str | None, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for reason, names in groups.items():
        for name in names.split(sep):
            name = " ".join(name.split())
            if name:
                method, _sp, path = name.partition(" ")
                out[f"{method} {prefix}{path}" if prefix else name] = reason
    return out


SILENT: dict[str, str] = {**_expand(_PAGES, None), **_expand(_API, ";", API_PREFIX)}
