"""The schema revisions shipped with amends, read from the migration files' names.

Revision ids are the four-digit prefix of the files in migrations/versions (0001_events.py is
"0001") and history is linear, so the head is the largest prefix (tests/storage/
test_migrations.py checks this against Alembic). Standard library only: a command that merely
reads the database can check it is at head without importing SQLAlchemy (storage/sqlite_read.py).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path

REVISION_FILE = re.compile(r"^(\d{4})_\w+\.py$")


@cache
def head_revision() -> str:
    revisions = [m.group(1) for f in versions_dir().iterdir() if (m := REVISION_FILE.match(f.name))]
    return max(revisions)


def known_revisions() -> list[str]:
    """Every revision id shipped with this version of amends, oldest first."""
    found = (REVISION_FILE.match(f.name) for f in versions_dir().iterdir())
    return sorted(m.group(1) for m in found if m)


def migrations_dir() -> Path:
    # The package is installed as files (setuptools, editable or not), so this is a real path.
    return Path(str(resources.files("amends.storage").joinpath("migrations")))


def versions_dir() -> Path:
    return migrations_dir() / "versions"
