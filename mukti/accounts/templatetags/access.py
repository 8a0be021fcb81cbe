from __future__ import annotations

from typing import Any

from django import template

from mukti.accounts.access import can as _can

register = template.Library()


@register.filter
def can(user: Any, action: str) -> bool:
    """``{% if user|can:"users.manage" %}``: templates ask the same rule as views."""
    return _can(user, action)
