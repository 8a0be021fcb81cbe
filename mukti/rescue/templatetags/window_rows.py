"""The rows of *Located, not rescued*, rendered in Python (as Due soon's are).

A page lists fifty survivors, each row with seven translated labels, a link, a number and a
date formatted by filters: 13 ms of a 19 ms page in the template engine (issue 24). The
markup is the template loop's, to the character (``rescue/tests/test_window_rows.py`` renders
both, in three languages, every state of a row), with its figures in the reader's digits.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mukti.core import l10n
from mukti.core.links import links
from mukti.core.markup import esc, rows_or_empty
from mukti.core.templatetags.display import date
from mukti.rescue.selectors import WindowRow

register = template.Library()


@register.simple_tag
def window_rows(rows: Iterable[WindowRow]) -> SafeString:
    # Each message a plain _() call, outside the f-strings, where xgettext (make messages)
    # finds it: one inside an f-string, or _() of a variable, is not extracted, and its
    # translations would turn obsolete at the next `make messages`.
    waiting, survivor_h, case_h, last_h, next_h, warnings_h = map(
        esc,
        (_("Waiting"), _("Survivor"), _("Case"), _("Last engagement"), _("Next step with"),
         _("Warnings")),
    )  # fmt: skip
    minor_text, nobody_text, passed_text = _("minor"), _("No authority contacted"), _("passed")
    minor = f' <span class="badge text-bg-warning">{esc(minor_text)}</span>'
    nobody = f'<span class="text-danger">{esc(nobody_text)}</span>'
    deferred, passed = esc(_("deferred until")), f" <strong>({esc(passed_text)})</strong>"
    hours_text = _("%(h)s h")
    case_url = links("cases:case-detail")
    out = []
    for row in rows:
        overdue = row.overdue_deferral
        if row.failed_attempts or overdue:
            css = "table-danger"
        elif row.hours > 6:
            css = "table-warning"
        else:
            css = ""
        link = row.link
        person, case = link.survivor, link.case
        last = f"{esc(row.last_office)}: {esc(row.last_answer)}" if row.last_office else nobody
        warning = ""
        if row.deferred_until:
            day = date(timezone.localtime(row.deferred_until), "j M Y, H:i")
            warning = f"{deferred} {esc(day)}{passed if overdue else ''}"
        failed = ""
        if row.failed_attempts:
            n = row.failed_attempts
            failed = l10n.digits(
                ngettext("%(n)s failed attempt", "%(n)s failed attempts", n) % {"n": n}
            )
        out.append(
            f'\n  <tr class="{css}" data-testid="window-row">\n'
            f'    <td class="text-nowrap fw-semibold" data-label="{waiting}">'
            f"{hours_text % {'h': l10n.figure(floatformat(row.hours, 0))}}</td>\n"
            f'    <td data-label="{survivor_h}">{esc(person.pseudonym)}'
            f"{minor if person.is_minor else ''}</td>\n"
            f'    <td data-label="{case_h}"><a href="{esc(case_url(case.reference))}#rescue">'
            f"{esc(case.reference)}</a></td>\n"
            f'    <td data-label="{last_h}">{last}</td>\n'
            f'    <td data-label="{next_h}">{esc(row.next_step or "—")}</td>\n'
            f'    <td class="small" data-label="{warnings_h}">{warning}\n'
            f"      {failed}</td>\n"
            "  </tr>\n  "
        )
    return rows_or_empty(
        out, _("Nobody is waiting: every located survivor of your cases is out."), 6
    )
