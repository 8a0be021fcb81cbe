"""Due soon's rows, the lateness report's and the case page's clocks, rendered in Python (as the
case list's and the timeline's are).

A supervisor's Due soon shows up to two hundred breached clocks and as many running ones: in the
template engine each row cost about fifteen translations, two ``reverse()`` and thirty variable
lookups, some 60 ms of CPU for a full page (issue 24). The markup is the template's, to the
character (``reports/tests/test_page_snapshots.py`` compares both lists, in English and Bengali).
What repeats from row to row (the labels, the links' patterns, the CSRF field, the time of
reading) is worked out once per page. The lateness report shows a row per rule and per rule
and team: 615 rows for a year at 100,000 cases. The case page's clocks panel (a dozen clocks
or more on a busy case) cost half a millisecond a clock in the template engine, as much as
the timeline's two hundred rows cost in Python (issue 24); its markup is the template's too
(``test_the_clocks_panel_renders_the_same_html_as_before``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from mukti.core import l10n
from mukti.core.fuzzydate import Precision, When, when_formatter
from mukti.core.links import links
from mukti.core.markup import esc as _esc
from mukti.core.templatetags.display import duration, duration_words
from mukti.deadlines.selectors import ClockRow, LatenessRow

register = template.Library()


@register.simple_tag(takes_context=True)
def due_rows(context: Any, rows: Iterable[ClockRow], empty: str) -> SafeString:
    due_h, clock_h, case_h, survivor_h, basis_h, acknowledge, approximate, doing, after = (
        _esc(label)
        for label in (_("Due"), _("Clock"), _("Case"), _("Survivor"), _("Basis"),
                      _("Acknowledge"), _("start approximate"), _("What is being done"),
                      _("recorded after the deadline"))
    )  # fmt: skip
    breached, running = _("breached %(late)s ago"), _("in %(left)s")
    now = timezone.now()
    case_url = links("cases:case-detail")
    acknowledge_url = links("deadlines:clock-acknowledge")
    token = context.get("csrf_token")
    csrf = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{_esc(token)}">'
        if token and token != "NOTPROVIDED"
        else ""
    )
    out = []
    for row in rows:
        clock = row.clock
        state = clock.state_at(now)
        if state == "breached":
            late = _esc(duration_words(clock.due_at - now))
            due = f"<strong>{breached % {'late': late}}</strong>"
            css = "table-danger"
        elif state == "recorded_late":
            day = l10n.format_date(timezone.localtime(clock.due_at), "j M Y, H:i")
            due = f"{after} ({_esc(day)})"
            css = "table-warning"
        else:
            due = running % {"left": _esc(duration_words(clock.due_at - now))}
            css = ""
        title = _esc(row.rule.title)
        if clock.start_approximate:
            title += f' <span class="text-body-secondary small">({approximate})</span>'
        case = clock.case
        url = case_url(case.reference)
        survivor = clock.survivor.pseudonym if clock.survivor is not None else ""
        if state == "breached":
            action = acknowledge_url(clock.pk)
            last = (
                f'<td data-label="{acknowledge}"><form method="post" action="{action}" '
                f'class="d-flex gap-1 flex-wrap">{csrf}<label class="visually-hidden" '
                f'for="ack-{clock.pk}">{doing}</label><input class="form-control '
                f'form-control-sm" id="ack-{clock.pk}" name="reason" required minlength="5" '
                f'maxlength="300" placeholder="{doing}"><button class="btn btn-sm btn-dark" '
                f'type="submit">{acknowledge}</button></form></td>'
            )
        else:
            last = f'<td data-label="{acknowledge}" class="d-none d-sm-table-cell"></td>'
        out.append(
            f'\n  <tr class="{css}" data-testid="due-row">\n'
            f'    <td class="text-nowrap" data-label="{due_h}">{due}</td>\n'
            f'    <td data-label="{clock_h}">{title}</td>\n'
            f'    <td data-label="{case_h}"><a href="{_esc(url)}">{_esc(case.reference)}</a></td>\n'
            f'    <td data-label="{survivor_h}">{_esc(survivor or "—")}</td>\n'
            f'    <td class="small" data-label="{basis_h}">{_esc(row.basis)}</td>\n'
            f"    {last}\n"
            "  </tr>\n"
        )
    if not out:
        empty_row = f'<tr><td colspan="6" class="text-body-secondary">{_esc(empty)}</td></tr>'
        return mark_safe(empty_row)  # noqa: S308 -- escaped by _esc
    return mark_safe("".join(out))  # noqa: S308 -- every part escaped by _esc


@register.simple_tag
def case_clock_rows(rows: Iterable[ClockRow]) -> SafeString:
    """The ``<li>`` of each clock of the case page's panel (deadlines/_clocks.html)."""
    now = timezone.now()
    # Plain _() calls, which xgettext finds (not _() of a variable).
    due_label, was_due, approximate = map(_esc, (_("due"), _("was due"), _("start approximate")))
    left, breached = _("%(left)s left"), _("Breached %(late)s ago")
    recorded_late = _("Recorded after the deadline: due %(due)s, recorded %(recorded)s")
    met_too, met_late, met = _("met on %(when)s"), _("Met late, on %(when)s"), _("Met on %(when)s")

    # The template's ``date:"j M Y, H:i"``, with the month names, digits and time zone read
    # once for the panel: Django's date format cost more than the rest of a clock's row.
    when = when_formatter()

    def day(moment: Any) -> str:
        return _esc(when(When(moment, Precision.TIME)))

    out = []
    for row in rows:
        clock, rule = row.clock, row.rule
        state = clock.state_at(now)
        survivor = f" — {_esc(clock.survivor.pseudonym)}" if clock.survivor else ""
        kind = f"; {_esc(rule.kind_label)}" if rule.kind != "hard" else ""
        if state == "running":
            words = _esc(duration_words(clock.due_at - now))
            shown = (
                f'<span class="fw-semibold">{left % {"left": words}}</span> · {due_label} '
                f"{day(clock.due_at)}\n      "
            )
        elif state == "breached":
            words = _esc(duration_words(clock.due_at - now))
            shown = (
                f'<span class="text-danger fw-semibold">{breached % {"late": words}}</span> · '
                f"{was_due} {day(clock.due_at)}\n      "
            )
        elif state == "recorded_late":
            late = recorded_late % {"due": day(clock.due_at), "recorded": day(clock.recorded_at)}
            also = f" · {met_too % {'when': day(clock.satisfied_at)}}" if clock.satisfied_at else ""
            shown = f'<span class="text-warning-emphasis fw-semibold">{late}</span>{also}\n      '
        elif state == "met_late":
            late = met_late % {"when": day(clock.satisfied_at)}
            shown = f'<span class="text-danger">{late}</span>\n      '
        else:
            shown = f'<span class="text-success">{met % {"when": day(clock.satisfied_at)}}</span>'
        start = (
            f'<span class="text-body-secondary">· {approximate}</span>'
            if clock.start_approximate
            else ""
        )
        out.append(
            f'\n    <li class="clock clock-{state}" data-testid="clock">\n'
            f"      <strong>{_esc(rule.title)}</strong>{survivor}\n"
            f'      <span class="text-body-secondary">({_esc(row.basis)}{kind})</span><br>\n'
            f"      {shown}\n      {start}\n    </li>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 -- every part escaped by _esc


@register.simple_tag
def lateness_rows(rows: Iterable[LatenessRow]) -> SafeString:
    all_teams = _esc(_("All teams"))
    numbers: dict[int, str] = {}

    def number(n: int) -> str:  # as the template engine shows a number, once per value
        shown = numbers.get(n)
        if shown is None:  # in the reader's digits, as the total beside it (5 Dec 2026)
            shown = numbers[n] = _esc(l10n.digits(formats.localize(n)))
        return shown

    out = []
    for row in rows:
        counts = row.counts
        late = (
            f"{_esc(duration(row.median_late))} / {_esc(duration(row.worst_late))}"
            if row.median_late is not None
            else "—"
        )
        breached = ' class="text-danger"' if counts["breached"] else ""
        total_row = "" if row.team else ' class="table-light fw-semibold"'
        out.append(
            f'\n  <tr data-testid="lateness-row"{total_row}>\n'
            f"    <td>{'' if row.team else _esc(row.rule.title)}</td>"
            f"<td>{_esc(row.team) if row.team else all_teams}</td>"
            f"<td>{l10n.digits(str(row.total))}</td>\n"
            f"    <td>{number(counts['met'])}</td><td>{number(counts['met_late'])}</td>"
            f"<td{breached}>{number(counts['breached'])}</td>"
            f"<td>{number(counts['recorded_late'])}</td><td>{number(counts['running'])}</td>\n"
            f"    <td>{late}</td>\n"
            "  </tr>"
        )
    if not out:
        empty = _esc(_("No clock was due in this period."))
        return mark_safe(f'<tr><td colspan="9" class="text-body-secondary">{empty}</td></tr>')  # noqa: S308
    return mark_safe("".join(out))  # noqa: S308 -- every part escaped by _esc
