"""The narrative as HTML, each extracted item marked at its span; everything else escaped."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# (items key, css kind, which span, label field)
_KINDS = (
    ("victims", "survivor", "span", "name"),
    ("officials", "official", "span", "title"),
    ("places", "place", "span", "name"),
    ("events", "event", "trigger", "type"),
)


def marks(items: dict[str, Any]) -> list[tuple[int, int, str, str, str]]:
    """Non-overlapping (start, end, kind, item id, label), in text order; earlier kinds win."""
    found: list[tuple[int, int, str, str, str]] = []
    taken: set[int] = set()  # characters already marked
    for key, kind, span_key, label in _KINDS:
        for number, item in enumerate(items.get(key, []), 1):
            span = item.get(span_key) or item.get("span")
            if not span:
                continue
            start, end = int(span[0]), int(span[1])
            if start >= end or taken.intersection(range(start, end)):
                continue
            taken.update(range(start, end))
            item_id = item.get("id") or f"{kind[0]}{number}"
            found.append((start, end, kind, item_id, str(item.get(label) or "")))
    return sorted(found)


def highlight(text: str, items: dict[str, Any]) -> SafeString:
    parts: list[str] = []
    position = 0
    for start, end, kind, item_id, label in marks(items):
        if start < position or end > len(text):
            continue
        parts.append(escape(text[position:start]))
        parts.append(
            format_html(
                '<mark class="hl hl-{}" id="mark-{}" title="{}">{}</mark>',
                kind,
                item_id,
                label.replace("_", " "),
                text[start:end],
            )
        )
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped
