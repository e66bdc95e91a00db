"""Conversation metrics: starts, replies, unanswered streaks, balance, late night, trends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from amends.core.chat import ChatMessage, MessageKind
from amends.core.metrics import compute_metrics, compute_pace, percentile

T0 = datetime(2024, 3, 4, 12, 0, tzinfo=UTC)  # a Monday


def msg(
    minutes: float, sender: str, text: str = "hi", kind: MessageKind = MessageKind.TEXT
) -> ChatMessage:
    return ChatMessage(T0 + timedelta(minutes=minutes), sender, text, kind)


def test_the_first_message_after_six_quiet_hours_starts_a_conversation() -> None:
    chat = [msg(0, "me"), msg(5, "ex"), msg(60 * 7, "ex"), msg(60 * 7 + 1, "me")]
    overall = compute_metrics(chat, "me").overall
    assert (overall.me.starts, overall.them.starts) == (1, 1)
    assert overall.them.start_share == 0.5


def test_reply_times_are_measured_each_way_within_a_conversation() -> None:
    chat = [msg(0, "me"), msg(10, "ex"), msg(12, "ex"), msg(42, "me"), msg(60 * 8, "ex")]
    overall = compute_metrics(chat, "me").overall
    assert overall.them.reply_median_s == 600
    assert overall.me.reply_median_s == 30 * 60
    assert overall.them.replies == 1  # the answer 8 hours later is a new start, not a reply


def test_unanswered_streaks_and_the_current_one() -> None:
    chat = [msg(0, "ex"), msg(1, "me"), msg(2, "me"), msg(3, "me"), msg(4, "ex")]
    chat += [msg(60 * 24 * 3, "me"), msg(60 * 24 * 4, "me")]
    metrics = compute_metrics(chat, "me")
    assert metrics.overall.me.longest_unanswered == 3
    assert metrics.current_unanswered == 2


def test_no_current_streak_when_they_wrote_last() -> None:
    assert compute_metrics([msg(0, "me"), msg(1, "ex")], "me").current_unanswered == 0


def test_questions_lengths_and_balance() -> None:
    chat = [msg(0, "me", "how are you? really?"), msg(1, "ex", "fine"), msg(2, "ex", "¿y tú?")]
    overall = compute_metrics(chat, "me").overall
    assert overall.me.question_ratio == 1.0
    assert overall.them.question_ratio == 0.5
    assert overall.me.average_length == 20
    assert overall.length_balance == 20 / 5
    assert overall.message_balance == 0.5


def test_media_and_deleted_count_as_messages_but_not_words_and_system_lines_not_at_all() -> None:
    chat = [
        msg(0, "ex", "photo", MessageKind.MEDIA),
        msg(1, "ex", "gone", MessageKind.DELETED),
        msg(2, "", "encrypted", MessageKind.SYSTEM),
        msg(3, "ex", "two words"),
    ]
    them = compute_metrics(chat, "me").overall.them
    assert (them.messages, them.words) == (3, 2)


def test_late_night_is_read_on_the_senders_clock() -> None:
    mine = ChatMessage(datetime(2024, 3, 4, 1, 30, tzinfo=UTC), "me", "up?")
    theirs_utc = datetime(2024, 3, 4, 0, 30, tzinfo=UTC)
    theirs = ChatMessage(theirs_utc.astimezone(timezone(timedelta(hours=8))), "ex", "morning")
    overall = compute_metrics([theirs, mine], "me").overall
    assert overall.me.late_night_share == 1.0
    assert overall.them.late_night_share == 0.0  # 08:30 where they are


def test_weeks_include_quiet_weeks_and_trends_compare_four_with_four() -> None:
    chat = [
        msg(60 * 24 * 7 * week + n, "ex" if n % 2 else "me")
        for week in range(8)
        for n in range(10 if week < 4 else 2)
    ]
    chat.insert(len(chat) - 2, msg(60 * 24 * 7 * 6 + 5000, "me"))
    metrics = compute_metrics(chat, "me")
    assert [w.week.isoformat() for w in metrics.weeks][:2] == ["2024-03-04", "2024-03-11"]  # type: ignore[union-attr]
    assert len(metrics.weeks) == 8
    them = next(t for t in metrics.trends if t.metric == "them.messages")
    assert (them.before, them.recent, them.direction) == (5.0, 1.0, "down")


def test_a_silent_week_in_the_middle_is_kept_as_zero() -> None:
    chat = [msg(0, "me"), msg(1, "ex"), msg(60 * 24 * 14, "me")]
    weeks = compute_metrics(chat, "me").weeks
    assert [w.me.messages + w.them.messages for w in weeks] == [2, 0, 1]


def test_percentile_is_nearest_rank() -> None:
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == 9
    assert percentile([5], 0.5) == 5
    assert percentile([], 0.5) is None


def test_pace_gives_the_coach_their_lengths_gaps_and_my_streak() -> None:
    chat = [msg(0, "me", "hello there"), msg(20, "ex", "hey"), msg(21, "me", "how was it?")]
    chat += [msg(22, "me", "the trip")]
    pace = compute_pace(chat, "me")
    assert pace.their_lengths == (3,)
    assert pace.their_reply_gaps_s == (1200.0,)
    assert pace.unanswered_streak == 2
    assert pace.pace_mismatch == (11 + 11 + 8) / 3 / 3


SENDERS = st.sampled_from(["me", "ex"])


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 60 * 24 * 60), SENDERS, st.text(max_size=20)), max_size=60)
)
def test_counts_add_up_whatever_the_chat(rows: list[tuple[int, str, str]]) -> None:
    chat = [msg(m, s, t) for m, s, t in sorted(rows)]
    metrics = compute_metrics(chat, "me")
    overall = metrics.overall
    assert overall.me.messages + overall.them.messages == len(chat)
    assert sum(w.me.messages + w.them.messages for w in metrics.weeks) == len(chat)
    if chat:
        shares = (overall.me.start_share or 0) + (overall.them.start_share or 0)
        assert abs(shares - 1) < 1e-9
        assert overall.me.starts + overall.them.starts >= 1
    replies = overall.me.replies + overall.them.replies
    assert replies <= max(len(chat) - 1, 0)
    assert 0 <= metrics.current_unanswered <= overall.me.longest_unanswered
