"""SQLite's fast way for a large file, in two processes: a forked child reads, checks and
resolves the rows and pipes them in batches to the importing process, which writes them."""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import select
import signal
import struct
from collections.abc import Callable, Iterator
from typing import IO, Any, NoReturn

from braid.measures.imports import parsing
from braid.measures.imports.reading import collector_paused
from braid.measures.imports.result import ValueImportResult
from braid.measures.imports.writers import Fallback, Sink

FORK_MIN_BYTES = 4 << 20  # SQLite: files from about 4 MB (130,000 rows) are read by a child


CHILD_SILENCE = 120  # seconds without a word from the reading child before giving it up


def read_elsewhere(sink: Sink, source: IO[bytes]) -> bool:
    """Whether a second process should read this file (SQLite, a large file, and a system that
    can fork)."""
    if sink.postgres or not hasattr(os, "fork"):
        return False  # PostgreSQL's server already writes while Python reads
    here = source.tell()
    size = source.seek(0, io.SEEK_END) - here
    source.seek(here)
    return size >= FORK_MIN_BYTES


def _send(fd: int, message: tuple[Any, ...]) -> None:
    data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    view = memoryview(struct.pack("!Q", len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _receive(fd: int) -> tuple[Any, ...]:
    (size,) = struct.unpack("!Q", _read_exactly(fd, 8))
    message: tuple[Any, ...] = pickle.loads(_read_exactly(fd, size))  # noqa: S301 (our child)
    return message


def _read_exactly(fd: int, size: int) -> bytes:
    """`size` bytes from the child; a child silent for CHILD_SILENCE seconds, or gone, makes
    this process give the fast way up rather than wait for ever."""
    chunks = []
    while size:
        ready, _w, _x = select.select([fd], [], [], CHILD_SILENCE)
        chunk = os.read(fd, min(size, 1 << 20)) if ready else b""
        if not chunk:
            raise Fallback
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


class PipeSink(Sink):
    """What the reading process writes to: each batch, pickled, to the writing process."""

    def __init__(self, fd: int) -> None:  # no cursor: this process has no database
        self.fd = fd
        self.postgres = self.started = False
        self.lead = 0  # rows as the fast way writes them on SQLite, without row numbers

    @contextlib.contextmanager
    def streaming(self, allowed: bool) -> Iterator[None]:
        yield

    def flush(
        self, batch: list[Any], pairs: set[tuple[int, int]], ratios: list[Any] | None = None
    ) -> None:
        if not (batch or ratios):
            return
        first = None if self.started else set(pairs)
        self.started = True
        _send(self.fd, ("batch", batch, first, ratios or []))
        batch.clear()
        if ratios:
            ratios.clear()


def read_in_child(
    sink: Sink,
    source: IO[bytes],
    filename: str,
    read: Callable[..., tuple[set[tuple[int, int]], list[Any] | None]],
    result: ValueImportResult,
    progress: Callable[[int], None] | None,
) -> tuple[set[tuple[int, int]], list[Any] | None]:
    """SQLite's fast way for a large file, in two processes: a forked child reads, checks and
    resolves the rows (about 2 s a million, all of it holding Python's lock) and pipes them in
    batches to this process, which writes them (about 3 s a million), each at the same time:
    a million rows took 4.0 s instead of 5.9 s (median of four, interleaved). The child never
    touches the database and ends with `os._exit`; at its first problem it says so, and this
    process gives the fast way up as it would have itself."""
    inlet, outlet = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(inlet)
        _child(outlet, source, filename, read, result, send_progress=progress is not None)
    os.close(outlet)
    finished = False
    try:
        with collector_paused():
            while True:
                message = _receive(inlet)
                if message[0] == "batch":
                    sink.flush(message[1], message[2] or set(), message[3])
                elif message[0] == "progress" and progress is not None:
                    progress(message[1])
                elif message[0] == "done":
                    result.rows = message[1]
                    finished = True
                    return message[2], message[3]
                else:
                    raise Fallback
    finally:
        os.close(inlet)
        if not finished:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _child(
    outlet: int,
    source: IO[bytes],
    filename: str,
    read: Callable[..., tuple[set[tuple[int, int]], list[Any] | None]],
    result: ValueImportResult,
    *,
    send_progress: bool,
) -> NoReturn:
    """The reading child: read, check and resolve, pipe each batch, say how it ended, exit."""
    code = 0
    try:
        pipe = PipeSink(outlet)
        try:
            headers, numbered, _text = parsing.open_rows(source, filename)
            pairs, kept = read(
                pipe,
                headers,
                numbered,
                result=result,
                give_up=True,
                progress=(lambda rows: _send(outlet, ("progress", rows)))
                if send_progress
                else None,
            )
            message: tuple[Any, ...] = (
                ("done", result.rows, pairs, kept) if result.ok else ("fallback",)
            )
        except Exception:  # the careful way reads again and says what is wrong
            message = ("fallback",)
        _send(outlet, message)
    except BaseException:
        code = 1
    finally:
        os._exit(code)  # no clean-up: the parent's database connection is not the child's
