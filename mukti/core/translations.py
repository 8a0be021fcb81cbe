"""Each language's translations looked up once per message (issue 24).

Django looks a message up in every catalogue of the language in turn, by raising and catching
a ``KeyError`` in each, then does it again for its plural form, then in the fallback language's:
4-5 µs a message, and a page renders hundreds (every ``{% translate %}`` of the layout, every
choice label). Catalogues do not change once loaded (Django builds new translation objects when
the languages or locale paths change, and so new memos), so whether and how a language's own
catalogues translate a message is kept on the translation object, the first time it is asked,
for every later request; a message they lack is still passed to the fallback each time.

Never an unbounded number of them: past ``LIMIT`` (far more than the site's own messages in
three languages) a message is looked up as before. ``kept`` keeps other text built from a
language's messages (durations in words) the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.utils.translation import trans_real

T = TypeVar("T")

LIMIT = 20_000
_MEMO = "_mukti_translated"
_NOT_FOUND = object()  # the message is not in this language's own catalogues


def _memoised(lookup: Any) -> Any:
    """``GNUTranslations.gettext`` with the lookup in the object's own catalogues kept: found
    or not. The fallback language is still asked every time the message is not found: it may
    answer differently from one call to the next (django-countries swaps in, for a moment, a
    fallback that answers nothing, to learn whether a country's name has a translation)."""

    def gettext(self: Any, message: str) -> str:
        memo = _memo(self, _MEMO)
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


def _memo(translation: Any, name: str) -> dict[Any, Any]:
    """The dictionary ``name`` kept on a translation object, made the first time it is asked."""
    memo = translation.__dict__.get(name)
    if memo is None:
        memo = translation.__dict__[name] = {}
    return memo


def kept(name: str, key: Hashable, work: Callable[[], T]) -> T:
    """What ``work`` makes of ``key`` in the active language (text built from translated
    messages: durations in words), kept on its translation object as its messages are, so
    renewed with them, and no more than ``LIMIT`` of them; made afresh each time when no
    language is active."""
    active = getattr(getattr(trans_real, "_active"), "value", None)  # noqa: B009 (not in stubs)
    if active is None:
        return work()
    memo = _memo(active, name)
    found = memo.get(key)
    if found is None:
        found = work()
        if len(memo) < LIMIT:
            memo[key] = found
    return found


def install() -> None:
    """Memoise ``DjangoTranslation.gettext`` (once: CoreConfig.ready)."""
    cls = trans_real.DjangoTranslation
    if not hasattr(cls.gettext, "__wrapped__"):
        cls.gettext = _memoised(cls.gettext)  # type: ignore[method-assign]
