"""Each language's translations looked up once per message (issue 24).

Django looks a message up in every catalogue of the language in turn, by raising and catching
a ``KeyError`` in each, then does it again for its plural form, then in the fallback language's:
4-5 µs a message, and a page renders hundreds (every ``{% translate %}`` of the layout, every
choice label). Catalogues do not change once loaded (Django builds new translation objects when
the languages or locale paths change, and so new memos), so whether and how a language's own
catalogues translate a message is kept on the translation object, the first time it is asked,
for every later request; a message they lack is still passed to the fallback each time.

Only messages are kept, never an unbounded number of them: past ``LIMIT`` (far more than the
site's own messages in three languages) a message is looked up as before.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import trans_real

LIMIT = 20_000
_MEMO = "_mukti_translated"
_NOT_FOUND = object()  # the message is not in this language's own catalogues


def _memoised(lookup: Any) -> Any:
    """``GNUTranslations.gettext`` with the lookup in the object's own catalogues kept: found
    or not. The fallback language is still asked every time the message is not found: it may
    answer differently from one call to the next (django-countries swaps in, for a moment, a
    fallback that answers nothing, to learn whether a country's name has a translation)."""

    def gettext(self: Any, message: str) -> str:
        memo = self.__dict__.get(_MEMO)
        if memo is None:
            memo = self.__dict__[_MEMO] = {}
        found = memo.get(message)
        if found is None:
            catalog = self._catalog
            found = catalog.get(message, _NOT_FOUND)
            if found is _NOT_FOUND:
                found = catalog.get((message, self.plural(1)), _NOT_FOUND)
            if len(memo) < LIMIT:
                memo[message] = found
        if found is not _NOT_FOUND:
            return found
        if self._fallback:
            return self._fallback.gettext(message)
        return message

    gettext.__wrapped__ = lookup  # type: ignore[attr-defined]
    return gettext


def install() -> None:
    """Memoise ``DjangoTranslation.gettext`` (once: CoreConfig.ready)."""
    cls = trans_real.DjangoTranslation
    if not hasattr(cls.gettext, "__wrapped__"):
        cls.gettext = _memoised(cls.gettext)  # type: ignore[method-assign]
