"""The responsiveness report's rows, rendered in Python (as Due soon's and the lateness
report's are, ``deadlines/templatetags/clock_rows.py``).

A year of a large organisation lists hundreds of offices (320 at 100,000 cases): in the template
engine each row cost two ``widthratio`` tags, a filter and a dozen variable lookups, about 12 ms
of a 38 ms page (issue 24). The markup is the template loop's, to the character
(``rescue/tests/test_responsiveness_rows.py`` renders both).
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from mukti.core.l10n import figure
from mukti.core.markup import esc, rows_or_empty
from mukti.core.templatetags.display import minutes
from mukti.rescue.selectors import Responsiveness

register = template.Library()

_CELL = '<td class="text-end">'


def _percent(part: int, whole: int) -> str:
    """What ``{% widthratio part whole 100 %}`` writes: rounded half to even, "0" of nothing;
    in the reader's digits, as every figure of the row."""
    return figure(str(round(part / whole * 100)) if whole else "0")


@register.simple_tag
def responsiveness_rows(rows: Iterable[Responsiveness]) -> SafeString:
    out = []
    for r in rows:
        median = "—" if r.median_minutes is None else esc(minutes(r.median_minutes))
        out.append(
            f"\n  <tr><td>{esc(r.name)}</td>{_CELL}{figure(r.engagements)}</td>"
            f"{_CELL}{_percent(r.answered, r.engagements)}%</td>{_CELL}{median}</td>"
            f"{_CELL}{_percent(r.referred, r.engagements)}%</td>"
            f"{_CELL}{figure(r.rescues_after)}</td>"
            "</tr>\n  "
        )
    return rows_or_empty(out, _("No engagement in this period."), 6)
