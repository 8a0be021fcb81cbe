"""Each language's translations looked up once per message (issue 24).

Django looks a message up in every catalogue of the language in turn, by raising and catching
a ``KeyError`` in each, then does it again for its plural form, then in the fallback language's:
4-5 µs a message, and a page renders hundreds (every ``{% translate %}`` of the layout, every
choice label). Catalogues do not change once loaded (Django builds new translation objects when
the languages or locale paths change, and so new memos), so what a message translates to is kept
on the translation object, the first time it is asked, for every later request.

Only messages are kept, never an unbounded number of them: past ``LIMIT`` (far more than the
site's own messages in three languages) a message is looked up as before.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import trans_real

LIMIT = 20_000
_MEMO = "_mukti_translated"


def _memoised(lookup: Any) -> Any:
    def gettext(self: Any, message: str) -> str:
        memo = self.__dict__.get(_MEMO)
        if memo is None:
            memo = self.__dict__[_MEMO] = {}
        try:
            return memo[message]
        except KeyError:
            translated = lookup(self, message)
            if len(memo) < LIMIT:
                memo[message] = translated
            return translated

    gettext.__wrapped__ = lookup  # type: ignore[attr-defined]
    return gettext


def install() -> None:
    """Memoise ``DjangoTranslation.gettext`` (once: CoreConfig.ready)."""
    cls = trans_real.DjangoTranslation
    if not hasattr(cls.gettext, "__wrapped__"):
        cls.gettext = _memoised(cls.gettext)  # type: ignore[method-assign]
