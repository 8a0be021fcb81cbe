from __future__ import annotations

import phonenumbers
from django import template

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """Show a stored E.164 number the way people read it: "+91 98300 12345"."""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


@register.filter
def minutes(value: float | None) -> str:
    """A wait in words a field team reads at a glance: "15 min", "3 h 20 min", "12 days"."""
    if value is None:
        return ""
    total = round(value)
    if total < 60:
        return f"{total} min"
    if total < 48 * 60:
        hours, rest = divmod(total, 60)
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    return f"{total // (24 * 60)} days"
