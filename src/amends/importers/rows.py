"""Messages as the rows storage keeps, built where they are parsed, in batches.

    Row = (at, sender_id, fingerprint, position, utc_offset, kind, text)

`at` is Unix seconds, `utc_offset` the sender's offset in minutes, `kind` the MessageKind's
value, `text` a str or its UTF-8 bytes (the WhatsApp fast path never decodes).
`(chat, at, sender_id, fingerprint)` is the dedup key: the fingerprint is the text's
CRC-32 shifted left 16 bits plus how many identical messages (same sender, same text) came
before it in the same second, so "ok", "ok" stay two while a re-imported export adds nothing.
`position` counts on from the chat's last stored message (file order within an instant).
System lines are never rows.

RowMaker holds what one import needs to number rows: the participants' ids (a new name asks
`new_sender`, which stores it) and the counters. `batches(messages)` turns any importer's
ChatMessages into rows; whatsapp_rows builds them straight from the text instead.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime

from amends.core.chat import ChatMessage, MessageKind

Row = tuple[int, int, int, int, int, str, str | bytes]
BATCH = 20_000
KIND_VALUE = {kind: kind.value for kind in MessageKind}


class RowMaker:
    def __init__(self, senders: dict[str, int], position: int, new_sender: Callable[[str], int]):
        self.senders = dict(senders)
        self.position = position
        self.new_sender = new_sender
        self.repeats: dict[int, int] = {}  # (CRC << 16) + sender id -> count in this second
        self.second = -1

    def sender_id(self, name: str) -> int:
        found = self.senders.get(name)
        if found is None:
            found = self.senders[name] = self.new_sender(name)
        return found

    def batches(self, messages: Iterable[ChatMessage]) -> Iterator[list[Row]]:
        """The hot loop for every format but WhatsApp's: a tuple per message, BATCH per list.
        Same-instant messages share one datetime object from the importers' caches, so the
        instant is converted once per second, not once per message."""
        batch: list[Row] = []
        repeats, kinds, crc32 = self.repeats, KIND_VALUE, zlib.crc32
        senders, system = self.senders, MessageKind.SYSTEM
        last_at: datetime | None = None
        at_second = offset = 0
        position = self.position
        for at, sender, body, kind in messages:
            if kind is system:
                continue
            if at is not last_at:
                last_at, at_second, offset = at, int(at.timestamp()), offset_minutes(at)
                if at_second != self.second:
                    self.second = at_second
                    repeats.clear()
            sender_id = senders.get(sender) or self.sender_id(sender)
            key = crc32(body.encode()) << 16
            repeat = repeats.get(key + sender_id, 0)
            repeats[key + sender_id] = repeat + 1
            position += 1
            batch.append((at_second, sender_id, key | repeat, position, offset, kinds[kind], body))
            if len(batch) >= BATCH:
                self.position = position
                yield batch
                batch = []
        self.position = position
        if batch:
            yield batch


def offset_minutes(at: datetime) -> int:
    offset = at.utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0
