"""The timeline's rows, rendered in Python.

A case page shows hundreds of events; the template engine spent most of the page's time on their
dozen variables each (bench/cases.py measured it). The markup is the same the template had, to the
character (reports/tests/test_page_snapshots.py compares it).

Each row is one f-string over escaped parts, not ``format_html`` per part (six calls per event,
each escaping its arguments through lazy-aware wrappers), and what repeats from row to row — the
label of each kind of event and outcome, the dates' language, months and time zone — is looked up
once per page (issue 24). Everything that comes from a record is escaped by ``core.markup.esc``
(Django's ``conditional_escape`` without its wrappers).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines

from mukti.cases.models import ByLine, Event
from mukti.core.fuzzydate import when_formatter
from mukti.core.markup import esc as _esc

register = template.Library()


def _fact(fact: str) -> str:
    if isinstance(fact, ByLine) and fact.entered:
        # Who acted reads first; who typed it in is secondary.
        return (
            f'<li>{_esc(fact.acted)} <span class="entered-by text-body-secondary">'
            f"({_esc(fact.entered)})</span></li>"
        )
    return f"<li>{_esc(fact)}</li>"


def _rows(events: Iterable[Event], edit_label: str, approx_label: str) -> Iterable[str]:
    edit, approx = _esc(edit_label), _esc(approx_label)
    when_label: Callable[[Any], str] = when_formatter()
    labels: dict[tuple[str, str], str] = {}  # (type, outcome) -> escaped labels, once per page
    for event in events:
        kind = labels.get((event.type, event.outcome))
        if kind is None:
            kind = _esc(event.type_label)
            if event.outcome:
                kind += f"</strong>: {_esc(event.outcome_label)}"
            else:
                kind += "</strong>"
            labels[(event.type, event.outcome)] = kind
        failed = " event-failed" if event.outcome and event.outcome != "rescued" else ""
        when = _esc(when_label(event.when))
        if event.is_approximate:
            when = f'<span class="timeline-when approximate" title="{approx}">≈ {when}</span>'
        else:
            when = f'<span class="timeline-when">{when}</span>'
        facts = "".join([_fact(fact) for fact in event.facts])
        note = (
            '<div class="small text-body-secondary">'
            f"{html.escape(normalize_newlines(event.note)).replace(chr(10), '<br>')}</div>"
            if event.note
            else ""
        )
        if event.quote:
            note += (
                '<blockquote class="small text-body-secondary mb-0">'
                f"“{_esc(event.quote)}”</blockquote>"
            )
        yield (
            f'<li class="timeline-item event-{_esc(event.type)}{failed}" data-testid="event">'
            '<div class="d-flex justify-content-between gap-2">'
            f'<div>{when} <strong class="ms-1">{kind}</div>'
            f'<a class="small text-nowrap" href="{_esc(event.edit_url)}">{edit}</a></div>'
            f'<ul class="small event-facts">{facts}</ul>{note}</li>'
        )


@register.simple_tag
def timeline_rows(events: Iterable[Event], edit_label: str, approx_label: str) -> SafeString:
    return mark_safe("".join(_rows(events, edit_label, approx_label)))  # noqa: S308 -- escaped
