"""This module's routes, classified for the guard tests (see braid/core/tests/routes.py):
`DISCLOSES` maps a page name or "METHOD /api/v1/path" to its calls, `SILENT` maps one to the
reason it shows no partner figure. braid/core/tests/routes.py merges every app's.

Survey results are not partners' reported figures: they are aggregates of anonymous answers
whose floor (min_group_size, complementary suppression) is the same for every reader and is
tested in braid/surveys/tests/test_results.py."""

from __future__ import annotations

from braid.core.tests.routes import API_PREFIX, Call

DISCLOSES: dict[str, list[Call]] = {}

ROUNDS = "survey rounds, respondents and response counts: no reported figure"
RESULTS = "survey results: aggregates of anonymous answers above the floor, for every reader"
RESPONDENT = "a respondent's personal link (no account): their own survey, nothing of others"

_B = f"{API_PREFIX}/collaboratives/{{slug}}/survey-rounds"
SILENT: dict[str, str] = {
    "surveys:rounds": ROUNDS,
    "surveys:round_new": ROUNDS,
    "surveys:round": ROUNDS,
    "surveys:round_respondents": ROUNDS,
    "surveys:round_action": ROUNDS,
    "surveys:results": RESULTS,
    "surveys:results_export": RESULTS,
    "surveys:propose_item": "a write: a statement to the next meeting's agenda; redirects",
    "surveys:propose_lesson": "a write: a statement kept as a lesson; redirects",
    "surveys:principles": "the ten-principles checklist: yes/no from the collaborative's data",
    "surveys:principle_tick": "a write: a steward's tick; redirects",
    "survey_respond": RESPONDENT,
    "survey_resend": RESPONDENT,
    f"GET {API_PREFIX}/collaboratives/{{slug}}/survey-instruments": ROUNDS,
    f"GET {_B}": ROUNDS,
    f"POST {_B}": ROUNDS,
    f"GET {_B}/{{round_id}}": ROUNDS,
    f"POST {_B}/{{round_id}}/open": ROUNDS,
    f"POST {_B}/{{round_id}}/close": ROUNDS,
    f"POST {_B}/{{round_id}}/reopen": ROUNDS,
    f"POST {_B}/{{round_id}}/respondents": ROUNDS,
    f"POST {_B}/{{round_id}}/send": ROUNDS,
    f"POST {_B}/{{round_id}}/remind": ROUNDS,
    f"GET {_B}/{{round_id}}/response-rates": ROUNDS,
    f"GET {_B}/{{round_id}}/results": RESULTS,
}
