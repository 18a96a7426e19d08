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
from braid.meetings.models import Series
from braid.partners.models import Organisation
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


def _health(demo: Any) -> int:
    """The demo's health centre: it has contacts and an outreach history."""
    return Organisation.objects.get(collaborative=demo, name__contains="Health Centre").pk


LISTS: dict[str, Entry] = {
    "collaboratives:members": NONE,
    "collaboratives:audit": NONE,
    "partners:list": Entry(query={"status": "partner"}),
    "partners:detail": Entry(lambda demo: {"pk": _health(demo)}),
    "partners:board": NONE,
    "partners:follow_ups": NONE,
    "partners:stakeholders": NONE,
    "partners:context": NONE,
    "partners:levels": NONE,
    "partners:framings": NONE,
    "reports:list": NONE,
    "measures:review": NONE,
    "measures:periods": NONE,
    "measures:history": NONE,
    "networks:map": NONE,
    "networks:pairs": NONE,
    "networks:targets": NONE,
    "networks:lessons": Entry(query={"kind": "lesson"}),
    "networks:health": NONE,
    "networks:change": NONE,
    "surveys:rounds": NONE,
    "surveys:round": Entry(lambda demo: {"pk": _latest(demo, Round, "pk")}),
    "surveys:principles": NONE,
    "agenda:res_contributions": NONE,
    "agenda:res_funders": NONE,
    "agenda:res_deadlines": NONE,
    "agenda:gov_bodies": NONE,
    "agenda:gov_leadership": NONE,
    "agenda:gov_rules": NONE,
    "agenda:gov_raci": NONE,
    "agenda:gov_backbone": NONE,
    "agenda:commitments": Entry(lambda demo: {"org": _health(demo)}),
    "agenda:alignment": NONE,
    "agenda:agenda_history": NONE,
    "agenda:terms": NONE,
    "agenda:terms_version": Entry(lambda demo: {"number": _latest(demo, TermsVersion, "number")}),
    "meetings:list": NONE,
    "meetings:decisions": NONE,
    "meetings:my_actions": Entry(query={"whose": "created"}),
    "meetings:actions_by_org": NONE,
    "meetings:series": Entry(lambda demo: {"pk": _latest(demo, Series, "pk")}),
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


def _rows(client: Client, url: str, **query: str) -> list[str]:
    answer = client.get(url, {**query, "format": "csv"})
    assert answer.status_code == 200
    return answer.content.decode("utf-8-sig").splitlines()[1:]


def _demo_clients() -> tuple[Any, dict[str, Client]]:
    demo = load_demo(force=True)
    clients = {}
    for role in ("steward", "partner", "viewer"):
        member = Membership.objects.filter(collaborative=demo, role=role).first()
        clients[role] = Client()
        clients[role].force_login(member.user)
    return demo, clients


def test_a_partners_or_viewers_download_holds_what_their_page_shows_never_more(db) -> None:  # type: ignore[no-untyped-def]
    demo, c = _demo_clients()
    slug = demo.slug
    # The stakeholder analysis is the stewards' (the demo's default): the grid and its file.
    grid = reverse("partners:stakeholders", args=[slug])
    assert _rows(c["steward"], grid) and _rows(c["partner"], grid) == []
    assert _rows(c["viewer"], grid) == []
    # Whom a round invited is the stewards'; others get the response counts only.
    round_url = reverse("surveys:round", args=[slug, _latest(demo, Round, "pk")])
    invited = _rows(c["steward"], round_url, list="invitations")
    assert invited and all("@" in line for line in invited)
    for role in ("partner", "viewer"):
        rows = _rows(c[role], round_url, list="invitations")
        assert rows == _rows(c["steward"], round_url) and not any("@" in r for r in rows)
    # A partner's action items: exactly the rows of its own page.
    mine = reverse("meetings:my_actions", args=[slug])
    page = c["partner"].get(mine).content.decode()
    rows = _rows(c["partner"], mine)
    assert rows and len(rows) == page.count("<tr><td><a href=")
    assert all(line.split(",")[0] in page for line in rows)
    assert _rows(c["steward"], mine) == []  # the demo's actions are the partner's to do


def test_the_map_downloads_its_ties_with_its_filters(db) -> None:  # type: ignore[no-untyped-def]
    demo, c = _demo_clients()
    url = reverse("networks:map", args=[demo.slug])
    page = c["steward"].get(url, {"level": "2"}).content.decode()
    assert "level=2&amp;format=csv&amp;list=ties" in page
    every, strong = (
        _rows(c["steward"], url, list="ties"),
        _rows(c["steward"], url, list="ties", level="2"),
    )
    assert strong and len(strong) < len(every) and set(strong) <= set(every)
    assert len(strong) == page.split('id="ties"')[1].split("</table>")[0].count("<tr><td>")
