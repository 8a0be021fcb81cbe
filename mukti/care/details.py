"""The care panel's details on timeline events."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mukti.care.models import Domain
from mukti.cases import details
from mukti.cases.models import EventType


def _medical(m: Any) -> list[str]:
    facts = [f"{m.get_kind_display()}: {m.get_need_display().lower()}"]
    if m.discharged_on:
        facts.append(_("discharged %(day)s") % {"day": f"{m.discharged_on:%d %b %Y}"})
    if m.outcome:
        facts.append(m.outcome)
    return facts


def _placement(p: Any) -> list[str]:
    stay = f"{p.get_kind_display()}: {p.home.name}"
    if p.ended_on:
        stay += " " + _("until %(day)s") % {"day": f"{p.ended_on:%d %b %Y}"}
    return [stay]


def _service(s: Any) -> list[str]:
    return [s.get_kind_display() + (f" ({s.provider})" if s.provider else "")]


def _follow_up(f: Any) -> list[str]:
    if not f.next_due_on:
        return []
    return [_("next visit due %(day)s") % {"day": f"{f.next_due_on:%d %b %Y}"}]


def _assessment(a: Any) -> list[str]:
    return [", ".join(f"{label.lower()} {getattr(a, f'{d}_score')}" for d, label in
                      ((d.value, str(d.label).split(" ")[0]) for d in Domain))]  # fmt: skip


def _step(s: Any) -> list[str]:
    done = (
        _("completed %(day)s") % {"day": f"{s.completed_on:%d %b %Y}"}
        if s.completed_on
        else _("waiting")
    )
    return [f"{s.get_kind_display()}: {done}"]


def register() -> None:
    details.register_panel(gettext_lazy("the care page"), (
        ("medical", gettext_lazy("a medical record"), EventType.MEDICAL_CARE,
         ("kind", "need", "discharged_on", "outcome"), _medical, ()),
        ("placement", gettext_lazy("a shelter placement"), EventType.SHELTER_PLACEMENT,
         ("kind", "ended_on", "home__name"), _placement, ("home",)),
        ("service", gettext_lazy("a service"), EventType.SERVICE, ("kind", "provider"),
         _service, ()),
        ("follow_up", gettext_lazy("a follow-up visit"), EventType.FOLLOW_UP_VISIT,
         ("next_due_on",), _follow_up, ()),
        ("assessment", gettext_lazy("an assessment"), EventType.ASSESSMENT,
         tuple(f"{d}_score" for d in Domain.values), _assessment, ()),
        ("repatriation_step", gettext_lazy("a repatriation step"), EventType.REPATRIATION_STEP,
         ("kind", "completed_on"), _step, ()),
    ))  # fmt: skip
