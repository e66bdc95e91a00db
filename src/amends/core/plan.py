"""The plan engine: where the user is, what is next, and why — computed, never stored.

compute_plan(events, now, texts) walks the gates of METHOD.md in order:
  1. no plan yet -> readiness (start the plan)
  2. a hard stop in the history -> moving_on, permanently (core/stops.py)
  3. a decision to move on -> moving_on (a choice, so a later decision may reopen it)
  4. otherwise the first reconciliation gate not yet met is the stage
Rebuilding yourself is a track beside the stages from no contact on; it adds actions, never blocks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from amends.core import contact, no_contact, stops
from amends.core.events import Event, EventKind, latest, of_kind
from amends.core.held_drafts import HeldSummary, held_summary
from amends.core.plan_actions import Step, actions_for
from amends.core.reflection import missing_for_gate
from amends.core.stages import Stage


class Track(StrEnum):
    RECONCILIATION = "reconciliation"
    MOVING_ON = "moving_on"


@dataclass(frozen=True)
class ActionText:
    text: str
    why: str


@dataclass(frozen=True)
class PlanTexts:
    """Wording for actions and blockers (content/plan.toml); {names} are filled in."""

    actions: Mapping[str, ActionText]
    blockers: Mapping[str, str]


@dataclass(frozen=True)
class Action:
    id: str
    text: str
    why: str


@dataclass(frozen=True)
class Blocker:
    id: str
    reason: str


@dataclass(frozen=True)
class PlanState:
    started: bool
    stage: Stage
    track: Track
    limited: bool
    stop: stops.Stop | None
    safety_pause: bool
    no_contact: no_contact.NoContactStatus | None
    reach_out_open: bool
    reach_out_reason: str
    next_actions: tuple[Action, ...]
    blockers: tuple[Blocker, ...]
    key_dates: Mapping[str, date] = field(default_factory=dict)
    held_drafts: HeldSummary = field(default_factory=HeldSummary)


@dataclass(frozen=True)
class Facts:
    """What the gates look at, gathered once from the events."""

    events: tuple[Event, ...]
    now: datetime
    started: bool
    readiness_answered: bool
    period: no_contact.Period | None
    nc: no_contact.NoContactStatus | None
    reflection_missing: tuple[str, ...]
    decision: Event | None
    attempts: contact.Attempts
    stop: stops.Stop | None
    safety_pause: bool


def compute_plan(events: list[Event], now: datetime, texts: PlanTexts) -> PlanState:
    facts = _gather(events, now)
    stage = _stage(facts)
    track = Track.MOVING_ON if stage is Stage.MOVING_ON else Track.RECONCILIATION
    blockers = [_fill_blocker(texts, step) for step in _blockers(stage, facts)]
    actions = [_fill_action(texts, step) for step in actions_for(stage, facts)]
    reach_open = stage in (Stage.REACH_OUT, Stage.RECONNECT, Stage.HONEST_TALK) and not (
        facts.safety_pause
    )
    return PlanState(
        started=facts.started,
        stage=stage,
        track=track,
        limited=bool(facts.period and facts.period.limited),
        stop=facts.stop,
        safety_pause=facts.safety_pause,
        no_contact=facts.nc,
        reach_out_open=reach_open,
        reach_out_reason=_reach_out_reason(texts, reach_open, blockers),
        next_actions=tuple(actions),
        blockers=tuple(blockers),
        key_dates=_key_dates(facts),
        held_drafts=held_summary(facts.events),
    )


def _gather(events: list[Event], now: datetime) -> Facts:
    past = tuple(sorted((e for e in events if e.at <= now), key=lambda e: e.at))
    committed = latest(past, EventKind.NO_CONTACT_COMMITTED)
    period = no_contact.period_from(committed) if committed else None
    reflection = latest(past, EventKind.REFLECTION_ANSWERED)
    missing = missing_for_gate(reflection.data if reflection else {})
    return Facts(
        events=past,
        now=now,
        started=latest(past, EventKind.PLAN_STARTED) is not None,
        readiness_answered=latest(past, EventKind.READINESS_ANSWERED) is not None,
        period=period,
        nc=no_contact.no_contact_status(period, past, now) if period else None,
        reflection_missing=tuple(missing),
        decision=latest(past, EventKind.DECISION_MADE),
        attempts=contact.reach_out_attempts(past),
        stop=stops.find_stop(past, now),
        safety_pause=_safety_pause(past),
    )


def _safety_pause(events: tuple[Event, ...]) -> bool:
    flagged = latest(events, EventKind.CRISIS_FLAGGED)
    safe = latest(events, EventKind.SAFETY_CONFIRMED)
    return flagged is not None and (safe is None or safe.at < flagged.at)


def _stage(f: Facts) -> Stage:
    if not f.started:
        return Stage.READINESS
    if f.stop or (f.decision and f.decision.data.get("choice") == "move_on"):
        return Stage.MOVING_ON
    if not f.readiness_answered:
        return Stage.READINESS
    if f.nc is None or not f.nc.started:
        return Stage.STOP_CHASING
    if f.nc.running:
        return Stage.NO_CONTACT
    if f.reflection_missing:
        return Stage.REFLECT
    if f.decision is None:
        return Stage.DECIDE
    return _contact_stage(f)


def _contact_stage(f: Facts) -> Stage:
    """After the decision to reach out: reply, reconnect, talk, relationship 2.0."""
    if f.attempts.replied is None:
        return Stage.REACH_OUT
    talk = latest(f.events, EventKind.TALK_HELD)
    if talk and talk.data.get("outcome") == "both_want":
        checkins = [e for e in of_kind(f.events, EventKind.CHECKIN) if e.at >= talk.at]
        settled = (f.now - talk.at).days >= RELATIONSHIP_2_WEEKS * 7
        if settled and len(checkins) >= RELATIONSHIP_2_CHECKINS:
            return Stage.TOGETHER
        return Stage.RELATIONSHIP_2
    progress = contact.reconnect_progress(f.events, f.attempts.replied.at, f.now)
    return Stage.HONEST_TALK if progress.gate_met or talk else Stage.RECONNECT


# Relationship 2.0 becomes "together" after this many weeks with this many check-ins.
RELATIONSHIP_2_WEEKS = 8
RELATIONSHIP_2_CHECKINS = 4


def _blockers(stage: Stage, f: Facts) -> list[Step]:
    """What stands between the user and the next stage (empty when nothing does)."""
    if f.safety_pause:
        return [("safety_pause", {})]
    if stage is Stage.MOVING_ON:
        reason = f.stop.reason.value if f.stop else "decided_move_on"
        return [(f"stop_{reason}", {})]
    nc = f.nc
    steps: dict[Stage, list[Step]] = {
        Stage.READINESS: [("readiness_unanswered" if f.started else "not_started", {})],
        Stage.STOP_CHASING: [
            ("no_contact_not_started", {"since": _day(nc.since)})
            if nc
            else ("no_contact_not_committed", {})
        ],
        Stage.REFLECT: [("reflection_incomplete", {"missing": ", ".join(f.reflection_missing)})],
        Stage.DECIDE: [("decision_missing", {})],
        Stage.REACH_OUT: [("awaiting_reply", {})],
        Stage.RECONNECT: [("reconnect_not_yet", {})],
        Stage.HONEST_TALK: [("talk_not_held", {})],
    }
    if stage is Stage.NO_CONTACT and nc:
        running: Step = ("no_contact_running", {"ends_on": _day(nc.ends_on), "left": nc.days_left})
        missing = ", ".join(f.reflection_missing)
        later: list[Step] = [("reflection_incomplete", {"missing": missing})]
        later = later if f.reflection_missing else []
        decision: list[Step] = [] if f.decision else [("decision_missing", {})]
        return [running, *later, *decision]
    return steps.get(stage, [])


def _reach_out_reason(texts: PlanTexts, is_open: bool, blockers: list[Blocker]) -> str:
    if is_open:
        return texts.blockers["reach_out_open"]
    return blockers[0].reason if blockers else texts.blockers["reach_out_closed"]


def _key_dates(f: Facts) -> dict[str, date]:
    dates: dict[str, date] = {}
    if f.nc:
        dates["no_contact_start"] = f.nc.since
        dates["no_contact_end"] = f.nc.ends_on
        dates["earliest_reach_out"] = f.nc.ends_on
    if f.attempts.unanswered and f.attempts.replied is None:
        first = f.attempts.unanswered[0].at
        dates["second_try_from"] = (first + contact.SECOND_TRY_AFTER).date()
    if f.stop:
        dates["stopped_on"] = f.stop.since.date()
    return dates


def _fill_action(texts: PlanTexts, step: Step) -> Action:
    action_id, params = step
    entry = texts.actions[action_id]
    return Action(action_id, entry.text.format(**params), entry.why.format(**params))


def _fill_blocker(texts: PlanTexts, step: Step) -> Blocker:
    blocker_id, params = step
    return Blocker(blocker_id, texts.blockers[blocker_id].format(**params))


def _day(value: date) -> str:
    return f"{value:%a %d %b %Y}"
