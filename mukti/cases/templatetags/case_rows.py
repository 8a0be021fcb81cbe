"""The case list's rows, rendered in Python (as the timeline's are).

Twenty-five rows of eight cells each cost the template engine about two hundred translations and
three hundred variable lookups per request (issue 24). The markup is the template's, to the
character (reports/tests/test_page_snapshots.py compares it). As the timeline's, each row is one
f-string over parts escaped by ``core.markup.esc`` (``conditional_escape`` without its wrappers).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from mukti.cases.models import Case
from mukti.core import l10n
from mukti.core.links import links
from mukti.core.markup import esc as _esc

register = template.Library()


def _survivors(people: list[tuple[str, dt.date | None]], minor: str, today: dt.date) -> str:
    names = []
    for pseudonym, adult_on in people:
        name = _esc(pseudonym)
        # Survivor.is_minor, with today read once per page
        if adult_on is not None and today < adult_on:
            name += f' <span class="badge text-bg-warning">{minor}</span>'
        names.append(name)
    return ", ".join(names) if names else "—"


@register.simple_tag
def case_rows(
    cases: Iterable[Case], people: dict[int, list[tuple[str, dt.date | None]]]
) -> SafeString:
    """The rows of these cases, with their survivors (``selectors.case_list_survivors``)."""
    labels = [
        _esc(label)
        for label in (_("Reference"), _("Title"), _("Survivors"), _("Status"), _("Priority"),
                      _("District"), _("Lead"), _("Opened"), _("minor"))
    ]  # fmt: skip
    reference, title, survivors, status, priority, district, lead, opened, minor = labels
    # What repeats from row to row is looked up once per page: the labels of each status and
    # priority, the day's format, the link's pattern (one reverse() for the page, as the
    # timeline does), today's date.
    today = timezone.localdate()
    case_url = links("cases:case-detail")
    statuses: dict[str, str] = {}
    priorities: dict[int, str] = {}
    days: dict[dt.date, str] = {}
    rows = []
    for case in cases:
        status_label = statuses.get(case.status)
        if status_label is None:
            status_label = statuses[case.status] = _esc(case.get_status_display())
        priority_label = priorities.get(case.priority)
        if priority_label is None:
            priority_label = priorities[case.priority] = _esc(case.get_priority_display())
        day = ""
        if case.opened_on:
            day = days.get(case.opened_on, "")
            if not day:
                day = days[case.opened_on] = _esc(l10n.format_date(case.opened_on, "j M Y"))
        url = case_url(case.reference)
        names = _survivors(people.get(case.pk, []), minor, today)
        place = (case.district.name if case.district is not None else "") or "—"
        rows.append(
            "\n  <tr>\n"
            f'    <td class="text-nowrap" data-label="{reference}"><a href="{_esc(url)}">'
            f"{_esc(case.reference)}</a></td>\n"
            f'    <td data-label="{title}">{_esc(case.title)}</td>\n'
            f'    <td data-label="{survivors}">{names}</td>\n'
            f'    <td data-label="{status}"><span class="badge status-{_esc(case.status)}">'
            f"{status_label}</span></td>\n"
            f'    <td data-label="{priority}">{priority_label}</td>\n'
            f'    <td data-label="{district}">{_esc(place)}</td>\n'
            f'    <td data-label="{lead}">{_esc(case.lead)}</td>\n'
            f'    <td class="text-nowrap" data-label="{opened}">{day}</td>\n'
            "  </tr>\n  "
        )
    if not rows:
        return format_html(
            '\n  <tr><td colspan="8" class="text-body-secondary">{}</td></tr>\n  ',
            _("No case matches."),
        )
    return mark_safe("".join(rows))  # noqa: S308 -- every part escaped by _esc
