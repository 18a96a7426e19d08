"""Every route of Braid, classified: does it return figures a reader may not be allowed to see?

The guard tests walk the URL configuration and the OpenAPI schema, so a route added anywhere
must be classified here or the suite fails:

- `DISCLOSES`: pages, API operations and exports that return partners' figures (values,
  aggregates, anything counted): listed with how to call them against the disclosure scenario
  (braid.measures.tests.factories.disclosure_scenario). test_disclosure_guard calls each as a
  steward, the reporting partner, another partner and a viewer.
- `SILENT`: routes that return no such figure, each with the reason.

Pages are keyed by URL name ("measures:indicator"), API operations by method and path under
/api/v1 ("GET /collaboratives/{slug}/values").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

API_PREFIX = "/api/v1"


@dataclass(frozen=True)
class Call:
    """How to call a disclosing route: path parameters and query values name objects of the
    scenario ("served", "share", "period", "a", "b", "c"); `steward_sees` are figures the
    steward must find in the answer (so the route really returns them); `pending` names a
    leak known and being fixed elsewhere (the check is then expected to fail, strictly)."""

    params: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    steward_sees: tuple[str, ...] = ()
    pending: str = ""


DISCLOSES: dict[str, list[Call]] = {
    # Pages
    "collaboratives:home": [Call()],
    "agenda:results": [Call()],
    "measures:scorecard": [Call(steward_sees=("34.198",))],
    "measures:indicator": [
        Call({"pk": "served"}, {"period": "period"}, steward_sees=("7919", "8641")),
        Call({"pk": "share"}, {"period": "period"}, steward_sees=("34.198",)),
    ],
    "measures:export": [Call(query={"format": "csv"}, steward_sees=("7919", "8641", "3137"))],
    "measures:entry": [Call({"period_id": "period"}, {"organisation": "b"}, ("8641",))],
    "measures:report": [Call(query={"organisation": "b"})],
    "measures:template": [Call({"period_id": "period"}, {"organisation": "b", "format": "csv"})],
    "measures:history": [Call(query={"indicator": "served"}, steward_sees=("7919", "8641"))],
    # API
    f"GET {API_PREFIX}/collaboratives/{{slug}}/values": [
        Call(steward_sees=("7919", "8641", "3137", "9173")),
        Call(query={"organisation": "c"}, steward_sees=("20000",)),
        Call(query={"indicator": "share"}, steward_sees=("34.198",)),
    ],
    f"GET {API_PREFIX}/collaboratives/{{slug}}/scorecard": [Call(steward_sees=("34.198",))],
    f"GET {API_PREFIX}/collaboratives/{{slug}}/value-history": [
        Call(steward_sees=("7919", "8641")),
        Call(query={"organisation": "b"}, steward_sees=("8641",)),
    ],
    f"GET {API_PREFIX}/collaboratives/{{slug}}/goals": [Call()],
}

NO_COLLABORATIVE = "outside any collaborative: the account, the language, the API's own pages"
FORM = "a form or a write: answers with a redirect or the form, no partner figure"
REGISTER = "organisations, contacts, outreach, ratings, levels: no reported figure"
DESIGN = "common agenda, governance, plan, resources, terms: text, dates and money, no counts"
SETUP = "indicators, periods, targets, reporters, history: definitions the steward sets"
STATUS = "who has reported, by status (stewards all, a partner its own): no figure"
MEMBERS = "members, invitations, settings, the audit log (stewards)"

_SILENT_PAGES = {
    NO_COLLABORATIVE: """root accounts:login accounts:logout accounts:password_reset
        accounts:password_reset_done accounts:password_reset_confirm
        accounts:password_reset_complete accounts:tokens accounts:revoke_token
        collaboratives:list collaboratives:landing invitation_accept set_language
        healthz readyz""",
    REGISTER: """partners:list partners:new partners:board partners:follow_ups
        partners:follow_up_done partners:stakeholders partners:framings partners:sector_add
        partners:context partners:context_delete partners:levels partners:import
        partners:import_template
        partners:export partners:detail partners:edit partners:status partners:contact_add
        partners:contact_remove partners:contact_restore partners:outreach_add partners:rating_add
        partners:level_report partners:draft""",
    DESIGN: """agenda:agenda agenda:agenda_edit agenda:agenda_history agenda:agenda_endorse
        agenda:goal_new agenda:goal_edit agenda:goal_delete agenda:objective_new
        agenda:objective_edit agenda:objective_delete agenda:plan agenda:activity_new
        agenda:alignment agenda:plan_export agenda:plan_import agenda:plan_import_template
        agenda:my_commitments
        agenda:commitments agenda:activity agenda:activity_edit agenda:activity_delete
        agenda:activity_restore
        agenda:note_add agenda:milestone_add agenda:milestone_done agenda:milestone_delete
        agenda:gov_bodies agenda:gov_body_new agenda:gov_body agenda:gov_body_edit
        agenda:gov_body_delete agenda:gov_rules agenda:gov_rules_new agenda:gov_rules_edit
        agenda:gov_rules_delete agenda:gov_raci agenda:gov_leadership
        agenda:gov_leadership_edit agenda:gov_leadership_delete agenda:gov_backbone
        agenda:res_contributions agenda:res_contribution_delete agenda:res_funders
        agenda:res_funder_edit agenda:res_funder_delete agenda:res_deadline_add
        agenda:res_deadlines agenda:res_deadline_done agenda:res_deadline_delete agenda:terms
        agenda:terms_issue agenda:terms_version agenda:terms_pdf agenda:terms_sign""",
    SETUP: """measures:indicator_new measures:indicator_edit measures:framework_export
        measures:framework_import measures:targets measures:periods measures:period_close measures:target
        measures:objectives measures:story""",
    FORM: """measures:upload measures:job measures:approve measures:return measures:remind
        collaboratives:notice_seen measures:approve_all measures:submit_all
        measures:job_problems""",
    STATUS: "measures:review",
    MEMBERS: """collaboratives:members collaboratives:invite collaboratives:change_role
        collaboratives:remove_member collaboratives:revoke_invitation collaboratives:audit
        collaboratives:settings""",
}

_SILENT_API = {
    NO_COLLABORATIVE: "GET /me; GET /collaboratives; POST /collaboratives",
    MEMBERS: """GET /collaboratives/{slug}; GET /collaboratives/{slug}/settings;
        PATCH /collaboratives/{slug}/settings; GET /collaboratives/{slug}/members;
        POST /collaboratives/{slug}/invitations; GET /collaboratives/{slug}/invitations;
        POST /collaboratives/{slug}/members/{member_id}/change-role;
        DELETE /collaboratives/{slug}/members/{member_id}; GET /collaboratives/{slug}/audit""",
    REGISTER: """GET /collaboratives/{slug}/organisations;
        POST /collaboratives/{slug}/organisations;
        GET /collaboratives/{slug}/organisations/{org_id};
        PATCH /collaboratives/{slug}/organisations/{org_id};
        POST /collaboratives/{slug}/organisations/{org_id}/set-status;
        POST /collaboratives/{slug}/organisations/{org_id}/report-level;
        POST /collaboratives/{slug}/organisations/{org_id}/contacts;
        GET /collaboratives/{slug}/organisations/{org_id}/outreach;
        POST /collaboratives/{slug}/organisations/{org_id}/outreach;
        POST /collaboratives/{slug}/outreach/{entry_id}/complete-follow-up;
        GET /collaboratives/{slug}/follow-ups;
        GET /collaboratives/{slug}/organisations/{org_id}/ratings;
        POST /collaboratives/{slug}/organisations/{org_id}/ratings;
        GET /collaboratives/{slug}/stakeholders; GET /collaboratives/{slug}/framings;
        PUT /collaboratives/{slug}/framings; GET /collaboratives/{slug}/context-factors;
        POST /collaboratives/{slug}/context-factors;
        DELETE /collaboratives/{slug}/context-factors/{factor_id};
        GET /collaboratives/{slug}/levels""",
    DESIGN: """GET /collaboratives/{slug}/agenda; GET /collaboratives/{slug}/agenda/versions;
        POST /collaboratives/{slug}/agenda/versions;
        GET /collaboratives/{slug}/agenda/versions/{number};
        POST /collaboratives/{slug}/agenda/versions/{number}/endorsements;
        POST /collaboratives/{slug}/goals; PUT /collaboratives/{slug}/goals/{goal_id};
        DELETE /collaboratives/{slug}/goals/{goal_id}; POST /collaboratives/{slug}/objectives;
        PUT /collaboratives/{slug}/objectives/{objective_id};
        DELETE /collaboratives/{slug}/objectives/{objective_id};
        GET /collaboratives/{slug}/activities; POST /collaboratives/{slug}/activities;
        GET /collaboratives/{slug}/activities/{activity_id};
        PATCH /collaboratives/{slug}/activities/{activity_id};
        DELETE /collaboratives/{slug}/activities/{activity_id};
        POST /collaboratives/{slug}/activities/{activity_id}/restore;
        GET /collaboratives/{slug}/activities/{activity_id}/notes;
        POST /collaboratives/{slug}/activities/{activity_id}/notes;
        POST /collaboratives/{slug}/activities/{activity_id}/milestones;
        PUT /collaboratives/{slug}/activities/{activity_id}/milestones/{milestone_id};
        DELETE /collaboratives/{slug}/activities/{activity_id}/milestones/{milestone_id};
        GET /collaboratives/{slug}/alignment; GET /collaboratives/{slug}/rules;
        POST /collaboratives/{slug}/rules; PUT /collaboratives/{slug}/rules/{rules_id};
        DELETE /collaboratives/{slug}/rules/{rules_id}; GET /collaboratives/{slug}/bodies;
        POST /collaboratives/{slug}/bodies; GET /collaboratives/{slug}/bodies/{body_id};
        PUT /collaboratives/{slug}/bodies/{body_id};
        DELETE /collaboratives/{slug}/bodies/{body_id}; GET /collaboratives/{slug}/raci;
        PUT /collaboratives/{slug}/raci; GET /collaboratives/{slug}/leadership;
        POST /collaboratives/{slug}/leadership; GET /collaboratives/{slug}/leadership/sectors;
        PUT /collaboratives/{slug}/leadership/{role_id};
        DELETE /collaboratives/{slug}/leadership/{role_id};
        GET /collaboratives/{slug}/backbone; PUT /collaboratives/{slug}/backbone/{function};
        GET /collaboratives/{slug}/contributions; POST /collaboratives/{slug}/contributions;
        GET /collaboratives/{slug}/contributions/totals;
        DELETE /collaboratives/{slug}/contributions/{contribution_id};
        GET /collaboratives/{slug}/funding-sources;
        POST /collaboratives/{slug}/funding-sources;
        PUT /collaboratives/{slug}/funding-sources/{source_id};
        DELETE /collaboratives/{slug}/funding-sources/{source_id};
        POST /collaboratives/{slug}/funding-sources/{source_id}/deadlines;
        GET /collaboratives/{slug}/deadlines;
        PATCH /collaboratives/{slug}/deadlines/{deadline_id};
        DELETE /collaboratives/{slug}/deadlines/{deadline_id};
        GET /collaboratives/{slug}/terms; POST /collaboratives/{slug}/terms;
        GET /collaboratives/{slug}/terms/{number};
        POST /collaboratives/{slug}/terms/{number}/signatures;
        GET /collaboratives/{slug}/terms/{number}/pdf""",
    SETUP: """GET /collaboratives/{slug}/indicators; POST /collaboratives/{slug}/indicators;
        GET /collaboratives/{slug}/indicators/{indicator_id};
        PUT /collaboratives/{slug}/indicators/{indicator_id};
        PATCH /collaboratives/{slug}/indicators/{indicator_id};
        GET /collaboratives/{slug}/indicators/{indicator_id}/history;
        GET /collaboratives/{slug}/periods; POST /collaboratives/{slug}/periods/schedule;
        POST /collaboratives/{slug}/periods/{period_id}/close;
        PUT /collaboratives/{slug}/indicators/{indicator_id}/targets;
        PUT /collaboratives/{slug}/indicators/{indicator_id}/objectives;
        GET /collaboratives/{slug}/framework/export;
        POST /collaboratives/{slug}/framework/import; PUT /collaboratives/{slug}/targets""",
    FORM: """POST /collaboratives/{slug}/values;
        POST /collaboratives/{slug}/organisations/{org_id}/periods/{period_id}/submit;
        POST /collaboratives/{slug}/submissions/{submission_id}/approve;
        POST /collaboratives/{slug}/submissions/{submission_id}/return;
        POST /collaboratives/{slug}/periods/{period_id}/remind;
        POST /collaboratives/{slug}/organisations/{org_id}/submit;
        POST /collaboratives/{slug}/submissions/approve""",
    STATUS: "GET /collaboratives/{slug}/submissions",
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


SILENT: dict[str, str] = {
    **_expand(_SILENT_PAGES, None),
    **_expand(_SILENT_API, ";", API_PREFIX),
}


def _merge_app_routes() -> None:
    """Modules classify their own routes in `braid/<app>/tests/routes.py` (DISCLOSES, SILENT),
    so that adding one touches no other module's file; they are merged here."""
    import importlib

    from django.apps import apps

    for config in apps.get_app_configs():
        if not config.name.startswith("braid.") or config.name == "braid.core":
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.routes")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tests.routes":
                raise
            continue
        for key in module.DISCLOSES.keys() & DISCLOSES.keys():
            raise AssertionError(f"{key} is classified twice ({config.name})")
        DISCLOSES.update(module.DISCLOSES)
        SILENT.update(module.SILENT)


# Walking the routes -----------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    name: str
    route: str  # the pattern, e.g. "c/<slug:slug>/measures/indicators/<int:pk>/"
    params: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.name

    @property
    def tenant(self) -> bool:
        return "slug" in self.params


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # "/api/v1/collaboratives/{slug}/values"
    spec: dict[str, Any]

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def tenant(self) -> bool:
        return "{slug}" in self.path


def pages() -> Iterator[Page]:
    """Every named page of the URL configuration, less the API (walked in its schema) and
    Django's admin (superusers only, no tenant)."""

    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[Page]:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                # The API is walked in its schema (its docs and schema pages show no data).
                if not route.startswith(("admin/", "api/")):
                    params = tuple(re.findall(r"<(?:\w+:)?(\w+)>", route))
                    yield Page(f"{namespace}{p.name or ''}", route, params)

    seen: set[str] = set()
    for page in walk(get_resolver().url_patterns, "", ""):
        if page.name not in seen:
            seen.add(page.name)
            yield page


def operations() -> Iterator[Operation]:
    from config.api import api

    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, spec in methods.items():
            yield Operation(method.upper(), path, spec)


_merge_app_routes()
