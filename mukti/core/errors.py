from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A domain rule was broken. The message is written for a caseworker, not a developer.

    ``field`` names the form field the message belongs to, when there is one, so a view can attach
    it to that field instead of the top of the form.
    """

    def __init__(
        self, message: str, *, field: str | None = None, extra: dict[str, Any] | None = None
    ):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}
