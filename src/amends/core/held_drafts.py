"""Drafts held back with `amends check --hold`, and what the user chose for each.

Letting a draft go is counted as a win: most of the time, not sending was the right call.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from amends.core.events import Event, EventKind


@dataclass(frozen=True)
class HeldSummary:
    held: int = 0
    waiting: tuple[Event, ...] = field(default=())  # held drafts not yet resolved
    sent: int = 0
    rewritten: int = 0
    let_go: int = 0  # each one a win: the user chose not to send

    @property
    def wins(self) -> int:
        return self.let_go

    def as_json(self) -> dict[str, int]:
        """The counts shown in `status --json` and `held --json` (docs/json.md)."""
        return {
            "held": self.held,
            "waiting": len(self.waiting),
            "sent": self.sent,
            "rewritten": self.rewritten,
            "let_go": self.let_go,
            "wins": self.wins,
        }


def held_summary(events: Iterable[Event]) -> HeldSummary:
    """Held drafts and what became of them, for `amends held` and the plan's progress."""
    held: dict[int, Event] = {}
    choices: dict[int, str] = {}
    for event in sorted(events, key=lambda e: e.at):
        if event.kind is EventKind.DRAFT_HELD and event.id is not None:
            held[event.id] = event
        elif event.kind is EventKind.DRAFT_RESOLVED:
            held_id = event.data.get("held_id")
            if isinstance(held_id, int):
                choices[held_id] = str(event.data.get("choice", ""))
    waiting = tuple(e for i, e in held.items() if i not in choices)
    counted = list(choices.values())
    return HeldSummary(
        held=len(held),
        waiting=waiting,
        sent=counted.count("send"),
        rewritten=counted.count("rewrite"),
        let_go=counted.count("let_go"),
    )
