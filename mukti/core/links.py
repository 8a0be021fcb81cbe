"""Many links to one view, its URL reversed once (issue 24): a page of hundreds of rows, each
with a link, spent more on ``reverse()`` than on the rest of the row."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.urls import reverse

# A stand-in for the last argument that any of the site's converters takes (digits: ``int`` and
# ``str`` alike), and the values ``reverse()`` writes into a URL unchanged.
_SLOT = "987654321"
_PLAIN = re.compile(r"[A-Za-z0-9_.-]+")


def links(viewname: str, *before: Any) -> Callable[[Any], str]:
    """``reverse(viewname, args=[*before, value])`` for many values: the URL is reversed once,
    with a stand-in for ``value``, which each call replaces by the value as ``reverse()`` would
    write it (itself, for letters, digits and ``_.-``; anything else goes through
    ``reverse()``)."""
    head, _slot, tail = reverse(viewname, args=[*before, _SLOT]).rpartition(_SLOT)

    def link(value: Any) -> str:
        text = str(value)
        if _PLAIN.fullmatch(text):
            return f"{head}{text}{tail}"
        return reverse(viewname, args=[*before, value])

    return link
