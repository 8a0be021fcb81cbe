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


def esc(value: Any) -> str:
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))
