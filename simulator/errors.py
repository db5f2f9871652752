"""The one error type the command line shows as a plain message."""

from __future__ import annotations

EXIT_BAD_INPUT = 2


class UserError(Exception):
    """A problem the user can fix; its message is printed alone, with no traceback."""

    def __init__(self, message: str, exit_code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.exit_code = exit_code
