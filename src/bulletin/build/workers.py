"""Processes of the build, on the machine's other cores.

`Forked` forks the build: the child starts with everything the parent has made (articles,
indexes, rendered Markdown, templates), runs its task, and sends back through a pipe what the
parent must know: its log records (so that `mkdocs build --strict` counts the child's warnings
too), and whatever the task sends (pages written). The parent reads the pipe when it `join`s
the child, or, once it has forked every child it needs, in a thread (`listen`) while it goes
on with its own share.

A process with threads is never forked (`can_fork`): a thread may hold a lock (the logging
module's, Babel's, SQLite's) that the child would wait for forever, and Python 3.12+ warns of
it. So the build forks first and starts its threads (the pipes' readers, search's pool) after.
Nothing here imports MkDocs.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import pickle
import signal
import struct
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO, Generic, TypeVar

Send = Callable[[object], None]
T = TypeVar("T")


class WorkerError(Exception):
    """The child failed: the message is its traceback or its exit status."""


@dataclass(frozen=True)
class LogRecord:
    """A record the child logged, to be logged again by the parent."""

    name: str
    level: int
    message: str


@dataclass(frozen=True)
class _Failed:
    traceback: str


def can_fork() -> bool:
    """Whether this process may fork now: on Linux (macOS's system libraries are not safe in a
    forked child, which is why Python spawns there), with no thread but this one."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and thread_count() == 1


def thread_count() -> int:
    """The threads of this process, those Python did not start too (as Python counts them
    when it warns of a fork)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


class ThreadsRunning(RuntimeError):
    """A fork was asked of a process with threads (`can_fork` said no)."""


class Forked:
    """`task(send)` running in a forked child; `on_message` gets what it sends, in the
    parent's thread that `join`s it or, after `listen`, in a thread of its own; log records
    are logged again in the parent."""

    def __init__(
        self,
        task: Callable[[Send], None],
        on_message: Callable[[object], None],
        name: str = "the forked process",
    ) -> None:
        if not can_fork():
            raise ThreadsRunning(f"{name}: not forked, {thread_count()} threads are running")
        read_end, write_end = os.pipe()
        _widen(write_end)
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(read_end)
            _child(task, os.fdopen(write_end, "wb"))
        os.close(write_end)
        self.pid, self.name = pid, name
        self.status: int | None = None
        """The child's exit status, once it is reaped."""
        self.failure: str | None = None
        self._on_message = on_message
        self._stream: BinaryIO | None = os.fdopen(read_end, "rb")
        self._reader: threading.Thread | None = None

    def listen(self) -> None:
        """Read what the child sends in a thread from now on (once every fork is done)."""
        stream, self._stream = self._stream, None
        if stream is not None:
            self._reader = threading.Thread(
                target=self._read, args=(stream,), name="bulletin-worker"
            )
            self._reader.start()

    def _read(self, stream: BinaryIO) -> None:
        with stream:
            while True:
                try:
                    message = pickle.load(stream)
                except EOFError:
                    return
                except Exception as error:  # cut off: the child was stopped while it wrote
                    self.failure = self.failure or f"{self.name} sent what cannot be read ({error})"
                    return
                if isinstance(message, _Failed):
                    self.failure = message.traceback
                elif isinstance(message, LogRecord):
                    logging.getLogger(message.name).log(message.level, "%s", message.message)
                else:
                    try:
                        self._on_message(message)
                    except Exception:  # said at join, where the build can stop
                        self.failure = self.failure or traceback.format_exc()

    def running(self) -> bool:
        """Whether the child may still send something."""
        return self._stream is not None or (self._reader is not None and self._reader.is_alive())

    def stop(self) -> None:
        """End the child now (the build failed)."""
        if self.status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
        self._wait()

    def join(self) -> None:
        """Wait for the child; raise WorkerError if it failed."""
        self._wait()
        if self.failure is not None:
            raise WorkerError(self.failure)
        if self.status:  # reaped by `_wait`
            raise WorkerError(f"{self.name} {_ended(self.status)}")

    def _wait(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:  # never listened: read here, to the end
            self._read(stream)
        if self._reader is not None:
            self._reader.join()
        if self.status is None:
            self.status = os.waitpid(self.pid, 0)[1]


PIPE_BYTES = 1 << 20
"""The pipe's room (Linux's most for anyone, by default; 64 KB otherwise): a rendering process
sends the words of each article it writes, about 15 KB, and with room for four it sometimes
waited for the first process's reading thread. At 10,000 articles py-spy found the second
process sending in 11% of its samples with 64 KB, 8% with 1 MB (the rest is pickling and
writing)."""


def _widen(pipe: int) -> None:
    """Give the pipe `PIPE_BYTES` of room where the system allows it."""
    if hasattr(fcntl, "F_SETPIPE_SZ"):
        with contextlib.suppress(OSError):  # above the system's limit: the room it has
            fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, PIPE_BYTES)


