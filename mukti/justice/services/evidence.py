"""Evidence seized, and its chain of custody."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, require
from mukti.accounts.models import User
from mukti.audit.tracked import tracked_create
from mukti.cases import services as case_services
from mukti.cases.models import Case, EventType
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import When
from mukti.directory.models import Office, Official
from mukti.justice.models import Custody, CustodyKind, EvidenceItem
from mukti.justice.services._common import _day, _event


def _check_official_of(official: Official | None, office: Office, *, field: str) -> None:
    """An official named with an office must be one of that office's."""
    if official is not None and official.office_id != office.pk:
        raise ApplicationError(
            _("%(official)s does not belong to %(office)s.")
            % {"official": official.name, "office": office},
            field=field,
        )


@transaction.atomic
def evidence_seize(
    *,
    actor: User,
    case: Case,
    when: When,
    kind: str,
    description: str,
    seized_by_office: Office,
    seized_by_official: Official | None = None,
    note: str = "",
) -> EvidenceItem:
    require(actor, Action.JUSTICE_EDIT, case)
    if when.at is None:
        raise ApplicationError(_("Say when it was seized: the chain of custody starts then."),
                               field="when")  # fmt: skip
    _check_official_of(seized_by_official, seized_by_office, field="seized_by_official")
    event = _event(actor, case, EventType.EVIDENCE_COLLECTED, when, actor_office=seized_by_office,
                   actor_official=seized_by_official, note=note)  # fmt: skip
    item = tracked_create(
        EvidenceItem, actor=actor, event=event, case=case, kind=kind,
        description=description.strip(), seized_by_office=seized_by_office,
        seized_by_official=seized_by_official,
    )  # fmt: skip
    return case_services.detail_recorded(item)


@dataclass(frozen=True)
class Holder:
    office: Office | None
    official: Official | None

    def __str__(self) -> str:
        if self.official is not None:
            return f"{self.official.name}, {self.official.title}"
        return str(self.office) if self.office else str(_("someone unknown"))

    def same(self, office: Office | None, official: Official | None) -> bool:
        return (self.office, self.official) == (office, official)


@dataclass(frozen=True)
class Link:
    custody: Custody
    broken: str  # why the chain breaks at this link ("" when it holds)


def chain(item: EvidenceItem, transfers: list[Custody]) -> tuple[list[Link], Holder]:
    """The chain as recorded, each link checked against the one before; and who holds the item
    now. A link is broken when the item turns up with someone it was not handed to, when it is
    handed on by someone who did not hold it, or when the hand-overs are out of time order."""
    holder = Holder(item.seized_by_office, item.seized_by_official)
    since = item.event.occurred_at
    links = []
    for custody in transfers:
        broken = ""
        if custody.kind == CustodyKind.FOUND:
            broken = str(_("found with %(who)s, who was never handed it")
                         % {"who": Holder(custody.to_office, custody.to_official)})  # fmt: skip
        elif not holder.same(custody.from_office, custody.from_official):
            broken = str(_("handed on by %(who)s, but %(holder)s held it")
                         % {"who": Holder(custody.from_office, custody.from_official),
                            "holder": holder})  # fmt: skip
        elif since is not None and custody.at < since:
            broken = str(_("recorded before the step before it"))
        links.append(Link(custody, broken))
        holder = Holder(custody.to_office, custody.to_official)
        since = custody.at
    return links, holder


@transaction.atomic
def custody_transfer(
    *,
    actor: User,
    item: EvidenceItem,
    at: dt.datetime,
    to_office: Office,
    to_official: Official | None = None,
    from_office: Office | None = None,
    from_official: Official | None = None,
    purpose: str = "",
    kind: str = CustodyKind.HANDOVER,
) -> Custody:
    """Record a hand-over (by its current holder only) or that the item was found with someone it
    was never handed to (which the chain then shows as broken)."""
    require(actor, Action.JUSTICE_EDIT, item.case)
    # Two hand-overs of one item at once would both pass the holder check.
    EvidenceItem.objects.select_for_update().filter(pk=item.pk).first()
    transfers = list(item.custody.select_related("to_office", "to_official", "from_office",
                                                 "from_official"))  # fmt: skip
    _links, holder = chain(item, transfers)
    _check_official_of(to_official, to_office, field="to_official")
    if kind == CustodyKind.HANDOVER:
        if not holder.same(from_office, from_official):
            raise ApplicationError(
                _("%(who)s did not hold this item: %(holder)s did. Only its holder can hand it "
                  "on; if it was found elsewhere, record that instead.")
                % {"who": Holder(from_office, from_official), "holder": holder},
                field="from_office",
            )  # fmt: skip
        if holder.same(to_office, to_official):
            raise ApplicationError(_("That is who holds it already."), field="to_office")
    else:
        from_office = from_official = None
    last = transfers[-1].at if transfers else item.event.occurred_at
    if last is not None and at < last:
        raise ApplicationError(
            _("This hand-over (%(at)s) cannot come before the last step of the chain (%(last)s).")
            % {"at": _day(at), "last": _day(last)},
            field="at",
        )
    if at > timezone.now():
        raise ApplicationError(_("A hand-over cannot be in the future."), field="at")
    return tracked_create(
        Custody, actor=actor, item=item, kind=kind, at=at, from_office=from_office,
        from_official=from_official, to_office=to_office, to_official=to_official,
        purpose=purpose.strip(),
    )  # fmt: skip
