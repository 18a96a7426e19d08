"""The collector is paused inside, switched back on by the last caller out, never left off."""

from __future__ import annotations

import gc
import threading

from braid.lib import gc_pause


def test_paused_inside_and_on_again_after_even_when_nested_or_failing() -> None:
    assert gc.isenabled()
    with gc_pause.paused():
        assert not gc.isenabled()
        with gc_pause.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer caller is still inside
    assert gc.isenabled()
    try:
        with gc_pause.paused():
            raise ValueError
    except ValueError:
        pass
    assert gc.isenabled()


def test_left_off_when_it_was_off_before() -> None:
    gc.disable()
    try:
        with gc_pause.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_threads_overlapping_leave_it_on() -> None:
    """A first thread out while a second is inside leaves the collector paused; the last one
    out switches it on (a naive save-and-restore would leave it off for good)."""
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with gc_pause.paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with gc_pause.paused():
            second_in.set()
            first_out.wait(5)
            seen.append(gc.isenabled())

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == [False] and gc.isenabled()
