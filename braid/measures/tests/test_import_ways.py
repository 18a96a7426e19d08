"""The import's two ways: new figures go straight into the value table; anything else (a
problem, a key already there, a key repeated) is read again the careful way, and the outcome
is the same as if the careful way had run alone."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone

from braid.core.testing import table_counts
from braid.measures import imports
from braid.measures.imports import child, parsing, reading, service
from braid.measures.models import Submission, Value, ValueHistory
from braid.measures.rules import Lookups
from braid.measures.tests.test_import import GOOD, run


@pytest.fixture
def ways(monkeypatch):  # type: ignore[no-untyped-def]
    """Which way each import took: "fast" when the fast way finished, "careful" otherwise."""
    taken: list[str] = []
    fast, careful = service._fast, service._careful

    def spy_fast(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = fast(*args, **kwargs)
        if result is not None:
            taken.append("fast")
        return result

    def spy_careful(*args, **kwargs):  # type: ignore[no-untyped-def]
        taken.append("careful")
        return careful(*args, **kwargs)

    monkeypatch.setattr(service, "_fast", spy_fast)
    monkeypatch.setattr(service, "_careful", spy_careful)
    return taken


def test_new_figures_go_the_fast_way_with_who_and_when(setup, ways, steward):  # type: ignore[no-untyped-def]
    before = timezone.now()
    result = run(setup, GOOD)
    assert ways == ["fast"]
    assert result.ok and (result.rows, result.inserted, result.updated) == (5, 5, 0)
    pct = Value.objects.get(indicator=setup["pct"])
    assert (pct.value, pct.numerator, pct.denominator) == (75.0, 9.0, 12.0)
    total = Value.objects.get(
        indicator=setup["served"], organisation=setup["org"], disaggregation=""
    )
    assert (total.value, total.numerator, total.updated_by_id) == (40.0, None, steward.pk)
    assert before - dt.timedelta(seconds=1) <= total.updated_at <= timezone.now()
    assert Submission.objects.filter(status="draft").count() == 2
    assert not ValueHistory.objects.exists()


def test_a_file_of_corrections_goes_the_careful_way_and_keeps_history(setup, ways):  # type: ignore[no-untyped-def]
    assert run(setup, GOOD).ok
    ways.clear()
    result = run(setup, GOOD.replace(",,40,,", ",,44,,"))
    assert ways == ["careful"]
    assert (result.inserted, result.updated) == (0, 5)
    assert list(ValueHistory.objects.values_list("before", "after")) == [(40, 44)]


def test_a_key_already_there_late_in_the_file_falls_back_whole(setup, ways):  # type: ignore[no-untyped-def]
    """The first batch looks new (no report for its periods), a later row meets a value
    written without a report: the fast way's rows are undone and the careful way upserts."""
    served, org = setup["served"], setup["org"]
    c = setup["access"].collaborative
    march = Lookups.load(setup["access"]).periods["2026-03"]
    Value.objects.create(
        collaborative_id=c.pk, indicator=served, organisation=org, period_id=march, value=7
    )
    rows = [f"youth-served,Riverside Police,2026-0{m},,{m}" for m in (1, 2)]
    rows += ["youth-served,Eastside Health Centre,2026-03,,8"]
    text = "indicator,organisation,period,disaggregation,value\n" + "\n".join(rows) + "\n"
    monkey_batch = reading.BATCH
    try:
        reading.BATCH = 2  # the first batch is written before the old key is met
        result = run(setup, text)
    finally:
        reading.BATCH = monkey_batch
    assert ways == ["careful"]
    assert result.ok and (result.inserted, result.updated) == (2, 1)
    assert Value.objects.count() == 3
    assert list(ValueHistory.objects.values_list("before", "after")) == [(7, 8)]


def test_a_repeated_key_falls_back_and_is_reported_with_nothing_written(setup, ways):  # type: ignore[no-untyped-def]
    text = GOOD + "youth-served,Riverside Police,2026-01,,13,,\n"
    counts = table_counts()
    result = run(setup, text)
    assert ways == ["careful"]
    assert [(p.row, p.field) for p in result.problems] == [(7, "indicator")]
    assert "row 5" in result.problems[0].message
    assert table_counts() == counts


def test_a_problem_falls_back_and_every_problem_is_reported(setup, ways):  # type: ignore[no-untyped-def]
    text = (
        GOOD
        + "youth-served,Riverside Police,2026-02,,inf,,\nyouth-served,Riverside Police,2026-03,,nan,,\n"
    )
    counts = table_counts()
    result = run(setup, text)
    assert ways == ["careful"]
    assert [(p.row, p.field, p.value) for p in result.problems] == [
        (7, "value", "inf"),
        (8, "value", "nan"),
    ]
    assert result.problems[0].message.startswith("Too large to be a figure")
    assert result.problems[1].message.startswith("Not a number")
    assert table_counts() == counts


class _Stream(io.RawIOBase):
    """A source that cannot seek, as a pipe."""

    def __init__(self, data: bytes) -> None:
        self.inner = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        chunk = self.inner.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_a_source_that_cannot_seek_goes_the_careful_way(setup, ways):  # type: ignore[no-untyped-def]
    result = imports.import_values(
        access=setup["access"], source=io.BufferedReader(_Stream(GOOD.encode())), filename="v.csv"
    )
    assert ways == ["careful"]
    assert result.ok and result.inserted == 5


