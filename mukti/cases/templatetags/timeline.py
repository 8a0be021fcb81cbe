"""The timeline's rows, rendered in Python.

A case page shows hundreds of events; the template engine spent most of the page's time on their
dozen variables each (bench/cases.py measured it). The markup is the same the template had.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from mukti.cases.models import ByLine, Event

register = template.Library()


def _fact(fact: str) -> SafeString:
    if isinstance(fact, ByLine) and fact.entered:
        # Who acted reads first; who typed it in is secondary.
        return format_html(
            '<li>{} <span class="entered-by text-body-secondary">({})</span></li>',
            fact.acted,
            fact.entered,
        )
    return format_html("<li>{}</li>", fact)


def _row(event: Event, edit_label: str, approx_label: str) -> SafeString:
    failed = event.outcome and event.outcome != "rescued"
    classes = f"timeline-item event-{event.type}{' event-failed' if failed else ''}"
    if event.is_approximate:
        when = format_html(
            '<span class="timeline-when approximate" title="{}">≈ {}</span>',
            approx_label,
            event.when_label,
        )
    else:
        when = format_html('<span class="timeline-when">{}</span>', event.when_label)
    outcome = format_html(": {}", event.outcome_label) if event.outcome else ""
    facts = mark_safe("".join(_fact(fact) for fact in event.facts))  # noqa: S308
    note = (
        format_html('<div class="small text-body-secondary">{}</div>', linebreaksbr(event.note))
        if event.note
        else ""
    )
    if event.quote:
        note = format_html(
            '{}<blockquote class="small text-body-secondary mb-0">“{}”</blockquote>',
            note,
            event.quote,
        )
    return format_html(
        '<li class="{}" data-testid="event"><div class="d-flex justify-content-between gap-2">'
        '<div>{} <strong class="ms-1">{}</strong>{}</div>'
        '<a class="small text-nowrap" href="{}">{}</a></div>'
        '<ul class="small event-facts">{}</ul>{}</li>',
        classes,
        when,
        event.type_label,
        outcome,
        event.edit_url,
        edit_label,
        facts,
        note,
    )


@register.simple_tag
def timeline_rows(events: Iterable[Event], edit_label: str, approx_label: str) -> SafeString:
    return mark_safe("".join(_row(e, edit_label, approx_label) for e in events))  # noqa: S308
