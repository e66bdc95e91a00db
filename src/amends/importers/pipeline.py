"""An import's reading side: export file -> batches of storage rows, handed to a Host.

    run(path, options, host)    # a big export is parsed in a worker process, else right here

The Host is the storage side (services.chats): after the read-ahead it is told the format and
the people found and answers with the chat's known sender ids and last position; it stores
new names on request and inserts each batch in its own transaction. Reading never touches
the database, so a big export can be parsed in a second process while this one inserts:
wall time then approaches the slower of the two instead of their sum. The worker is a plain
`python -m amends.importers.pipeline FD` talking pickled messages over a socket pair; an
AmendsError there (a bad line) is raised here with the same one-line text, and any failure
stops the worker, so the caller's transaction rolls back as it would in-process.
"""

from __future__ import annotations

import contextlib
import gc
import io
import marshal
import os
import pickle
import signal
import socket
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator
from itertools import chain
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple, Protocol

from amends.core.chat import ChatMessage, MessageKind, ReadOptions
from amends.core.errors import AmendsError
from amends.importers import open_export, whatsapp, whatsapp_rows
from amends.importers.rows import Row, RowMaker

READ_AHEAD = 1000  # messages from people read before the chat is chosen
WORKER_BYTES = 8 << 20  # exports at least this big are parsed in a worker process


class Ahead(NamedTuple):
    format: str  # the importer's NAME
    names: list[str]  # people, in the order of their first message
    complete: bool  # the whole export fitted in the read-ahead
    size: int  # bytes to read, for the progress bar


class Start(NamedTuple):
    senders: dict[str, int]  # names already stored for the chat -> their ids
    position: int  # the chat's last stored position


class Host(Protocol):
    def ahead(self, found: Ahead) -> Start: ...

    def new_sender(self, name: str) -> int: ...

    def rows(self, batch: list[Row], done: int) -> None: ...


def run(path: Path, options: ReadOptions, host: Host) -> None:
    if _worker_fits(path):
        run_in_worker(path, options, host)
    else:
        run_here(path, options, host)


def run_here(path: Path, options: ReadOptions, host: Host) -> None:
    """1. open and detect, 2. read ahead, 3. ask the host, 4. rows in batches."""
    with open_export(path) as (importer, raw):
        stream = Counting(raw)
        if importer is whatsapp and options.date_order is None:  # settled once, read twice
            options = options._replace(
                date_order=whatsapp.resolve_date_order(stream, importer.WHAT)
            )
            stream.seek(0)
        messages = importer.read(stream, options)
        ahead = read_ahead(messages)
        people = [m.sender for m in ahead if m.kind is not MessageKind.SYSTEM]
        found = Ahead(
            importer.NAME, list(dict.fromkeys(people)), len(people) < READ_AHEAD, stream.size
        )
        start = host.ahead(found)
        maker = RowMaker(start.senders, start.position, host.new_sender)
        if importer is whatsapp:
            batches = whatsapp_rows.read_rows(stream, maker, options)
        else:
            batches = maker.batches(chain(ahead, messages))
        for batch in batches:
            host.rows(batch, stream.done)
    host.rows([], stream.size)


def read_ahead(messages: Iterator[ChatMessage]) -> list[ChatMessage]:
    """The first messages, up to READ_AHEAD of them from people (system lines kept)."""
    ahead: list[ChatMessage] = []
    people = 0
    for message in messages:
        ahead.append(message)
        people += message.kind is not MessageKind.SYSTEM
        if people >= READ_AHEAD:
            break
    return ahead


