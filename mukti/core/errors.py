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


def a(label: object, *, capital: bool = False) -> str:
    """ "an outpost area", "a district", "an NGO": a kind's label inside a sentence."""
    text = str(label)
    if not text[:2].isupper():  # keep acronyms (NGO, CID) as they are
        text = text[:1].lower() + text[1:]
    acronym_vowel_sound = text[:2].isupper() and text[0] in "AEFHILMNORSX"
    article = "an" if text[:1].lower() in "aeiou" or acronym_vowel_sound else "a"
    if capital:
        article = article.capitalize()
    return f"{article} {text}"
