"""Benchmark plumbing: a fresh database per run, timing helpers, results.json and the table.

Each benchmark compares Braid's real code path with a baseline run in the same process, and
records the ratio; nothing here is a timed assertion.
"""

from __future__ import annotations

import json
import os
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results.json"


def median_seconds(fn: Callable[[], Any], *, repeat: int = 30, warmup: int = 3) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def record(
    name: str, db: str, value: float, unit: str, baseline: float | None, goal: str
) -> dict[str, Any]:
    ratio = round(value / baseline, 3) if baseline else None
    entry = {
        "name": name,
        "db": db,
        "value": round(value, 6),
        "unit": unit,
        "baseline": round(baseline, 6) if baseline is not None else None,
        "ratio": ratio,
        "goal": goal,
    }
    existing: list[dict[str, Any]] = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    existing = [e for e in existing if not (e["name"] == name and e["db"] == db)]
    existing.append(entry)
    RESULTS.write_text(json.dumps(existing, indent=2) + "\n")
    return entry


def print_table(entries: list[dict[str, Any]]) -> None:
    header = f"{'name':28} {'db':11} {'value':>12} {'unit':6} {'baseline':>12} {'ratio':>8}  goal"
    print(header)
    print("-" * len(header))
    for e in entries:
        baseline = "" if e["baseline"] is None else f"{e['baseline']:.6g}"
        ratio = "" if e["ratio"] is None else f"{e['ratio']:.2f}"
        print(
            f"{e['name']:28} {e['db']:11} {e['value']:>12.6g} {e['unit']:6} "
            f"{baseline:>12} {ratio:>8}  {e['goal']}"
        )


def setup_django(db_url: str) -> str:
    """Point Django at `db_url`, migrate a fresh schema, and return the vendor name."""
    warnings.filterwarnings("ignore", "No directory at")
    os.environ["BRAID_DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["BRAID_DEBUG"] = "0"
    import django

    django.setup()
    from django.conf import settings

    # Benchmarks render pages without running collectstatic first: plain static storage.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    return connection.vendor
