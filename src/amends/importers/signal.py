"""Signal chats as plain text, one `[YYYY-MM-DD HH:MM] Name: text` header per message.

Signal Desktop has no export of its own; this reads the text layout of the common export
tools (signal-export's Markdown `chat.md`, and the `[YYYY-MM-DD, HH:MM]` layout chat-miner
documents). Dates are year-first by definition; multi-line messages keep their lines; an
attachment line (`![file](media/...)`) alone is media. The parsing is WhatsApp's engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from amends.core.chat import DEFAULT_OPTIONS, ChatMessage, DateOrder, MessageKind, ReadOptions
from amends.importers.whatsapp import parse_messages

NAME = "signal"
WHAT = "Signal export"
_HEADER = re.compile(r"\[\d{4}-\d{2}-\d{2},? \d{2}:\d{2}\] ")
_ATTACHMENT = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")


def sniff(head: bytes) -> bool:
    text = head.decode("utf-8", "ignore").lstrip("\ufeff \r\n")
    return _HEADER.match(text) is not None


def read(stream: BinaryIO, options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[ChatMessage]:
    for message in parse_messages(stream, DateOrder.YMD, options.tz, WHAT):
        if message.kind is MessageKind.TEXT and _ATTACHMENT.fullmatch(message.text):
            yield message._replace(kind=MessageKind.MEDIA)
        else:
            yield message
