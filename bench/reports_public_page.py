"""The public results page of the bench collaborative (200 indicators × 60 months, every
section on), cached and uncached, against a 200-row table of latest figures served through the
same middleware in the same run; and the demo's annual report as a PDF (English), against a
one-page PDF from the same WeasyPrint. Goals: page under 50 ms median cached and 300 ms
uncached; annual PDF under 10 s."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from bench.common import median_seconds, record, setup_django
from bench.measures_common import build
from bench.measures_scorecard_page import _aggregates


def _pdf_seconds() -> tuple[float, float, int]:
    """(annual PDF, one-page PDF) seconds and the annual's page count, best of two."""
    from weasyprint import HTML

    from braid.collaboratives.access import access_for
    from braid.collaboratives.models import Membership
    from braid.demo.seed import load_demo
    from braid.reports import document
    from braid.reports.models import Report

    demo = load_demo(force=True)
    steward = Membership.objects.filter(collaborative=demo, role="steward").first()
    access = access_for(steward.user, demo.slug)  # type: ignore[union-attr]
    report = Report.objects.filter(collaborative=demo, template="annual").first()
    assert report is not None
    runs, html_runs = [], []
    for _ in range(2):
        start = time.perf_counter()
        document.render_html(report, access, "en")
        html_runs.append(time.perf_counter() - start)
        start = time.perf_counter()
        pdf = document.render_pdf(report, access, "en")
        runs.append(time.perf_counter() - start)
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout
    pages = int(next(ln.split()[-1] for ln in info.decode().splitlines() if ln.startswith("Pages")))
    print(f"annual report: sections and HTML {min(html_runs):.1f} s of the PDF's {min(runs):.1f} s")
    one = "<html><body><h1>One page</h1><table>" + "<tr><td>x</td></tr>" * 20 + "</table>"
    start = time.perf_counter()
    HTML(string=one).write_pdf()
    return min(runs), time.perf_counter() - start, pages


def main() -> None:
    vendor = setup_django(os.environ["BRAID_BENCH_DB"])
    from django.core.cache import cache
    from django.http import HttpResponse
    from django.template import Context, Template
    from django.test import Client, override_settings
    from django.urls import include, path

    from braid.measures.models import Aggregate, Indicator, Period
    from braid.reports.models import PublicPage
    from braid.reports.public import PUBLIC_SECTIONS

    access = build()
    _aggregates(access)
    PublicPage.objects.create(
        collaborative=access.collaborative,
        enabled=True,
        sections=list(PUBLIC_SECTIONS),
        indicator_ids=list(
            Indicator.objects.filter(collaborative=access.collaborative).values_list(
                "pk", flat=True
            )
        ),
    )
    latest = Period.objects.filter(collaborative=access.collaborative).latest("start").start
    table = Template(
        "<table>{% for name, value in rows %}<tr><th>{{ name }}</th><td>{{ value }}</td></tr>"
        "{% endfor %}</table>"
    )

    def bare(request):  # type: ignore[no-untyped-def]
        rows = Aggregate.objects.filter(
            collaborative=access.collaborative, period__start=latest
        ).values_list("indicator__name", "value")
        return HttpResponse(table.render(Context({"rows": list(rows)})))

    module = type(os)("bench_public_urls")
    module.urlpatterns = [path("bench/bare/", bare), path("", include("config.urls"))]  # type: ignore[attr-defined]
    sys.modules["bench_public_urls"] = module
    with override_settings(ROOT_URLCONF="bench_public_urls", ALLOWED_HOSTS=["*"]):
        client = Client()
        html = client.get("/p/bench/").content.decode()
        assert html.count("/p/bench/i/ind-") >= 200, "the page shows every indicator"

        def uncached() -> None:
            cache.clear()
            client.get("/p/bench/")

        t_cold = median_seconds(uncached, repeat=9, warmup=1)
        client.get("/p/bench/")
        t_warm = median_seconds(lambda: client.get("/p/bench/"), repeat=30)
        t_bare = median_seconds(lambda: client.get("/bench/bare/"), repeat=30)
    t_pdf, t_one, pages = _pdf_seconds()
    load = os.getloadavg()[0]
    record(
        "reports.public_page_cached", vendor, t_warm * 1000, "ms", t_bare * 1000, "< 50 ms median"
    )
    record(
        "reports.public_page_uncached",
        vendor,
        t_cold * 1000,
        "ms",
        t_bare * 1000,
        "< 300 ms median",
    )
    record(
        "reports.annual_pdf",
        vendor,
        t_pdf,
        "s",
        t_one,
        f"< 10 s ({pages} pages; ratio vs one page)",
    )
    print(
        f"{vendor}: public page cached {t_warm * 1000:.1f} ms, uncached {t_cold * 1000:.0f} ms,"
        f" 200-row table {t_bare * 1000:.1f} ms; annual PDF {t_pdf:.1f} s ({pages} pages),"
        f" one-page PDF {t_one:.2f} s; load {load:.1f}"
    )


if __name__ == "__main__":
    main()