CHUNK = 32
"""Items a process takes at a time from a `Dealer`: small against a process's share (the
processes end within a few pages of each other), large against a read from a pipe."""
CHUNKS = 8192
"""A dealer's chunks at most: their numbers (4 bytes each) fit the smallest pipe (64 KB) with
room to spare; a longer list has larger chunks."""
_NUMBER = struct.Struct("=I")


class Dealer(Generic[T]):
    """`items` handed out in chunks, in their order, to whichever process asks next: this
    one and the ones it forks after making the dealer. A process takes another chunk when it
    is done with its last, so they all end together, whatever each does besides (a fixed
    share left the first process, which also reads what the others send and feeds search,
    working 1.2 s after the other had ended at a 10,000-article rebuild). The chunks' numbers
    wait in a pipe, written whole before any fork: a read of one is atomic, and a process
    that dies holds no lock another would wait for."""

    def __init__(self, items: Sequence[T], chunk: int = CHUNK) -> None:
        self.items = items
        self.chunk = max(chunk, -(-len(items) // CHUNKS))
        count = -(-len(items) // self.chunk)
        self._pipe, write_end = os.pipe()
        try:
            os.write(write_end, b"".join(_NUMBER.pack(number) for number in range(count)))
        finally:
            os.close(write_end)  # read to its end, the pipe says so (no process can write)

    def __iter__(self) -> Iterator[T]:
        """The items this process is given, until none is left."""
        while self._pipe >= 0:
            number = os.read(self._pipe, _NUMBER.size)
            if not number:
                self.close()
                return
            start = _NUMBER.unpack(number)[0] * self.chunk
            yield from self.items[start : start + self.chunk]

    def close(self) -> None:
        """This process takes no more (the others go on)."""
        if self._pipe >= 0:
            os.close(self._pipe)
            self._pipe = -1


def _ended(status: int) -> str:
    """How a child ended, from its wait status."""
    code = os.waitstatus_to_exitcode(status)
    return f"was stopped by signal {-code}" if code < 0 else f"ended with exit code {code}"


def _child(task: Callable[[Send], None], stream: BinaryIO) -> None:
    code = 1
    try:
        lock = threading.Lock()

        def send(message: object) -> None:
            with lock:
                pickle.dump(message, stream, protocol=pickle.HIGHEST_PROTOCOL)
                stream.flush()

        _forward_logs(send)
        try:
            task(send)
            code = 0
        except BaseException:
            send(_Failed(traceback.format_exc()))
        stream.close()
    finally:
        os._exit(code)


class _Forwarder(logging.Handler):
    def __init__(self, send: Send) -> None:
        super().__init__()
        self.send = send

    def emit(self, record: logging.LogRecord) -> None:
        self.send(LogRecord(record.name, record.levelno, record.getMessage()))


def _forward_logs(send: Send) -> None:
    """In the child, every record goes to the parent instead of the terminal."""
    forwarder = _Forwarder(send)
    for logger in [logging.getLogger(), *_loggers_with_handlers()]:
        logger.handlers = [forwarder] if logger is logging.getLogger() else []
        logger.propagate = logger is not logging.getLogger()


def _loggers_with_handlers() -> list[logging.Logger]:
    loggers = logging.Logger.manager.loggerDict.values()
    return [logger for logger in loggers if isinstance(logger, logging.Logger) and logger.handlers]
