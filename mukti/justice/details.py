"""The justice page's details on timeline events (seen only by those who see justice events)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mukti.cases import details
from mukti.cases.models import EventType
from mukti.core import l10n


def _fir(f: Any) -> list[str]:
    return [_("FIR %(number)s") % {"number": f.number}]


def _arrest(a: Any) -> list[str]:
    return [_("arrested: %(name)s") % {"name": a.accused.label}]


def _bail(b: Any) -> list[str]:
    return [f"{b.get_status_display()}: {b.accused.label}"]


def _evidence(e: Any) -> list[str]:
    return [f"{e.get_kind_display()}: {e.description}"]


def _hearing(h: Any) -> list[str]:
    facts = [h.purpose]
    if h.next_date:
        facts.append(_("next date %(day)s") % {"day": l10n.day(h.next_date)})
    return facts


def _chargesheet(c: Any) -> list[str]:
    return [_("chargesheet %(number)s") % {"number": c.number}]


def _testimony(t: Any) -> list[str]:
    return [_("testimony of %(name)s") % {"name": t.survivor.pseudonym}]


def _compensation(c: Any) -> list[str]:
    paid = _("paid ₹%(n)s") % {"n": c.amount_paid} if c.amount_paid else _("not yet paid")
    return [_("₹%(n)s awarded; %(paid)s") % {"n": c.amount_awarded, "paid": paid}]


def register() -> None:
    details.register_panel(gettext_lazy("the justice page"), (
        ("fir", gettext_lazy("an FIR"), EventType.FIR_REGISTERED, ("number",), _fir, ()),
        ("arrest", gettext_lazy("an arrest"), EventType.ARREST, ("accused__name",), _arrest,
         ("accused",)),
        ("bail", gettext_lazy("a bail decision"), EventType.BAIL, ("status", "accused__name"),
         _bail, ("accused",)),
        ("evidence", gettext_lazy("seized evidence"), EventType.EVIDENCE_COLLECTED,
         ("kind", "description"), _evidence, ()),
        ("chargesheet", gettext_lazy("a chargesheet"), EventType.CHARGESHEET_FILED,
         ("number",), _chargesheet, ()),
        ("hearing", gettext_lazy("a hearing"), EventType.COURT_HEARING,
         ("purpose", "next_date"), _hearing, ()),
        ("testimony", gettext_lazy("a testimony"), EventType.TESTIMONY,
         ("survivor__pseudonym",), _testimony, ("survivor",)),
        ("judgement", gettext_lazy("a judgement"), EventType.JUDGEMENT, ("court__name",),
         lambda j: [j.court.name], ("court",)),
        ("compensation", gettext_lazy("a compensation award"), EventType.COMPENSATION,
         ("amount_awarded", "amount_paid"), _compensation, ()),
    ))  # fmt: skip
