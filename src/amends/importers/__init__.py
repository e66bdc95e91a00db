"""Chat importers: one module per export format, each exposing the same three names.

    NAME: str                                   the format's id ("whatsapp", "telegram", ...)
    sniff(head: bytes) -> bool                  does a file starting with `head` look like mine?
    read(stream: BinaryIO, options=ReadOptions()) -> Iterator[ChatMessage]

`detect(head)` asks them in order (the most specific first). `open_export(path)` also looks
inside a .zip (WhatsApp and Telegram share exports that way) and hands back the importer and
an open binary stream of the chat file.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import BinaryIO

from amends.core.errors import AmendsError
from amends.importers import csv, imessage, messenger, signal, telegram, whatsapp

IMPORTERS: tuple[ModuleType, ...] = (imessage, telegram, messenger, csv, signal, whatsapp)
HEAD_BYTES = 64 * 1024
_ZIP_MAGIC = b"PK\x03\x04"


def detect(head: bytes) -> ModuleType:
    """The importer whose sniff() recognises the start of the file."""
    for importer in IMPORTERS:
        if importer.sniff(head):
            return importer
    shown = head[:40].decode("utf-8", "replace").split("\n", 1)[0]
    raise AmendsError(
        f"Line 1 does not look like a chat export amends knows ({shown!r}).",
        "Supported: WhatsApp .txt/.zip, Telegram result.json, Messenger/Instagram JSON, "
        "Signal text, iMessage chat.db, CSV time,sender,text.",
    )


def by_name(name: str) -> ModuleType:
    for importer in IMPORTERS:
        if name == importer.NAME:
            return importer
    raise AmendsError(f"No importer called {name!r}.", "Use one of the formats amends lists.")


@contextmanager
def open_export(path: Path) -> Iterator[tuple[ModuleType, BinaryIO]]:
    """The importer and an open stream for a chat export, unzipping a .zip's chat file."""
    if not path.is_file():
        raise AmendsError(f"{path} is not a file.", "Give the path of the exported chat.")
    with path.open("rb") as stream:
        head = stream.read(HEAD_BYTES)
        stream.seek(0)
        if not head.startswith(_ZIP_MAGIC):
            yield detect(head), stream
            return
        with _zip_member(stream, path) as (importer, member):
            yield importer, member


@contextmanager
def _zip_member(stream: BinaryIO, path: Path) -> Iterator[tuple[ModuleType, BinaryIO]]:
    try:
        archive = zipfile.ZipFile(stream)
    except zipfile.BadZipFile:
        raise AmendsError(
            f"{path.name} is not a readable .zip.", "Export the chat again."
        ) from None
    with archive:
        for info in archive.infolist():
            if info.is_dir() or not info.filename.lower().endswith((".txt", ".json", ".csv")):
                continue
            with archive.open(info) as member:
                head = member.read(HEAD_BYTES)
            for importer in IMPORTERS:
                if importer.sniff(head):
                    with archive.open(info) as member:
                        yield importer, member  # type: ignore[misc]
                    return
    raise AmendsError(f"{path.name} holds no chat export amends knows.", "Export the chat again.")
