"""A second process for the build, on the second core.

`Forked` forks the build: the child starts with everything the parent has made (articles,
indexes, rendered Markdown, templates), runs its task, and sends back through a pipe what the
parent must know: its log records (so that `mkdocs build --strict` counts the child's warnings
too), and whatever the task sends (pages written). The parent reads the pipe in a thread while
it goes on with its own share. Nothing here imports MkDocs.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

Send = Callable[[object], None]


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
    """Linux only: macOS's system libraries are not safe in a child forked from a process with
    threads (the search indexer's), which is why Python spawns there."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


class Forked:
    """`task(send)` running in a forked child; `on_message` gets what it sends, in a thread
    of the parent, and log records are logged again in the parent."""

    def __init__(
        self,
        task: Callable[[Send], None],
        on_message: Callable[[object], None],
        name: str = "the forked process",
    ) -> None:
        read_end, write_end = os.pipe()
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
        self._reader = threading.Thread(
            target=self._read, args=(os.fdopen(read_end, "rb"),), name="bulletin-worker"
        )
        self._reader.start()

    def _read(self, stream: BinaryIO) -> None:
        with stream:
            while True:
                try:
                    message = pickle.load(stream)
                except EOFError:
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
        return self._reader.is_alive()

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
        self._reader.join()
        if self.status is None:
            self.status = os.waitpid(self.pid, 0)[1]


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
