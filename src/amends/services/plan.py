"""Plan use cases: start a plan, log what happened, and compute where the user stands.

Each function opens the store, does its work in one transaction and returns core types; the CLI
and the web app render them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from amends.config import Settings
from amends.core import no_contact
from amends.core.errors import AmendsError
from amends.core.events import Event, EventKind, latest
from amends.core.plan import PlanState, compute_plan
from amends.core.stages import Stage
from amends.core.stops import StopReason

ENDED_BY = ("me", "them", "mutual")
# "Stop chasing" is about now; a start date further ahead than this is a way of putting it off.
MAX_START_DELAY = timedelta(days=7)
READINESS_WANTS = ("this_person", "a_relationship", "not_alone", "unsure")
SLIP_KINDS = ("contact", "checked_profile", "other")
CONTACT_CHANNELS = ("text", "call", "meeting")
TALK_OUTCOMES = ("both_want", "not_yet", "they_said_no")
# Stops after which amends helps with no message at all to that person, logistics included:
# they asked for no contact, or the relationship was abusive (the safety pathway takes over).
NEVER_CONTACT = frozenset({StopReason.DO_NOT_CONTACT, StopReason.ABUSE})


@dataclass(frozen=True)
class StartRequest:
    breakup_date: date
    ended_by: str
    no_contact_since: date
    no_contact_days: int
    shared: frozenset[no_contact.Shared]
    asked_no_contact: bool
    nickname: str
    readiness: Mapping[str, Any] | None  # want, patient, can_accept_no


@dataclass(frozen=True)
class PlanContext:
    """What other features (the coach) need to know about the plan."""

    stage: Stage
    limited: bool
    do_not_contact: bool
    safety_pause: bool


def start_plan(settings: Settings, now: datetime, request: StartRequest) -> PlanState:
    """Validate everything first, then write the start events in one transaction."""
    _validate_start(request, now)
    events = _start_events(request, now)
    with _store(settings).transaction() as session:
        from amends.storage import repository

        if repository.load_events(session, [EventKind.PLAN_STARTED]):
            raise AmendsError(
                "A plan already exists.",
                "See it with `amends status`; to begin again, `amends forget --all --yes`.",
            )
        for event in events:
            repository.save_event(session, event)
        return _compute(repository.load_events(session), now)


def plan_status(settings: Settings, now: datetime) -> PlanState:
    return _compute(load_all_events(settings), now)


def current_context(settings: Settings, now: datetime) -> PlanContext | None:
    """The stored plan's context for the coach, or None when there is no plan yet. A SQLite
    file at head is read with the standard library (storage/sqlite_read.py): a cold `amends
    check` then never imports SQLAlchemy; anything else goes through the Store."""
    from amends.storage.sqlite_read import read_events

    events = read_events(settings.database_url)
    state = _compute(load_all_events(settings) if events is None else events, now)
    if not state.started:
        return None
    return PlanContext(
        stage=state.stage,
        limited=state.limited,
        do_not_contact=bool(state.stop and state.stop.reason in NEVER_CONTACT),
        safety_pause=state.safety_pause,
    )


def log_event(
    settings: Settings,
    now: datetime,
    kind: EventKind,
    data: Mapping[str, Any],
    at: datetime | None = None,
) -> tuple[Event, PlanState]:
    """Log one thing that happened (now, or at an earlier time) and return the new plan."""
    when = at or now
    if when > now:
        raise AmendsError("That time is in the future.", "Log things that have already happened.")
    _validate_payload(kind, data)
    with _store(settings).transaction() as session:
        from amends.storage import repository

        events = repository.load_events(session)
        if latest(events, EventKind.PLAN_STARTED) is None:
            raise AmendsError("There is no plan yet.", "Run `amends start` first.")
        saved = repository.save_event(session, Event(kind, when, dict(data)))
        return saved, _compute([*events, saved], now)


# database URL -> (data version, events): the web app computes the plan on every request.
_EVENTS_CACHE: dict[str, tuple[tuple[int, ...], list[Event]]] = {}


def load_all_events(settings: Settings) -> list[Event]:
    """Every event, from a cache that is valid until anyone commits to the database."""
    store = _store(settings)
    version = store.data_version()  # read before loading: a later commit makes it stale
    cached = _EVENTS_CACHE.get(settings.database_url)
    if version is not None and cached is not None and cached[0] == version:
        return list(cached[1])
    with store.transaction() as session:
        from amends.storage import repository

        events = repository.load_events(session)
    if version is not None:
        _EVENTS_CACHE[settings.database_url] = (version, events)
    return list(events)


def _compute(events: list[Event], now: datetime) -> PlanState:
    from amends.catalogue.plan import load_plan_texts

    return compute_plan(events, now, load_plan_texts())


def _store(settings: Settings) -> Any:
    from amends.storage.db import open_store

    return open_store(settings)


def _validate_start(request: StartRequest, now: datetime) -> None:
    today = now.date()
    if request.breakup_date > today:
        raise AmendsError(
            f"The breakup date {request.breakup_date} is in the future.",
            "Use the day it ended: today or earlier.",
        )
    if request.ended_by not in ENDED_BY:
        raise AmendsError(
            f"--ended-by {request.ended_by!r} is not an option.", "Use me, them or mutual."
        )
    if request.no_contact_since < request.breakup_date:
        raise AmendsError(
            f"No contact can't start ({request.no_contact_since}) before the breakup "
            f"({request.breakup_date}).",
            "Use the breakup date or a later day.",
        )
    if request.no_contact_since > today + MAX_START_DELAY:
        raise AmendsError(
            f"A no-contact start on {request.no_contact_since} is too far ahead.",
            "Start within the next 7 days; stopping the chase works best now.",
        )
    no_contact.validate_days(request.no_contact_days)
    _validate_readiness(request.readiness)


def _validate_readiness(answers: Mapping[str, Any] | None) -> None:
    if answers is None:
        return
    want = answers.get("want")
    if want not in READINESS_WANTS:
        raise AmendsError(
            f"Readiness answer {want!r} is not an option.",
            f"Use one of: {', '.join(READINESS_WANTS)}.",
        )


def _start_events(request: StartRequest, now: datetime) -> list[Event]:
    events = [
        Event(
            EventKind.PLAN_STARTED,
            now,
            {
                "breakup_date": request.breakup_date.isoformat(),
                "ended_by": request.ended_by,
                "nickname": request.nickname,
            },
        ),
    ]
    if request.readiness is not None:
        events.append(Event(EventKind.READINESS_ANSWERED, now, dict(request.readiness)))
    events.append(
        Event(
            EventKind.NO_CONTACT_COMMITTED,
            now,
            {
                "since": request.no_contact_since.isoformat(),
                "days": request.no_contact_days,
                "shared": sorted(s.value for s in request.shared),
            },
        )
    )
    if request.asked_no_contact:
        events.append(Event(EventKind.DO_NOT_CONTACT, now, {"reason": "asked", "note": ""}))
    return events


def _validate_payload(kind: EventKind, data: Mapping[str, Any]) -> None:
    checks: dict[EventKind, tuple[str, Iterable[str]]] = {
        EventKind.SLIP: ("what", SLIP_KINDS),
        EventKind.CONTACT: ("channel", CONTACT_CHANNELS),
        EventKind.TALK_HELD: ("outcome", TALK_OUTCOMES),
    }
    if kind in checks:
        key, allowed = checks[kind]
        allowed = tuple(allowed)
        if data.get(key) not in allowed:
            raise AmendsError(
                f"{key} {data.get(key)!r} is not an option.", f"Use one of: {', '.join(allowed)}."
            )
    if kind is EventKind.CONTACT and data.get("direction") not in ("out", "in"):
        raise AmendsError("A contact needs a direction.", "Use --from-me or --from-them.")


def plan_as_json(state: PlanState) -> dict[str, Any]:
    """The stable JSON shape of `amends status --json` and GET /api/status (docs/json.md)."""
    nc = state.no_contact
    return {
        "started": state.started,
        "stage": state.stage.value,
        "track": state.track.value,
        "limited": state.limited,
        "stop": {"reason": state.stop.reason.value, "since": state.stop.since.isoformat()}
        if state.stop
        else None,
        "safety_pause": state.safety_pause,
        "no_contact": None
        if nc is None
        else {
            "since": nc.since.isoformat(),
            "period_days": nc.period_days,
            "limited": nc.limited,
            "running": nc.running,
            "days_done": nc.days_done,
            "days_left": nc.days_left,
            "ends_on": nc.ends_on.isoformat(),
            "extended_by": nc.extended_by,
            "slips": len(nc.slips),
            "urges_total": nc.urges_total,
            "urges_last_7_days": nc.urges_last_7_days,
            "streak_days": nc.streak_days,
            "milestones_reached": list(nc.milestones_reached),
            "next_milestone": nc.next_milestone,
        },
        "reach_out": {"open": state.reach_out_open, "reason": state.reach_out_reason},
        "next_actions": [{"id": a.id, "text": a.text, "why": a.why} for a in state.next_actions],
        "blockers": [{"id": b.id, "reason": b.reason} for b in state.blockers],
        "key_dates": {key: value.isoformat() for key, value in sorted(state.key_dates.items())},
        "held_drafts": state.held_drafts.as_json(),
    }
