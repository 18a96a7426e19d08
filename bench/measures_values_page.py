"""The values list API, 1,000 values a page: queries and time deep in the list vs page one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bench.common import median_seconds, record, setup_django
from bench.measures_common import build, write_csv


def main() -> None:
    os.environ.setdefault("BENCH_ROWS", "360000")
    vendor = setup_django(os.environ["BRAID_BENCH_DB"])
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from braid.measures.imports import import_file
    from braid.measures.models import Value

    # Each request would empty the query log that CaptureQueriesContext reads.
    request_started.disconnect(reset_queries)
    access = build()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "values.csv"
        write_csv(path)
        assert import_file(access=access, path=path).ok
    with override_settings(ALLOWED_HOSTS=["*"]):
        client = Client()
        client.force_login(access.user)
        url = "/api/v1/collaboratives/bench/values?limit=1000"
        key = sorted(
            Value.objects.values_list(
                "indicator_id", "period_id", "organisation_id", "disaggregation"
            )
        )[-5000]
        deep = ".".join(map(str, key))
        with CaptureQueriesContext(connection) as first:
            assert len(client.get(url).json()["items"]) == 1000
        with CaptureQueriesContext(connection) as far:
            assert len(client.get(f"{url}&after={deep}").json()["items"]) == 1000
        n_first, n_far = len(first.captured_queries), len(far.captured_queries)
        record(
            "measures.values_page",
            vendor,
            len(far.captured_queries),
            "queries",
            len(first.captured_queries),
            "same query count deep in the list",
        )
        t_far = median_seconds(lambda: client.get(f"{url}&after={deep}"), repeat=10)
        t_first = median_seconds(lambda: client.get(url), repeat=10)
        record(
            "measures.values_page_time", vendor, t_far * 1000, "ms", t_first * 1000, "informational"
        )
    print(f"{vendor}: queries {n_first} -> {n_far}; {t_first * 1000:.0f} -> {t_far * 1000:.0f} ms")


if __name__ == "__main__":
    main()
