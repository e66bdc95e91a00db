"""The repository: events round-trip exactly, in order, inside all-or-nothing transactions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from amends.core.errors import AmendsError
from amends.core.events import Event, EventKind
from amends.storage import repository
from amends.storage.db import Store

AT = datetime(2026, 3, 1, 21, 30, tzinfo=UTC)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
moments = st.builds(
    lambda naive, zone: naive.replace(tzinfo=zone),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
    offsets,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(list(EventKind)),
    at=moments,
    data=st.dictionaries(st.text(), json_values, max_size=5),
)
def test_an_event_reads_back_with_its_aware_time_and_payload(
    store: Store, kind: EventKind, at: datetime, data: dict[str, Any]
) -> None:
    with store.transaction() as session:
        saved = repository.save_event(session, Event(kind, at, data))
    with store.transaction() as session:
        loaded = {event.id: event for event in repository.load_events(session)}[saved.id]

    assert loaded == saved
    assert loaded.at.utcoffset() == at.utcoffset()
    assert loaded.at.isoformat() == at.isoformat()


def test_saving_sets_the_id_and_keeps_everything_else(store: Store) -> None:
    event = Event(EventKind.URGE, AT, {"note": "wanted to text at the bus stop"})
    with store.transaction() as session:
        saved = repository.save_event(session, event)

    assert saved.id is not None
    assert (saved.kind, saved.at, saved.data) == (event.kind, event.at, event.data)


def test_events_come_back_in_time_order_even_across_time_zones(store: Store) -> None:
    paris = timezone(timedelta(hours=2))
    later_in_utc = Event(EventKind.SLIP, AT, {"note": "checked the profile"})
    earlier_in_paris = Event(EventKind.URGE, AT.astimezone(paris) - timedelta(minutes=1))
    same_instant = Event(EventKind.JOURNAL, AT.astimezone(paris), {"text": "logged after"})
    with store.transaction() as session:
        for event in (later_in_utc, earlier_in_paris, same_instant):
            repository.save_event(session, event)
        kinds = [event.kind for event in repository.load_events(session)]

    assert kinds == [EventKind.URGE, EventKind.SLIP, EventKind.JOURNAL]


def test_events_can_be_loaded_by_kind(store: Store) -> None:
    with store.transaction() as session:
        repository.save_event(session, Event(EventKind.URGE, AT))
        repository.save_event(session, Event(EventKind.SLIP, AT, {"what": "contact"}))
        repository.save_event(session, Event(EventKind.JOURNAL, AT, {"text": "ok"}))
        found = repository.load_events(session, kinds=[EventKind.SLIP, EventKind.URGE])

    assert [event.kind for event in found] == [EventKind.URGE, EventKind.SLIP]


def test_a_failed_use_case_saves_nothing(store: Store) -> None:
    with pytest.raises(AmendsError), store.transaction() as session:
        repository.save_event(session, Event(EventKind.URGE, AT))
        raise AmendsError("Something went wrong halfway.")

    with store.transaction() as session:
        assert repository.load_events(session) == []
        assert repository.is_empty(session)


def test_a_new_database_is_empty_until_something_is_logged(store: Store) -> None:
    with store.transaction() as session:
        assert repository.is_empty(session)
        repository.save_event(session, Event(EventKind.URGE, AT))
        assert not repository.is_empty(session)


def test_recorded_at_follows_the_fixed_clock(store: Store) -> None:
    with store.transaction() as session:
        repository.save_event(session, Event(EventKind.URGE, AT - timedelta(days=3)))
        recorded = session.execute(text("SELECT recorded_at FROM events")).scalar_one()

    assert recorded == "2026-03-01T21:30:00+00:00"


def test_an_event_kind_from_a_newer_amends_is_a_clear_error(store: Store) -> None:
    with store.transaction() as session:
        session.execute(
            text("INSERT INTO events (kind, at, data, recorded_at) VALUES (:k, :a, '{}', :a)"),
            {"k": "time_travel", "a": AT.isoformat()},
        )
    with pytest.raises(AmendsError, match="time_travel"), store.transaction() as session:
        repository.load_events(session)


def test_undecodable_terminal_bytes_are_stored_as_replacement_characters(store: Store) -> None:
    note = "caf" + b"\xe9".decode("utf-8", "surrogateescape")  # Latin-1 é from sys.argv
    with store.transaction() as session:
        saved = repository.save_event(session, Event(EventKind.URGE, AT, {"note": note}))
    with store.transaction() as session:
        (loaded,) = repository.load_events(session)

    assert loaded.data == saved.data == {"note": "caf\ufffd"}
