"""Conversation metrics over a chat's messages: what the numbers of a chat say, per week and
overall, for each side ("me" and "them": everyone else in the chat).

Definitions (docs/importers.md repeats them for users):
- A conversation *start* is the first message after a silence of `gap` (default 6 h), or the
  chat's first message. `start_share` is the share of starts a side made.
- A *reply* is a message after the other side's message within the same conversation; its
  reply time is the wait since that message. Slower answers count as new starts instead.
- An *unanswered streak* is how many messages one side sent in a row before the other side
  wrote; `current_unanswered` is the streak still running at the chat's end.
- *Late night* is 00:00-04:59 on the sender's clock (the offset stored with the message).
- *Length* counts characters of text messages; media and deleted messages count as messages
  but have no words.
The numbers describe habits of writing. They cannot say what anyone feels or will do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from amends.core.chat import ChatMessage, MessageKind

DEFAULT_GAP = timedelta(hours=6)
TREND_WEEKS = 4
LATE_NIGHT_END_HOUR = 5
_QUESTION_MARKS = ("?", "¿", "？", "؟")


@dataclass(frozen=True)
class SideMetrics:
    messages: int = 0
    words: int = 0
    starts: int = 0
    start_share: float | None = None
    replies: int = 0
    reply_median_s: float | None = None
    reply_p90_s: float | None = None
    longest_unanswered: int = 0
    question_ratio: float | None = None
    average_length: float | None = None
    late_night_share: float | None = None


@dataclass(frozen=True)
class PeriodMetrics:
    """One week (`week` is its Monday) or the whole chat (`week` is None)."""

    week: date | None
    me: SideMetrics
    them: SideMetrics
    length_balance: float | None  # my average length / theirs (1.0 = even)
    message_balance: float | None  # my messages / theirs


@dataclass(frozen=True)
class Trend:
    metric: str
    recent: float | None  # mean over the last TREND_WEEKS weeks
    before: float | None  # mean over the TREND_WEEKS weeks before those
    direction: str  # "up", "down", "flat" or "unknown"


@dataclass(frozen=True)
class ChatMetrics:
    overall: PeriodMetrics
    weeks: tuple[PeriodMetrics, ...]
    trends: tuple[Trend, ...]
    current_unanswered: int  # messages "me" has sent since "them" last wrote (0 if they did)
    last_message: datetime | None


@dataclass
class _Tally:
    """Running counts for one side in one period (mutable while the messages stream by)."""

    messages: int = 0
    words: int = 0
    characters: int = 0
    texts: int = 0
    starts: int = 0
    questions: int = 0
    late_night: int = 0
    longest_unanswered: int = 0
    reply_seconds: list[float] = field(default_factory=list)


@dataclass
class _Period:
    me: _Tally = field(default_factory=_Tally)
    them: _Tally = field(default_factory=_Tally)

    def side(self, mine: bool) -> _Tally:
        return self.me if mine else self.them


def compute_metrics(
    messages: Iterable[ChatMessage], me: str, gap: timedelta = DEFAULT_GAP
) -> ChatMetrics:
    """One pass over the messages (oldest first); memory grows with weeks and replies only."""
    overall, weeks = _Period(), dict[date, _Period]()
    previous: ChatMessage | None = None
    run_mine, run_length, run_week = True, 0, None
    for message in messages:
        if message.kind is MessageKind.SYSTEM:
            continue
        mine = message.sender == me
        week = _monday(message.at.date())
        period = weeks.get(week) or weeks.setdefault(week, _Period())
        silence = message.at - previous.at if previous is not None else None
        starts = silence is None or silence >= gap
        reply = silence if not starts and previous is not None and run_mine != mine else None
        for tally in (overall.side(mine), period.side(mine)):
            _count(tally, message, starts, reply)
        if previous is not None and run_mine != mine:
            _close_run(overall, weeks, run_week, run_mine, run_length)
            run_length = 0
        if run_length == 0:
            run_mine, run_week = mine, week
        run_length += 1
        previous = message
    if previous is not None:
        _close_run(overall, weeks, run_week, run_mine, run_length)
    summaries = tuple(_summarise(w, weeks.get(w, _Period())) for w in _all_weeks(weeks))
    return ChatMetrics(
        overall=_summarise(None, overall),
        weeks=summaries,
        trends=compute_trends(summaries),
        current_unanswered=run_length if previous is not None and run_mine else 0,
        last_message=previous.at if previous is not None else None,
    )


def _count(tally: _Tally, message: ChatMessage, starts: bool, reply: timedelta | None) -> None:
    tally.messages += 1
    tally.starts += starts
    if reply is not None:
        tally.reply_seconds.append(reply.total_seconds())
    if message.at.hour < LATE_NIGHT_END_HOUR:
        tally.late_night += 1
    if message.kind is MessageKind.TEXT:
        tally.texts += 1
        tally.words += len(message.text.split())
        tally.characters += len(message.text)
        tally.questions += any(mark in message.text for mark in _QUESTION_MARKS)


def _close_run(
    overall: _Period, weeks: dict[date, _Period], week: date | None, mine: bool, length: int
) -> None:
    for period in (overall, weeks.get(week) if week is not None else None):
        if period is not None:
            tally = period.side(mine)
            tally.longest_unanswered = max(tally.longest_unanswered, length)


def _summarise(week: date | None, period: _Period) -> PeriodMetrics:
    starts = period.me.starts + period.them.starts
    me, them = _side(period.me, starts), _side(period.them, starts)
    return PeriodMetrics(
        week=week,
        me=me,
        them=them,
        length_balance=_ratio(me.average_length, them.average_length),
        message_balance=_ratio(me.messages, them.messages),
    )


def _side(tally: _Tally, all_starts: int) -> SideMetrics:
    replies = sorted(tally.reply_seconds)
    return SideMetrics(
        messages=tally.messages,
        words=tally.words,
        starts=tally.starts,
        start_share=_ratio(tally.starts, all_starts),
        replies=len(replies),
        reply_median_s=percentile(replies, 0.5),
        reply_p90_s=percentile(replies, 0.9),
        longest_unanswered=tally.longest_unanswered,
        question_ratio=_ratio(tally.questions, tally.texts),
        average_length=_ratio(tally.characters, tally.texts),
        late_night_share=_ratio(tally.late_night, tally.messages),
    )


def percentile(ordered: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile of an already sorted sequence (None when it is empty)."""
    if not ordered:
        return None
    rank = max(1, -(-round(q * len(ordered) * 1000) // 1000))  # ceil without float drift
    return float(ordered[min(rank, len(ordered)) - 1])


def _ratio(part: float | None, whole: float | None) -> float | None:
    if part is None or not whole:
        return None
    return part / whole


@lru_cache(maxsize=512)
def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _all_weeks(weeks: dict[date, _Period]) -> list[date]:
    """Every week from the first to the last, quiet weeks included (silence is data too)."""
    if not weeks:
        return []
    first, last = min(weeks), max(weeks)
    return [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]


TREND_METRICS: tuple[str, ...] = (
    "me.messages",
    "them.messages",
    "them.start_share",
    "me.start_share",
    "them.reply_median_s",
    "me.reply_median_s",
    "them.average_length",
    "length_balance",
    "them.question_ratio",
    "me.late_night_share",
)


def compute_trends(weeks: Sequence[PeriodMetrics], span: int = TREND_WEEKS) -> tuple[Trend, ...]:
    """Each metric's mean over the last `span` weeks against the `span` weeks before."""
    recent, before = weeks[-span:], weeks[-2 * span : -span]
    return tuple(
        _trend(name, _mean(_values(recent, name)), _mean(_values(before, name)))
        for name in TREND_METRICS
    )


def _values(weeks: Sequence[PeriodMetrics], name: str) -> list[float]:
    found = []
    for week in weeks:
        value = metric_value(week, name)
        if value is not None:
            found.append(value)
    return found


def metric_value(period: PeriodMetrics, name: str) -> float | None:
    """A metric by its dotted name, e.g. "them.reply_median_s" or "length_balance"."""
    side, _, attribute = name.rpartition(".")
    holder = getattr(period, side) if side else period
    value = getattr(holder, attribute)
    return float(value) if value is not None else None


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _trend(name: str, recent: float | None, before: float | None) -> Trend:
    if recent is None or before is None:
        return Trend(name, recent, before, "unknown")
    if abs(recent - before) <= 0.15 * max(abs(before), 1e-9):
        return Trend(name, recent, before, "flat")
    return Trend(name, recent, before, "up" if recent > before else "down")


@dataclass(frozen=True)
class Pace:
    """What the coach reads before a draft is sent: the ex's recent pace and the user's streak."""

    their_lengths: tuple[int, ...]  # characters of their latest text messages, oldest first
    their_reply_gaps_s: tuple[float, ...]  # their latest reply times, oldest first
    unanswered_streak: int  # messages the user has sent since they last wrote
    pace_mismatch: float | None  # my average length / theirs over the same messages
    last_from_them: datetime | None


def compute_pace(
    messages: Iterable[ChatMessage], me: str, keep: int = 20, gap: timedelta = DEFAULT_GAP
) -> Pace:
    """The pace over `messages` (the chat's latest ones, oldest first)."""
    theirs: list[int] = []
    mine: list[int] = []
    gaps: list[float] = []
    streak, previous, last_theirs = 0, None, None
    for message in messages:
        if message.kind is MessageKind.SYSTEM:
            continue
        is_mine = message.sender == me
        if message.kind is MessageKind.TEXT:
            (mine if is_mine else theirs).append(len(message.text))
        if not is_mine:
            if previous is not None and previous.sender == me and message.at - previous.at < gap:
                gaps.append((message.at - previous.at).total_seconds())
            last_theirs = message.at
        streak = streak + 1 if is_mine else 0
        previous = message
    mean_mine, mean_theirs = _mean([float(n) for n in mine]), _mean([float(n) for n in theirs])
    return Pace(
        their_lengths=tuple(theirs[-keep:]),
        their_reply_gaps_s=tuple(gaps[-keep:]),
        unanswered_streak=streak,
        pace_mismatch=_ratio(mean_mine, mean_theirs),
        last_from_them=last_theirs,
    )
