"""Every list in Braid downloads as CSV and XLSX (`?format=csv|xlsx` on the page's own route,
`braid.core.http.downloadable`), with the page's own rows: the registry below names every list
that does, the walk asks each as a steward, and a view marked as downloading that is missing
here (or a name here that no longer downloads) fails the suite. What each list holds for a
partner or a viewer is tested beside its module; formulas are neutralised in braid.lib.tabular
(braid/lib/tests/test_tabular.py) and once end to end in collaboratives' test_list_downloads.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from braid.agenda.models import TermsVersion
from braid.collaboratives.models import Membership
from braid.collaboratives.testing import make_persona
from braid.core.http import XLSX
from braid.demo.seed import load_demo
from braid.surveys.models import Round


@dataclass(frozen=True)
class Entry:
    """How to call a list over the demo: its path parameters other than the slug, from the
    demo collaborative, and a query that filters it as a reader would."""

    params: Callable[[Any], dict[str, Any]] = lambda demo: {}
    query: dict[str, str] = field(default_factory=dict)


NONE = Entry()


def _latest(demo: Any, model: Any, field: str) -> Any:
    return getattr(model.objects.filter(collaborative=demo).latest("pk"), field)


LISTS: dict[str, Entry] = {
    "collaboratives:members": NONE,
    "collaboratives:audit": NONE,
    "partners:board": NONE,
    "partners:follow_ups": NONE,
    "partners:stakeholders": NONE,
    "partners:context": NONE,
    "partners:levels": NONE,
    "reports:list": NONE,
    "networks:map": NONE,
    "networks:pairs": NONE,
    "networks:targets": NONE,
    "networks:lessons": Entry(query={"kind": "lesson"}),
    "surveys:rounds": NONE,
    "surveys:round": Entry(lambda demo: {"pk": _latest(demo, Round, "pk")}),
    "agenda:res_contributions": NONE,
    "agenda:res_funders": NONE,
    "agenda:res_deadlines": NONE,
    "agenda:gov_bodies": NONE,
    "agenda:gov_leadership": NONE,
    "agenda:terms": NONE,
    "agenda:terms_version": Entry(lambda demo: {"number": _latest(demo, TermsVersion, "number")}),
    "meetings:list": NONE,
    "meetings:decisions": NONE,
    "meetings:my_actions": Entry(query={"whose": "created"}),
    "meetings:actions_by_org": NONE,
}


def _downloading_routes() -> Iterator[str]:
    def walk(patterns: list[Any], namespace: str) -> Iterator[str]:
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(
                    p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace
                )
            elif isinstance(p, URLPattern) and getattr(p.callback, "downloads", False):
                yield f"{namespace}{p.name}"

    yield from walk(get_resolver().url_patterns, "")


def test_the_registry_names_every_list_that_downloads() -> None:
    assert sorted(set(_downloading_routes())) == sorted(LISTS)


def _problems(client: Client, url: str, query: dict[str, str], slug: str) -> Iterator[str]:
    page = client.get(url, query)
    links = re.findall(r'href="([^"]*format=csv[^"]*)"', page.content.decode())
    if page.status_code != 200 or not links:
        yield f"the page answers {page.status_code} or offers no download"
    elif not all(f"{k}={v}" in links[0] for k, v in query.items()):
        yield f"the download link {links[0]} drops the page's filters"
    csv = client.get(url, {**query, "format": "csv"})
    if csv.status_code != 200 or csv["Content-Type"] != "text/csv; charset=utf-8":
        yield f"CSV: {csv.status_code} {csv.get('Content-Type')}"
        return
    lines = csv.content.decode("utf-8-sig").splitlines()
    header = lines[0].split(",") if lines else []
    if len(header) < 2 or not all(header) or f'"{slug}-' not in csv["Content-Disposition"]:
        yield f"CSV: header {header}, {csv['Content-Disposition']}"
    if len(lines) < 2:
        yield "CSV: no row, though the demo fills this list"
    xlsx = client.get(url, {**query, "format": "xlsx"})
    if xlsx.status_code != 200 or xlsx["Content-Type"] != XLSX:
        yield f"XLSX: {xlsx.status_code} {xlsx.get('Content-Type')}"
        return
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    if [c.value for c in sheet[1]] != header or sheet.max_row != len(lines):
        yield "XLSX: not the CSV's header and rows"


def test_each_list_downloads_as_csv_and_xlsx_and_not_for_an_outsider(other_collaborative):  # type: ignore[no-untyped-def]
    """Over the demo (every list has rows there): each list's page offers the download, which
    answers CSV and XLSX with a header row and the same rows in both; another collaborative's
    steward gets 404."""
    demo = load_demo(force=True)
    steward = Membership.objects.filter(collaborative=demo, role="steward").first().user
    client, outsider = Client(), Client()
    client.force_login(steward)
    outsider.force_login(make_persona(other_collaborative, "steward", email="out@example.org"))
    failures = []
    for name, entry in sorted(LISTS.items()):
        url = reverse(name, kwargs={"slug": demo.slug, **entry.params(demo)})
        failures += [f"{name}: {p}" for p in _problems(client, url, entry.query, demo.slug)]
        if outsider.get(url, {"format": "csv"}).status_code != 404:
            failures.append(f"{name}: an outsider is not refused")
    assert failures == []
