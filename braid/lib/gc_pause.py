"""Pause Python's cyclic garbage collector around a bounded, allocation-heavy computation.

The scorecard builds about 30,000 small objects a page (a tuple per aggregate, an observation
per period, the rows' points); each 700 allocations start a collection that walks the young
objects, and every so often the whole heap. Reference counting still frees what is no longer
used while paused; only reference cycles wait, and the collector runs as usual afterwards.

Re-entrant and safe across threads: the collector is paused while at least one caller is inside,
and switched back on by the last one out, only if it was on when the first came in.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_inside = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    global _inside, _was_enabled
    with _lock:
        if _inside == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _inside += 1
    try:
        yield
    finally:
        with _lock:
            _inside -= 1
            if _inside == 0 and _was_enabled:
                gc.enable()
