"""This module's routes, classified for the guard tests (see braid/core/tests/routes.py):
`DISCLOSES` maps a page name or "METHOD /api/v1/path" to its calls, `SILENT` maps one to the
reason it shows no partner figure. braid/core/tests/routes.py merges every app's."""

from __future__ import annotations

from braid.core.tests.routes import API_PREFIX, Call

NETWORK = "ties between organisations and measures of the network: no reported figure"
LOGS = "lessons learned, wins and target levels: text and dates written by members"
HEALTH = (
    "collaboration health: levels, reports on time, activities on track, survey scores;"
    " another partner's only through Audience.sees_weak_spots_of (test_health.py)"
)
FORM = "a form or a write: answers with a redirect or the form, no partner figure"

DISCLOSES: dict[str, list[Call]] = {}
SILENT: dict[str, str] = {
    "networks:map": NETWORK,
    "networks:map_svg": NETWORK,
    "networks:pairs": NETWORK,
    "networks:change": NETWORK,
    "networks:health": HEALTH,
    "networks:lessons": LOGS,
    "networks:targets": LOGS,
    "networks:target_remove": FORM,
    "networks:lesson_new": FORM,
    "networks:pair_agenda": FORM,
    "networks:lesson_edit": FORM,
    "networks:lesson_remove": FORM,
    "networks:lesson_restore": FORM,
    f"GET {API_PREFIX}/collaboratives/{{slug}}/network": NETWORK,
    f"GET {API_PREFIX}/collaboratives/{{slug}}/network.graphml": NETWORK,
    f"GET {API_PREFIX}/collaboratives/{{slug}}/network.csv": NETWORK,
    f"GET {API_PREFIX}/collaboratives/{{slug}}/lessons": LOGS,
    f"POST {API_PREFIX}/collaboratives/{{slug}}/lessons": FORM,
    f"PATCH {API_PREFIX}/collaboratives/{{slug}}/lessons/{{entry_id}}": FORM,
    f"DELETE {API_PREFIX}/collaboratives/{{slug}}/lessons/{{entry_id}}": FORM,
    f"POST {API_PREFIX}/collaboratives/{{slug}}/lessons/{{entry_id}}/restore": FORM,
    f"GET {API_PREFIX}/collaboratives/{{slug}}/target-levels": LOGS,
    f"PUT {API_PREFIX}/collaboratives/{{slug}}/target-levels": FORM,
    f"DELETE {API_PREFIX}/collaboratives/{{slug}}/target-levels/{{target_id}}": FORM,
}