def test_the_source_stays_open_after_the_fast_way(setup):  # type: ignore[no-untyped-def]
    source = io.BytesIO(GOOD.encode())
    assert imports.import_values(access=setup["access"], source=source, filename="v.csv").ok
    assert not source.closed


@pytest.mark.parametrize("way", ["fast", "careful"])
def test_a_file_over_the_warning_limit_says_its_figures_were_not_checked(setup, monkeypatch, way):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(reading, "WARN_LIMIT", 4)
    if way == "careful":
        monkeypatch.setattr(service, "_fast", lambda *args: None)
    result = run(setup, GOOD)
    assert result.ok and result.rows == 5
    assert result.warnings_checked is False and result.as_dict()["warnings_checked"] is False
    monkeypatch.setattr(reading, "WARN_LIMIT", 5)
    Value.objects.all().delete()
    Submission.objects.all().delete()
    assert run(setup, GOOD).warnings_checked is True


@pytest.mark.parametrize(
    ("tail", "message"),
    [
        (b"youth-served,Riverside Police,2026-02,,\xff\xfe,,\n", "not UTF-8"),
        (b'youth-served,"' + b"x" * 200_000 + b'",2026-02,,4,,\n', "not plain CSV"),
    ],
)
def test_a_broken_file_is_refused_with_how_to_fix_it(setup, tail, message):  # type: ignore[no-untyped-def]
    from braid.lib.tabular import TabularError

    counts = table_counts()
    with pytest.raises(TabularError, match=message):
        imports.import_values(
            access=setup["access"], source=io.BytesIO(GOOD.encode() + tail), filename="v.csv"
        )
    assert table_counts() == counts


@pytest.fixture
def forked(monkeypatch):  # type: ignore[no-untyped-def]
    """Every CSV file is read by a child process (SQLite), however small."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's server already writes while Python reads: no child")
    monkeypatch.setattr(child, "FORK_MIN_BYTES", 0)
    children: list[int] = []
    fork = child.os.fork

    def counting_fork() -> int:
        pid = fork()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(child.os, "fork", counting_fork)
    return children


def test_a_child_reads_a_large_file_and_the_outcome_is_the_same(setup, ways, forked, steward):  # type: ignore[no-untyped-def]
    seen: list[int] = []
    result = run(setup, GOOD, progress=seen.append)
    assert len(forked) == 1 and ways == ["fast"]
    assert result.ok and (result.rows, result.inserted, result.updated) == (5, 5, 0)
    assert result.warnings_checked is True
    pct = Value.objects.get(indicator=setup["pct"])
    assert (pct.value, pct.numerator, pct.denominator) == (75.0, 9.0, 12.0)
    assert Value.objects.get(disaggregation="gender=girls").value == 22
    assert Submission.objects.filter(status="draft").count() == 2
    assert seen == [5]


def test_the_child_reports_progress_on_a_long_file(setup, forked):  # type: ignore[no-untyped-def]
    many = "".join(f"youth-served,Riverside Police,2026-0{1 + n % 3},,{n}\n" for n in range(25_000))
    seen: list[int] = []
    result = run(
        setup, "indicator,organisation,period,disaggregation,value\n" + many, progress=seen.append
    )
    assert len(forked) == 1
    # 25,000 rows for 3 keys: the child stops at the first repeated key (the parent's write
    # refuses it), and the careful way reads it all again and reports every repeat; the page's
    # count never goes back.
    assert seen == sorted(set(seen)) and seen[-1] == 25_000
    assert not result.ok and result.rows == 25_000 and result.problem_count == 25_000 - 3


def test_a_problem_seen_by_the_child_falls_back_to_the_careful_way(setup, ways, forked):  # type: ignore[no-untyped-def]
    counts = table_counts()
    result = run(setup, GOOD + "nope,Riverside Police,2026-02,,4,,\n")
    assert len(forked) == 1 and ways == ["careful"]
    assert [(p.row, p.field) for p in result.problems] == [(7, "indicator")]
    assert table_counts() == counts


def test_a_key_already_there_stops_the_child_and_falls_back(setup, ways, forked):  # type: ignore[no-untyped-def]
    c = setup["access"].collaborative
    march = Lookups.load(setup["access"]).periods["2026-03"]
    Value.objects.create(
        collaborative_id=c.pk,
        indicator=setup["served"],
        organisation=setup["org"],
        period_id=march,
        value=7,
    )
    text = (
        "indicator,organisation,period,disaggregation,value\n"
        "youth-served,Riverside Police,2026-01,,1\n"
        "youth-served,Eastside Health Centre,2026-03,,8\n"
    )
    result = run(setup, text)
    assert len(forked) == 1 and ways == ["careful"]
    assert result.ok and (result.inserted, result.updated) == (1, 1)
    assert list(ValueHistory.objects.values_list("before", "after")) == [(7, 8)]


def test_a_child_that_dies_leaves_the_import_to_the_careful_way(setup, ways, forked, monkeypatch):  # type: ignore[no-untyped-def]
    parent = child.os.getpid()
    real_open = parsing.open_rows

    def dying_open(*args):  # type: ignore[no-untyped-def]
        if child.os.getpid() != parent:
            child.os._exit(3)
        return real_open(*args)

    monkeypatch.setattr(parsing, "open_rows", dying_open)
    result = run(setup, GOOD)
    assert len(forked) == 1 and ways == ["careful"]
    assert result.ok and result.inserted == 5
