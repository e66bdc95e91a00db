"""The one exception every user-facing failure is raised as."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1
    BAD_INPUT = 2


class AmendsError(Exception):
    """A failure the user can act on: a one-line message and a hint saying what to do.

    Raised by core and adapters alike; only the CLI and the web app turn it into output.
    """

    exit_code: ExitCode = ExitCode.BAD_INPUT

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def one_line(self) -> str:
        return f"{self.message} {self.hint}".strip() if self.hint else self.message
