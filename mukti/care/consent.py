"""The one consent gate. Everything that lets a survivor's data leave her case team (a referral to a
partner, the HTCDS export, the anonymised dataset, a story, a referral packet) asks here, so that a
withdrawn or expired consent stops every path at once.

- ``refusal`` says, in a caseworker's words, why her data may not be used (``None`` if it may);
- ``require`` raises ``ConsentRefused`` with that reason;
- ``consenting`` narrows a queryset of survivors to those whose consent covers the use, for exports
  that read thousands of rows in one query.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mukti.care.models import Consent, ConsentPurpose
from mukti.cases.models import Survivor


class ConsentRefused(Exception):
    """Her consent does not cover this use; ``reason`` says why, for the page or the log."""

    def __init__(self, reason: str, *, survivor: Survivor) -> None:
        super().__init__(reason)
        self.reason = reason
        self.survivor = survivor


def _in_force(day: dt.date) -> Q:
    return (
        Q(given_on__lte=day)
        & (Q(expires_on__isnull=True) | Q(expires_on__gt=day))
        & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))
    )


_USE = {  # lazy: translated when a reason is written, in the reader's language
    ConsentPurpose.STORY: gettext_lazy("her story being shared"),
    ConsentPurpose.DATA_SHARING: gettext_lazy("her data being shared"),
    ConsentPurpose.PHOTOGRAPHS: gettext_lazy("photographs of her being used"),
}


def _in_force_on(consent: Consent, day: dt.date) -> bool:
    return (
        consent.given_on <= day
        and (consent.expires_on is None or consent.expires_on > day)
        and (consent.withdrawn_on is None or consent.withdrawn_on > day)
    )


def _same_partner(partner: str) -> str:
    """A partner's name as stored: spaces collapsed (the consent form stores it so)."""
    return " ".join(partner.split())


def _covering(purpose: str, partner: str, day: dt.date) -> Q:
    covers = Q(purpose=purpose) & _in_force(day)
    if partner.strip():
        covers &= Q(partner__iexact=_same_partner(partner))
    return covers


def refusal(
    *, survivor: Survivor, purpose: str, partner: str = "", on: dt.date | None = None
) -> str | None:
    """Why her data may not be used for ``purpose`` (with ``partner``, if named) on ``on`` (today
    by default), or ``None`` if a consent in force covers it."""
    day = on or timezone.localdate()
    consents = list(Consent.objects.filter(survivor=survivor, purpose=purpose))
    what = _USE[ConsentPurpose(purpose)]
    if partner.strip():
        wanted = _same_partner(partner).lower()
        named = [c for c in consents if _same_partner(c.partner).lower() == wanted]
        if not named:
            return _("%(name)s has not consented to %(what)s with %(partner)s.") % {
                "name": survivor.pseudonym,
                "what": what,
                "partner": _same_partner(partner),
            }
        consents = named
    if not consents:
        return _("%(name)s has not consented to %(what)s.") % {
            "name": survivor.pseudonym,
            "what": what,
        }
    if any(_in_force_on(c, day) for c in consents):
        return None
    latest = consents[0]  # ordered newest first
    if latest.withdrawn_on and latest.withdrawn_on <= day:
        return _("%(name)s withdrew her consent on %(day)s.") % {
            "name": survivor.pseudonym,
            "day": latest.withdrawn_on.isoformat(),
        }
    if latest.expires_on and latest.expires_on <= day:
        return _("%(name)s's consent expired on %(day)s.") % {
            "name": survivor.pseudonym,
            "day": latest.expires_on.isoformat(),
        }
    return _("%(name)s's consent only starts on %(day)s.") % {
        "name": survivor.pseudonym,
        "day": latest.given_on.isoformat(),
    }


def require(
    *, survivor: Survivor, purpose: str, partner: str = "", on: dt.date | None = None
) -> None:
    """Raise ``ConsentRefused`` unless a consent in force covers this use."""
    reason = refusal(survivor=survivor, purpose=purpose, partner=partner, on=on)
    if reason is not None:
        raise ConsentRefused(reason, survivor=survivor)


def consenting(
    survivors: QuerySet[Survivor], *, purpose: str, partner: str = "", on: dt.date | None = None
) -> QuerySet[Survivor]:
    """Only the survivors whose consent in force covers this use (one query, for exports)."""
    day = on or timezone.localdate()
    return survivors.filter(
        Exists(
            Consent.objects.filter(survivor=OuterRef("pk")).filter(_covering(purpose, partner, day))
        )
    )
