"""This module's routes, classified for the guard tests (see braid/core/tests/routes.py):
`DISCLOSES` maps a page name or "METHOD /api/v1/path" to its calls, `SILENT` maps one to the
reason it shows no partner figure. braid/core/tests/routes.py merges every app's."""

from __future__ import annotations

from braid.core.tests.routes import API_PREFIX, Call

DISCLOSES: dict[str, list[Call]] = {
    "reports:list": [Call(), Call(query={"format": "csv"})],
}

# A report's pages need a report of the disclosure scenario, which the shared guard does not
# build: braid/reports/tests/test_disclosure.py calls each of them (page, PDF, API) as the
# steward, both partners and a viewer, draft and published, against the same scenario.
REPORT = "a report's figures: disclosure tested in braid/reports/tests/test_disclosure.py"
PUBLIC = (
    "outside any collaborative's members: disclosure tested in braid/reports/tests/test_public.py"
)
FORM = "a form or a write: answers with a redirect, the form or the report's fields"
R = f"{API_PREFIX}/collaboratives/{{slug}}/reports"
EXPORT = (
    "the whole collaborative for its stewards (stewards see every figure); the round trip is"
    " tested in braid/core/tests/test_bundle.py, who may download it in test_export_api.py"
)

SILENT: dict[str, str] = {
    "reports:detail": REPORT,
    "reports:pdf": REPORT,
    "reports:new": FORM,
    "reports:edit": FORM,
    "reports:narrative": FORM,
    "reports:publish": FORM,
    "reports:unpublish": FORM,
    "reports:delete": FORM,
    "reports:export": EXPORT,
    "reports:public_settings": "the public page's choices (sections, indicators): no figure",
    # The public page: read by the public audience (approved figures, small counts hidden);
    # tested against the disclosure scenario in braid/reports/tests/test_public.py.
    "public:page": PUBLIC,
    "public:embed": PUBLIC,
    "public:indicator": PUBLIC,
    "public:data_csv": PUBLIC,
    "public:data_iati": PUBLIC,
    "public:report": PUBLIC,
    "public:report_pdf": PUBLIC,
    f"GET {R}/{{report_id}}": REPORT,
    f"GET {R}": "reports' titles, periods and status: no figure",
    f"POST {R}": FORM,
    f"PATCH {R}/{{report_id}}": FORM,
    f"PUT {R}/{{report_id}}/narratives/{{section}}": FORM,
    f"POST {R}/{{report_id}}/publish": FORM,
    f"POST {R}/{{report_id}}/unpublish": FORM,
    f"DELETE {R}/{{report_id}}": FORM,
    f"GET {API_PREFIX}/collaboratives/{{slug}}/export": EXPORT,
}