def run_in_worker(path: Path, options: ReadOptions, host: Host) -> None:
    """run_here() in a child process, with the host's answers sent back to it."""
    mine, theirs = socket.socketpair()
    with mine, theirs:
        worker = subprocess.Popen(
            [sys.executable, "-P", "-m", "amends.importers.pipeline", str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            env=_worker_env(),
        )
        theirs.close()
        connection = Connection(os.dup(mine.fileno()))
    try:
        connection.send((str(path), options))
        _serve(connection, host, worker)
    finally:
        connection.close()
        if worker.poll() is None:
            worker.kill()
        worker.wait()


def _serve(connection: Connection, host: Host, worker: subprocess.Popen[bytes]) -> None:
    answers: dict[str, Callable[..., Any]] = {"ahead": host.ahead, "sender": host.new_sender}
    while True:
        try:
            message = _receive(connection)
        except EOFError:
            worker.wait()
            raise RuntimeError(
                f"The chat import's reader stopped (exit code {worker.returncode})."
            ) from None
        if message[0] == "rows":
            host.rows(message[1], message[2])
            continue
        kind = message[0]
        if kind in answers:
            connection.send(answers[kind](message[1]))
        elif kind == "done":
            return
        elif kind == "error":
            raise AmendsError(message[1], message[2])
        else:
            raise RuntimeError(f"The chat import's reader failed:\n{message[1]}")


_ROWS = b"R"  # a batch of rows, marshalled: a third faster than pickle for tuples of bytes


def _receive(connection: Connection) -> tuple[Any, ...]:
    data = connection.recv_bytes()
    if data[:1] == _ROWS:
        batch, done = marshal.loads(memoryview(data)[1:])
        return ("rows", batch, done)
    return tuple(pickle.loads(data))


class _RemoteHost:
    """The host as the worker sees it: questions and rows sent over the socket."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def ahead(self, found: Ahead) -> Start:
        self.connection.send(("ahead", found))
        return Start(*self.connection.recv())

    def new_sender(self, name: str) -> int:
        self.connection.send(("sender", name))
        return int(self.connection.recv())

    def rows(self, batch: list[Row], done: int) -> None:
        self.connection.send_bytes(_ROWS + marshal.dumps((batch, done)))


def worker_main(fd: int) -> None:
    """The worker: read the export named by the parent and send it back as rows."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    gc.disable()  # it lives for one import and makes no cycles: collecting only walks rows
    connection = Connection(fd)
    try:
        path, options = connection.recv()
        run_here(Path(path), options, _RemoteHost(connection))
        outcome: tuple[str, ...] = ("done",)
    except AmendsError as error:
        outcome = ("error", error.message, error.hint)
    except (EOFError, BrokenPipeError, ConnectionResetError):
        return  # the parent stopped listening: it has its own error to report
    except BaseException:
        outcome = ("crash", traceback.format_exc())
    with contextlib.suppress(OSError):  # the parent may be gone already
        connection.send(outcome)


def _worker_fits(path: Path) -> bool:
    try:
        big = path.stat().st_size >= WORKER_BYTES
    except OSError:
        return False  # open_export says what is wrong with the path
    return big and os.name == "posix" and bool(sys.executable) and (os.cpu_count() or 1) > 1


def _worker_env() -> dict[str, str]:
    """This process's environment, with the folder amends is imported from first on the path."""
    source = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (source, env.get("PYTHONPATH")) if p)
    return env


class Counting(io.RawIOBase):
    """A read-only stream that counts the bytes read (for the progress bar)."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw, self.size, self.done = raw, _size(raw), 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.done += len(data)
        return data

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self.done = self.raw.seek(offset, whence)
        return self.done

    def tell(self) -> int:
        return self.raw.tell()


def _size(stream: BinaryIO) -> int:
    """The stream's length (a zip member says it without reading)."""
    known = getattr(stream, "_orig_file_size", None)  # zipfile.ZipExtFile
    if isinstance(known, int):
        return known
    try:
        position = stream.tell()
        size = stream.seek(0, io.SEEK_END)
        stream.seek(position)
        return int(size)
    except (OSError, ValueError):
        return 0


if __name__ == "__main__":  # run as a script this file is `__main__`: take the real module's
    from amends.importers.pipeline import worker_main as main  # classes, so pickles name it

    main(int(sys.argv[1]))
