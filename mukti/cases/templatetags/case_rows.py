"""The case list's rows, rendered in Python (as the timeline's are).

Twenty-five rows of eight cells each cost the template engine about two hundred translations and
three hundred variable lookups per request (issue 24). The markup is the template's, to the
character (reports/tests/test_page_snapshots.py compares it).
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from mukti.cases.models import Case
from mukti.core import l10n

register = template.Library()


def _survivors(case: Case, minor: str) -> str:
    names = []
    for link in case.case_survivors.all():
        name = str(conditional_escape(link.survivor.pseudonym))
        if link.survivor.is_minor:
            name += f' <span class="badge text-bg-warning">{minor}</span>'
        names.append(name)
    return ", ".join(names) if names else "—"


@register.simple_tag
def case_rows(cases: Iterable[Case]) -> SafeString:
    labels = [
        conditional_escape(label)
        for label in (_("Reference"), _("Title"), _("Survivors"), _("Status"), _("Priority"),
                      _("District"), _("Lead"), _("Opened"), _("minor"))
    ]  # fmt: skip
    reference, title, survivors, status, priority, district, lead, opened, minor = labels
    rows = []
    for case in cases:
        row = format_html(
            "\n  <tr>\n"
            '    <td class="text-nowrap" data-label="{}"><a href="{}">{}</a></td>\n'
            '    <td data-label="{}">{}</td>\n'
            '    <td data-label="{}">{}</td>\n'
            '    <td data-label="{}"><span class="badge status-{}">{}</span></td>\n'
            '    <td data-label="{}">{}</td>\n'
            '    <td data-label="{}">{}</td>\n'
            '    <td data-label="{}">{}</td>\n'
            '    <td class="text-nowrap" data-label="{}">{}</td>\n'
            "  </tr>\n  ",
            reference, case.get_absolute_url(), case.reference,
            title, case.title,
            survivors, mark_safe(_survivors(case, minor)),  # noqa: S308 -- escaped there
            status, case.status, case.get_status_display(),
            priority, case.get_priority_display(),
            district, (case.district.name if case.district is not None else "") or "—",
            lead, case.lead,
            opened, l10n.format_date(case.opened_on, "j M Y") if case.opened_on else "",
        )  # fmt: skip
        rows.append(row)
    if not rows:
        return format_html(
            '\n  <tr><td colspan="8" class="text-body-secondary">{}</td></tr>\n  ',
            _("No case matches."),
        )
    return mark_safe("".join(rows))  # noqa: S308 -- each row built with format_html
