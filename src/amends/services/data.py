"""Use cases for the user's data as a whole: export, restore and forget.

Each opens the store and does its work in one transaction, so a failure leaves the database as
it was. Exports go to a private temporary file next to the target and are renamed into place
only once complete, so a failed export never leaves half a file or clobbers an old one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import TextIO

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from amends.config import Settings
from amends.core.errors import AmendsError
from amends.storage import backup, repository
from amends.storage.db import Store, current_revision, head_revision, known_revisions, open_store


def export_data(settings: Settings, path: Path, force: bool = False) -> dict[str, int]:
    """Writes everything to `path` as versioned JSON; returns the row count of each table."""
    _check_export_target(path, force)
    store = open_store(settings)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise _unwritable(path, error) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            counts = _export(store, stream)
        os.replace(temporary, path)
    except OSError as error:
        raise _unwritable(path, error) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    return counts


def export_to_stream(settings: Settings, stream: TextIO) -> dict[str, int]:
    """The same export written to an open text stream (`amends export -` gives stdout)."""
    store = open_store(settings)
    try:
        return _export(store, stream)
    except OSError as error:  # a full disk, or the reading end of a pipe went away
        raise AmendsError(
            f"amends could not write the export ({error.strerror}).",
            "Check where the output goes, or give a file name instead of -.",
        ) from None


def restore_data(settings: Settings, path: Path) -> dict[str, int]:
    """Reads an export back into an empty database, exactly; all or nothing."""
    if not path.is_file():
        raise AmendsError(f"There is no export file at {path}.", "Check the path and try again.")
    try:
        with path.open(encoding="utf-8-sig") as stream:  # tolerate a BOM from an editor
            return restore_from_stream(settings, stream)
    except OSError as error:
        raise AmendsError(
            f"amends could not read {path} ({error.strerror}).", "Check the file's permissions."
        ) from None


def restore_from_stream(settings: Settings, stream: TextIO) -> dict[str, int]:
    """Restores from an open text stream (`amends restore -` reads stdin); all or nothing."""
    store = open_store(settings)
    with store.transaction() as session:
        _check_empty(session)
        counts = _restore(session, stream)
        _check_events_load(session)
    return counts


def forget_everything(settings: Settings) -> dict[str, int]:
    """Deletes every row amends stores; returns how many rows each table had."""
    store = open_store(settings)
    with store.transaction() as session:
        counts = backup.forget(session)
    _compact(store)
    return counts


def _export(store: Store, stream: TextIO) -> dict[str, int]:
    schema = current_revision(store.engine) or head_revision()
    with store.transaction() as session:
        return backup.write_export(session, stream, schema)


def _unwritable(path: Path, error: OSError) -> AmendsError:
    return AmendsError(
        f"amends could not write {path} ({error.strerror}).", "Choose a folder you can write to."
    )


def _check_export_target(path: Path, force: bool) -> None:
    if path.is_dir():
        raise AmendsError(f"{path} is a folder.", "Give a file name, e.g. amends-export.json.")
    if not path.parent.is_dir():
        raise AmendsError(f"The folder {path.parent} does not exist.", "Create it first.")
    if path.exists() and not force:
        raise AmendsError(
            f"{path} already exists.", "Choose another file name, or add --force to replace it."
        )


def _check_empty(session: Session) -> None:
    if not repository.is_empty(session):
        raise AmendsError(
            "Restore only fills an empty database, and this one holds data.",
            "Run `amends forget --all --yes` first, or point AMENDS_DATA_DIR "
            "(or AMENDS_DATABASE_URL) at an empty one.",
        )


def _restore(session: Session, stream: TextIO) -> dict[str, int]:
    try:
        return backup.restore(session, stream, known_revisions())
    except IntegrityError:
        raise AmendsError(
            "The export holds rows that clash (the same id twice, or a missing parent row).",
            "Use a file written by `amends export`; this one may have been edited.",
        ) from None


def _check_events_load(session: Session) -> None:
    """Every restored event must read back as a core Event, or nothing is restored."""
    try:
        events = repository.load_events(session)
    except (ValueError, TypeError, AmendsError) as error:  # JSONDecodeError is a ValueError
        shown = error.message if isinstance(error, AmendsError) else str(error)
        raise AmendsError(
            f"The export holds an event that cannot be read ({shown.rstrip('.')}).",
            "Use a file written by `amends export`, with the amends version that wrote it.",
        ) from None
    if any(not isinstance(event.data, dict) for event in events):
        raise AmendsError(
            "The export holds an event whose data is not a JSON object.",
            "Use a file written by `amends export`; this one may have been edited.",
        )


def _compact(store: Store) -> None:
    """SQLite keeps deleted rows in free pages until VACUUM; forgetting should really forget."""
    if store.engine.dialect.name != "sqlite":
        return
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM")
