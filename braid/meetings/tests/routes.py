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
FEED = "a calendar feed by its secret token: meetings' dates and titles, 404 for a bad token"

_PAGES = {
    MEETINGS: """meetings:list meetings:series meetings:detail meetings:new meetings:series_new
        meetings:edit meetings:item_edit meetings:ics meetings:attendance meetings:minutes_edit
        meetings:minutes_correct meetings:minutes_pdf meetings:decisions meetings:decision_new
        meetings:decision meetings:my_actions meetings:actions_by_org meetings:action_new
        meetings:action meetings:calendars meetings:notifications""",
    FORM: """meetings:cancel meetings:item_add meetings:propose meetings:circulate meetings:carry
        meetings:item_action meetings:minutes_comment meetings:minutes_step meetings:amendment
        meetings:decision_revoke meetings:action_archive meetings:calendar_revoke""",
    FEED: "meetings:calendar_feed",
}
_API = {
    MEETINGS: """GET /collaboratives/{slug}/meetings; GET /collaboratives/{slug}/meetings/{meeting_id};
        GET /collaboratives/{slug}/meetings/{meeting_id}/minutes; GET /collaboratives/{slug}/decisions;
        GET /collaboratives/{slug}/decisions/{decision_id}; GET /collaboratives/{slug}/my-actions;
        GET /collaboratives/{slug}/actions/open-by-organisation;
        GET /collaboratives/{slug}/actions/{action_id};
        GET /collaboratives/{slug}/notification-preferences""",
    FORM: """POST /collaboratives/{slug}/meetings; POST /collaboratives/{slug}/meeting-series;
        PATCH /collaboratives/{slug}/meetings/{meeting_id};
        POST /collaboratives/{slug}/meetings/{meeting_id}/cancel;
        POST /collaboratives/{slug}/meetings/{meeting_id}/items;
        POST /collaboratives/{slug}/meetings/{meeting_id}/proposals;
        POST /collaboratives/{slug}/agenda-items/{item_id}/decide;
        PUT /collaboratives/{slug}/agenda-items/{item_id};
        DELETE /collaboratives/{slug}/agenda-items/{item_id};
        POST /collaboratives/{slug}/meetings/{meeting_id}/circulate;
        POST /collaboratives/{slug}/meetings/{meeting_id}/carry-forward;
        PUT /collaboratives/{slug}/meetings/{meeting_id}/attendance;
        PUT /collaboratives/{slug}/meetings/{meeting_id}/minutes;
        POST /collaboratives/{slug}/meetings/{meeting_id}/minutes/step;
        POST /collaboratives/{slug}/meetings/{meeting_id}/minutes/comments;
        POST /collaboratives/{slug}/amendments/{comment_id}/decide;
        POST /collaboratives/{slug}/meetings/{meeting_id}/minutes/corrections;
        POST /collaboratives/{slug}/decisions; POST /collaboratives/{slug}/decisions/{decision_id}/revoke;
        POST /collaboratives/{slug}/actions; POST /collaboratives/{slug}/actions/{action_id}/updates;
        POST /collaboratives/{slug}/actions/{action_id}/archive;
        POST /collaboratives/{slug}/calendar-feeds; DELETE /collaboratives/{slug}/calendar-feeds/{feed_id};
        PUT /collaboratives/{slug}/notification-preferences""",
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
