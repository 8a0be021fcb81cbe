"""Markup built in Python for the hottest rows (the timeline's, the case list's: issue 24).

``esc`` is Django's ``conditional_escape`` without the lazy-aware wrappers around it and
``escape``, which cost more than the escaping itself at a few thousand calls per page: text
already marked safe is kept as it is, anything else is escaped (``&``, ``<``, ``>``, both
quotes), to the character as Django writes it.
"""

from __future__ import annotations

import html
from typing import Any

from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe


def esc(value: Any) -> str:
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def rows_or_empty(rows: list[str], empty: str, columns: int) -> SafeString:
    """Table rows built with ``esc``, joined; or, when there are none, the one row a template
    loop's ``{% empty %}`` wrote across ``columns`` columns, saying ``empty`` (escaped here),
    with the loop's indentation after it."""
    if rows:
        return mark_safe("".join(rows))  # noqa: S308 -- every part escaped by esc
    cell = f'<td colspan="{columns}" class="text-body-secondary">{esc(empty)}</td>'
    return mark_safe(f"<tr>{cell}</tr>\n  ")  # noqa: S308 -- escaped by esc
