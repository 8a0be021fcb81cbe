"""Drop-down options of slow-changing lists rendered once per process, language and content.

The case list's nationality drop-down has 250 countries: the template loop spent several ms
per request translating and escaping them (issue 24). ``options`` renders the ``<option>`` tags
once, keyed by the active language and by a ``version`` the caller gives, and then only marks
the selected value. The version is the content itself where that is cheap to read (the rows'
ids and names: a directory write changes them, so the next request renders afresh), or a
constant for lists that only change with a new release (countries).

The markup is exactly the template's ``<option value="{{ v }}"{% if v == selected %}
selected{% endif %}>{{ label }}</option>``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# Process-local: each gunicorn worker renders each list once per language and version.
_RENDERED: dict[tuple[Hashable, ...], str] = {}
_MAX_ENTRIES = 512  # many versions would only come from many directory writes; start afresh


def options(
    name: str,
    version: Hashable,
    choices: Callable[[], Iterable[tuple[Any, Any]]],
    selected: Any = None,
) -> SafeString:
    """The ``<option>`` tags of ``choices()`` (value, label), with ``selected`` marked."""
    html = rendered(
        _RENDERED,
        _MAX_ENTRIES,
        (name, version),
        lambda: "".join(
            f'<option value="{conditional_escape(value)}">{conditional_escape(label)}</option>'
            for value, label in choices()
        ),
    )
    if selected is not None and selected != "":
        tag = f'<option value="{conditional_escape(selected)}">'
        html = html.replace(tag, tag[:-1] + " selected>")
    return mark_safe(html)  # noqa: S308 -- every value and label escaped above


def rendered(
    store: dict[tuple[Any, ...], str],
    limit: int,
    key: tuple[Any, ...],
    build: Callable[[], str],
) -> str:
    """``build()``, kept in ``store`` per ``key`` and active language; the store starts afresh
    at ``limit`` entries (many versions come only from many directory or staff writes)."""
    key = (*key, get_language())
    html = store.get(key)
    if html is None:
        html = build()
        if len(store) >= limit:
            store.clear()
        store[key] = html
    return html
