"""The ranked next actions for each stage, before their wording is filled in from content."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from amends.core import contact
from amends.core.events import EventKind, latest, of_kind
from amends.core.stages import Stage
from amends.core.stops import SILENCE_ENDS_TRACK, StopReason

if TYPE_CHECKING:
    from amends.core.plan import Facts

# (id, params for the wording)
Step = tuple[str, dict[str, Any]]

MAX_ACTIONS = 6
# The rebuild track nudges when these have gone quiet.
HABIT_QUIET = timedelta(days=3)
JOURNAL_QUIET = timedelta(days=2)
RECENT_SLIP = timedelta(days=3)
# WHO-5 is asked weekly while rebuilding (issue 5), so its chart has a point a week.
WELL_BEING_EVERY = timedelta(days=7)

_REBUILD_STAGES = frozenset(
    {
        Stage.NO_CONTACT,
        Stage.REFLECT,
        Stage.DECIDE,
        Stage.REACH_OUT,
        Stage.RECONNECT,
        Stage.MOVING_ON,
    }
)


def actions_for(stage: Stage, f: Facts) -> list[Step]:
    if f.safety_pause:
        # Reconnection pauses; looking after yourself is the whole plan for now.
        return [("help_now", {}), *_rebuild(f)][:MAX_ACTIONS]
    by_stage: dict[Stage, Callable[[Facts], list[Step]]] = {
        Stage.READINESS: _readiness,
        Stage.STOP_CHASING: _stop_chasing,
        Stage.NO_CONTACT: _no_contact,
        Stage.REFLECT: lambda f: [("do_reflection", {"missing": ", ".join(f.reflection_missing)})],
        Stage.DECIDE: lambda f: [("do_decision", {})],
        Stage.REACH_OUT: _reach_out,
        Stage.RECONNECT: _reconnect,
        Stage.HONEST_TALK: _honest_talk,
        Stage.RELATIONSHIP_2: lambda f: [("ground_rules", {}), ("relationship_checkin", {})],
        Stage.TOGETHER: lambda f: [("keep_checkins", {})],
        Stage.MOVING_ON: _moving_on,
    }
    steps = by_stage[stage](f)
    if stage in _REBUILD_STAGES:
        steps += _rebuild(f)
    return steps[:MAX_ACTIONS]


def _readiness(f: Facts) -> list[Step]:
    return [("answer_readiness", {})] if f.started else [("start_plan", {})]


def _stop_chasing(f: Facts) -> list[Step]:
    if f.nc:
        return [("stop_chasing_now", {}), ("no_contact_starts", {"since": _day(f.nc.since)})]
    return [("stop_chasing_now", {}), ("pick_no_contact_date", {})]


def _no_contact(f: Facts) -> list[Step]:
    nc = f.nc
    assert nc is not None
    steps: list[Step] = []
    recent = [s for s in nc.slips if f.now - s.at <= RECENT_SLIP]
    if recent:
        steps.append(("slip_recovery", {"ends_on": _day(nc.ends_on), "extended": nc.extended_by}))
    day = {
        "day": nc.days_done + 1,
        "period": nc.period_days + nc.extended_by,
        "left": nc.days_left,
        "ends_on": _day(nc.ends_on),
    }
    steps.append(("keep_no_contact", day))
    if nc.limited:
        steps.append(("limited_contact_rules", {}))
    steps.append(("log_urges", {}))
    if f.reflection_missing:
        steps.append(("start_reflection", {}))
    return steps


def _reach_out(f: Facts) -> list[Step]:
    unanswered = f.attempts.unanswered
    if not unanswered:
        return [("send_first_message", {})]
    second_try = unanswered[0].at + contact.SECOND_TRY_AFTER
    if len(unanswered) == 1 and f.now >= second_try:
        return [("second_try", {})]
    if len(unanswered) == 1:
        return [("wait_for_reply", {"second_try_from": _day(second_try.date())})]
    until = unanswered[1].at + SILENCE_ENDS_TRACK  # the date the silence stop takes effect
    return [("accept_silence", {"until": _day(until.date())})]


def _reconnect(f: Facts) -> list[Step]:
    assert f.attempts.replied is not None
    progress = contact.reconnect_progress(f.events, f.attempts.replied.at, f.now)
    steps: list[Step] = [("keep_it_light", {}), ("let_them_lead", {})]
    upcoming = contact.next_rung(progress.rung)
    if upcoming is not None:
        steps.insert(1, (f"ladder_{upcoming.value}", {}))
    return steps


def _honest_talk(f: Facts) -> list[Step]:
    talk = latest(f.events, EventKind.TALK_HELD)
    if talk and talk.data.get("outcome") == "not_yet":
        return [("give_them_time", {}), ("keep_it_light", {})]
    return [("plan_honest_talk", {})]


def _moving_on(f: Facts) -> list[Step]:
    reason = f.stop.reason if f.stop else None
    first: list[Step] = []
    if reason is StopReason.DO_NOT_CONTACT:
        first = [("respect_their_request", {})]
    elif reason in (StopReason.ABUSE, StopReason.REPEATED_CHEATING):
        first = [("safety_pathway", {})]
    return [*first, ("grieve", {}), ("self_work", {}), ("apply_lessons", {})]


def _rebuild(f: Facts) -> list[Step]:
    steps: list[Step] = []
    habits = of_kind(f.events, EventKind.HABIT_ADDED)
    checks = of_kind(f.events, EventKind.HABIT_CHECKED)
    if not habits:
        steps.append(("rebuild_basics", {}))
    elif not checks or f.now - checks[-1].at > HABIT_QUIET:
        steps.append(("habit_checkins", {}))
    well_being = [
        e
        for e in of_kind(f.events, EventKind.ASSESSMENT_TAKEN)
        if e.data.get("instrument") == "who5"
    ]
    if not well_being or f.now - well_being[-1].at >= WELL_BEING_EVERY:
        steps.append(("weekly_well_being", {}))
    entries = of_kind(f.events, EventKind.JOURNAL)
    if not entries or f.now - entries[-1].at > JOURNAL_QUIET:
        steps.append(("journal_today", {}))
    return steps


def _day(value: Any) -> str:
    return f"{value:%a %d %b %Y}"
