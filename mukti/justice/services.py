"""Every write of the legal case: one function per change, each in one transaction.

A dated record is an event on the case timeline (through ``cases.services``, which checks the
right to record justice events) plus its typed detail, then ``detail_recorded`` so that clocks
read it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, require, scope
from mukti.accounts.models import User
from mukti.audit.models import AuditAction
from mukti.audit.services import audit_record, diff, snapshot
from mukti.audit.tracked import tracked_create, tracked_update
from mukti.cases import services as case_services
from mukti.cases.models import Case, EventType, Survivor
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import When, format_when
from mukti.directory.models import Jurisdiction, Office, OfficeKind, Official
from mukti.justice import keys
from mukti.justice.models import (
    Accused,
    AccusedKey,
    Arrest,
    Bail,
    CaseAccused,
    Chargesheet,
    Compensation,
    Custody,
    CustodyKind,
    EvidenceItem,
    Fir,
    Hearing,
    Judgement,
    LegalSection,
    Testimony,
    Verdict,
)

POLICE = (OfficeKind.POLICE_STATION, OfficeKind.OUTPOST, OfficeKind.AHTU, OfficeKind.STATE_CID)


def _event(actor: User, case: Case, type: str, when: When, **values: Any) -> Any:
    return case_services.event_record(actor=actor, case=case, type=type, when=when, **values)


def _day(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%d %b %Y") if value else "?"


def _check_kind(office: Office, kinds: Iterable[str], what: str, field: str) -> None:
    if office.kind not in kinds:
        raise ApplicationError(
            _("%(office)s is not %(what)s in the directory.") % {"office": office, "what": what},
            field=field,
        )


def check_sections(case: Case, sections: Iterable[LegalSection], *, when: When) -> None:
    """Only sections in force on the offence date may be charged (IPC before 1 July 2024, BNS
    from then; the special acts throughout). Without an offence date, the FIR's date decides."""
    day = case.offence_date or (timezone.localtime(when.at).date() if when.at else None)
    if day is None:
        raise ApplicationError(
            _("Give the case's offence date (or the FIR's date): it decides which law applies."),
            field="sections",
        )
    wrong = [s for s in sections if not s.in_force_on(day)]
    if wrong:
        raise ApplicationError(
            _("%(sections)s was not in force on %(day)s, the offence date. Charge the sections "
              "of the law in force then.")
            % {"sections": ", ".join(s.short for s in wrong), "day": f"{day:%d %b %Y}"},
            field="sections",
        )  # fmt: skip


# --- FIR and chargesheet ------------------------------------------------------------------------


@transaction.atomic
def fir_register(
    *,
    actor: User,
    case: Case,
    police_station: Office,
    number: str,
    when: When,
    sections: Iterable[LegalSection],
    ahtu_informed_at: dt.datetime | None = None,
    electronic: bool = False,
    signed_at: dt.datetime | None = None,
    note: str = "",
) -> Fir:
    require(actor, Action.JUSTICE_EDIT, case)
    _check_kind(police_station, POLICE, _("a police station"), "police_station")
    number = number.strip()
    if Fir.objects.filter(police_station=police_station, number__iexact=number).exists():
        raise ApplicationError(
            _("FIR %(number)s of %(station)s is already recorded.")
            % {"number": number, "station": police_station},
            field="number",
        )
    charged = list(sections)
    if not charged:
        raise ApplicationError(_("Choose the sections charged."), field="sections")
    check_sections(case, charged, when=when)
    if ahtu_informed_at is not None and when.at is not None and ahtu_informed_at < when.at:
        raise ApplicationError(
            _("The FIR cannot reach the AHTU before it was registered."),
            field="ahtu_informed_at",
        )
    if signed_at is not None and not electronic:
        raise ApplicationError(
            _("Only an e-FIR is signed afterwards; tick e-FIR or leave the signature empty."),
            field="signed_at",
        )
    if signed_at is not None and when.at is not None and signed_at < when.at:
        raise ApplicationError(
            _("The informant cannot sign the e-FIR before it was registered."), field="signed_at"
        )
    event = _event(actor, case, EventType.FIR_REGISTERED, when, actor_office=police_station,
                   note=note)  # fmt: skip
    fir = tracked_create(
        Fir, actor=actor, event=event, case=case, police_station=police_station, number=number,
        ahtu_informed_at=ahtu_informed_at, electronic=electronic, signed_at=signed_at,
    )  # fmt: skip
    fir.sections.set(charged)
    return case_services.detail_recorded(fir)


def _first_fir(case: Case) -> Fir | None:
    return (
        Fir.objects.filter(case=case, event__occurred_at__isnull=False)
        .select_related("event")
        .order_by("event__occurred_at")
        .first()
    )


def _after_fir(case: Case, when: When, what: str) -> None:
    fir = _first_fir(case)
    if fir is None:
        raise ApplicationError(
            _("Record the FIR first: %(what)s follows it.") % {"what": what}, field="when"
        )
    end = when.end()
    assert fir.event.occurred_at is not None  # _first_fir reads dated ones only
    if end is not None and end <= fir.event.occurred_at:
        raise ApplicationError(
            _("%(what)s on %(when)s would come before the FIR (%(fir)s, %(day)s).")
            % {"what": what, "when": format_when(when), "fir": fir.number,
               "day": _day(fir.event.occurred_at)},
            field="when",
        )  # fmt: skip


@transaction.atomic
def chargesheet_file(
    *, actor: User, case: Case, number: str, when: When, sections: Iterable[LegalSection]
) -> Chargesheet:
    require(actor, Action.JUSTICE_EDIT, case)
    _after_fir(case, when, _("A chargesheet"))
    charged = list(sections)
    check_sections(case, charged, when=when)
    event = _event(actor, case, EventType.CHARGESHEET_FILED, when)
    sheet = tracked_create(Chargesheet, actor=actor, event=event, case=case, number=number)
    sheet.sections.set(charged)
    return case_services.detail_recorded(sheet)


# --- accused, arrests and bail ------------------------------------------------------------------


def accused_linkable(user: User) -> Any:
    """Accused persons this user may match and link: those accused in a case whose legal side
    the user may see. A person known only from another team's case is not offered (his name
    would reach a team that has no business knowing it); a supervisor, who sees both cases,
    links such a person."""
    cases = scope(user, Action.JUSTICE_VIEW, Case.objects.all()).values("pk")
    links = CaseAccused.objects.filter(accused_id=OuterRef("pk"), case_id__in=cases)
    return Accused.objects.filter(Exists(links))


def accused_matches(*, user: User, name: str, phone: str = "", aliases: str = "") -> list[Accused]:
    """People already known by this name, an alias or this phone, among those this user may
    link: offered to link, so that one person accused in two cases is one record. Matched by
    blind index (justice.keys): the stored names and phones are encrypted."""
    wanted = keys.lookup_digests(name=name, aliases=aliases, phone=phone)
    if not wanted:
        return []
    known = AccusedKey.objects.filter(accused_id=OuterRef("pk"), digest__in=wanted)
    found = accused_linkable(user).filter(Exists(known)).order_by("pk")[:10]
    return sorted(found, key=lambda accused: keys.normal_name(accused.name))


def _index(accused: Accused) -> None:
    """(Re)write the blind indexes of one person from his decrypted values."""
    AccusedKey.objects.filter(accused=accused).delete()
    AccusedKey.objects.bulk_create(
        AccusedKey(accused=accused, digest=digest)
        for digest in keys.digests(name=accused.name, aliases=accused.aliases, phone=accused.phone)
    )


def accused_keys_rebuild() -> int:
    """Re-index every accused person under the newest field key (after a key rotation)."""
    people = list(Accused.objects.all())
    for accused in people:
        _index(accused)
    return len(people)


@transaction.atomic
def accused_add(
    *,
    actor: User,
    case: Case,
    role: str,
    name: str = "",
    aliases: str = "",
    phone: str = "",
    description: str = "",
    approximate_age: int | None = None,
    existing: Accused | None = None,
) -> CaseAccused:
    require(actor, Action.JUSTICE_EDIT, case)
    if existing is None:
        values = _identity(name=name, aliases=aliases, phone=phone, description=description,
                           approximate_age=approximate_age)  # fmt: skip
        existing = tracked_create(Accused, actor=actor, **values)
        _index(existing)
    elif not accused_linkable(actor).filter(pk=existing.pk).exists():
        raise ApplicationError(
            _(
                "That person is known only from cases outside your team. Ask a supervisor, who "
                "sees both cases, to link them."
            ),
            field="existing",
        )
    elif CaseAccused.objects.filter(case=case, accused=existing).exists():
        raise ApplicationError(
            _("%(name)s is already accused in this case.") % {"name": existing}, field="existing"
        )
    return _created(actor, CaseAccused(case=case, accused=existing, role=role))


def _identity(
    *, name: str, aliases: str, phone: str, description: str, approximate_age: int | None
) -> dict[str, Any]:
    """Who he is, as stored: "unknown" typed as a name is no name (it would be a key shared by
    every unnamed man); without a name, a description must say who he is."""
    name = "" if keys.is_placeholder(name) else name.strip()
    description = description.strip()
    if not name and not description:
        raise ApplicationError(
            _(
                "Give his name or, if it is not known, describe him (for example “man, about "
                "30, worked at the door”) so that he can be told apart from others."
            ),
            field="name",
        )
    if approximate_age is not None and not 1 <= approximate_age <= 110:
        raise ApplicationError(
            _("Give an age between 1 and 110 years, or leave it empty."), field="approximate_age"
        )
    return {"name": name, "aliases": aliases.strip(), "phone": phone.strip(),
            "description": description, "approximate_age": approximate_age}  # fmt: skip


@transaction.atomic
def accused_update(
    *,
    actor: User,
    case: Case,
    accused: Accused,
    expected_version: int | None,
    role: str,
    name: str = "",
    aliases: str = "",
    phone: str = "",
    description: str = "",
    approximate_age: int | None = None,
) -> CaseAccused:
    """Correct who he is (his name, once learnt) and his role in this case. He is one person in
    every case he is accused in: the correction shows in all of them."""
    require(actor, Action.JUSTICE_EDIT, case)
    link = (
        CaseAccused.objects.select_for_update(of=("self",))
        .filter(case=case, accused=accused)
        .first()
    )
    if link is None:
        raise ApplicationError(_("That person is not accused in this case."))
    values = _identity(name=name, aliases=aliases, phone=phone, description=description,
                       approximate_age=approximate_age)  # fmt: skip
    updated = tracked_update(accused, actor=actor, expected_version=expected_version, **values)
    _index(updated)
    if link.role != role:
        before = snapshot(link)
        link.role = role
        link.full_clean()
        link.save(update_fields=["role"])
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=link, changes=diff(before, snapshot(link))
        )
    link.accused = updated
    return link


def _created(actor: User, row: Any) -> Any:
    """Save a plain row (no version of its own) with its audit record."""
    row.full_clean()
    row.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=row, changes=diff({}, snapshot(row)))
    return row


def _check_accused(case: Case, accused: Accused) -> None:
    if not CaseAccused.objects.filter(case=case, accused=accused).exists():
        raise ApplicationError(
            _("%(name)s is not accused in this case; add them first.") % {"name": accused},
            field="accused",
        )


@transaction.atomic
def arrest_record(
    *,
    actor: User,
    case: Case,
    accused: Accused,
    when: When,
    place: Jurisdiction | None = None,
    officer: Official | None = None,
    note: str = "",
) -> Arrest:
    require(actor, Action.JUSTICE_EDIT, case)
    _check_accused(case, accused)
    event = _event(actor, case, EventType.ARREST, when, place=place, actor_official=officer,
                   actor_office=officer.office if officer else None, note=note)  # fmt: skip
    arrest = tracked_create(
        Arrest, actor=actor, event=event, case=case, accused=accused, officer=officer
    )
    return case_services.detail_recorded(arrest)


@transaction.atomic
def bail_record(*, actor: User, case: Case, accused: Accused, when: When, status: str) -> Bail:
    require(actor, Action.JUSTICE_EDIT, case)
    _check_accused(case, accused)
    arrest = (
        Arrest.objects.filter(case=case, accused=accused, event__occurred_at__isnull=False)
        .select_related("event")
        .order_by("event__occurred_at")
        .first()
    )
    end = when.end()
    dated = arrest.event.occurred_at if arrest is not None else None  # the query's are dated
    if arrest is None or dated is None or (end is not None and end <= dated):
        raise ApplicationError(
            _("Bail comes after an arrest: %(name)s has no arrest recorded before that date.")
            % {"name": accused},
            field="when",
        )
    event = _event(actor, case, EventType.BAIL, when)
    bail = tracked_create(Bail, actor=actor, event=event, case=case, accused=accused,
                          status=status)  # fmt: skip
    return case_services.detail_recorded(bail)


# --- evidence and its chain of custody ----------------------------------------------------------


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
    if seized_by_official is not None and seized_by_official.office_id != seized_by_office.pk:
        raise ApplicationError(
            _("%(official)s does not belong to %(office)s.")
            % {"official": seized_by_official.name, "office": seized_by_office},
            field="seized_by_official",
        )
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
    if to_official is not None and to_official.office_id != to_office.pk:
        raise ApplicationError(
            _("%(official)s does not belong to %(office)s.")
            % {"official": to_official.name, "office": to_office},
            field="to_official",
        )
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


# --- court --------------------------------------------------------------------------------------


@transaction.atomic
def hearing_record(
    *,
    actor: User,
    case: Case,
    court: Office,
    when: When,
    purpose: str,
    outcome: str = "",
    next_date: dt.date | None = None,
) -> Hearing:
    require(actor, Action.JUSTICE_EDIT, case)
    _check_kind(court, (OfficeKind.COURT,), _("a court"), "court")
    _after_fir(case, when, _("A hearing"))
    held = timezone.localtime(when.at).date() if when.at is not None else None
    if next_date is not None and held is not None and next_date <= held:
        raise ApplicationError(_("The next date must come after this hearing."), field="next_date")
    event = _event(actor, case, EventType.COURT_HEARING, when, actor_office=court)
    hearing = tracked_create(
        Hearing, actor=actor, event=event, case=case, court=court, purpose=purpose.strip(),
        outcome=outcome.strip(), next_date=next_date,
    )  # fmt: skip
    return case_services.detail_recorded(hearing)


@transaction.atomic
def testimony_record(
    *,
    actor: User,
    case: Case,
    survivor: Survivor,
    court: Office,
    when: When,
    support: Iterable[str] = (),
) -> Testimony:
    require(actor, Action.JUSTICE_EDIT, case)
    _check_kind(court, (OfficeKind.COURT,), _("a court"), "court")
    _after_fir(case, when, _("Testimony"))
    event = _event(actor, case, EventType.TESTIMONY, when, survivors=[survivor],
                   actor_office=court)  # fmt: skip
    testimony = tracked_create(
        Testimony, actor=actor, event=event, case=case, survivor=survivor, court=court,
        support=sorted(set(support)),
    )  # fmt: skip
    return case_services.detail_recorded(testimony)


@transaction.atomic
def judgement_record(
    *,
    actor: User,
    case: Case,
    court: Office,
    when: When,
    verdicts: Iterable[tuple[Accused, str, str]],
) -> Judgement:
    require(actor, Action.JUSTICE_EDIT, case)
    _check_kind(court, (OfficeKind.COURT,), _("a court"), "court")
    _after_fir(case, when, _("A judgement"))
    given = list(verdicts)
    if not given:
        raise ApplicationError(_("Give the verdict for at least one accused."), field="accused")
    for accused, _outcome, _sentence in given:
        _check_accused(case, accused)
    event = _event(actor, case, EventType.JUDGEMENT, when, actor_office=court)
    judgement = tracked_create(Judgement, actor=actor, event=event, case=case, court=court)
    for accused, outcome, sentence in given:
        _created(actor, Verdict(judgement=judgement, accused=accused, outcome=outcome,
                                sentence=sentence.strip()))  # fmt: skip
    return case_services.detail_recorded(judgement)


@transaction.atomic
def compensation_award(
    *,
    actor: User,
    case: Case,
    survivor: Survivor,
    when: When,
    awarded_by: str,
    amount_awarded: int,
) -> Compensation:
    require(actor, Action.JUSTICE_EDIT, case)
    if amount_awarded <= 0:
        raise ApplicationError(_("The amount awarded must be more than zero."),
                               field="amount_awarded")  # fmt: skip
    event = _event(actor, case, EventType.COMPENSATION, when, survivors=[survivor])
    award = tracked_create(
        Compensation, actor=actor, event=event, case=case, survivor=survivor,
        awarded_by=awarded_by.strip(), amount_awarded=amount_awarded,
    )  # fmt: skip
    return case_services.detail_recorded(award)


@transaction.atomic
def compensation_pay(
    *,
    actor: User,
    compensation: Compensation,
    amount_paid: int,
    paid_on: dt.date,
    expected_version: int | None,
) -> Compensation:
    require(actor, Action.JUSTICE_EDIT, compensation.case)
    if amount_paid <= 0 or amount_paid > compensation.amount_awarded:
        raise ApplicationError(
            _("The amount paid must be more than zero and at most the ₹%(n)s awarded.")
            % {"n": compensation.amount_awarded},
            field="amount_paid",
        )
    awarded = timezone.localtime(compensation.event.occurred_at).date()
    if paid_on < awarded or paid_on > timezone.localdate():
        raise ApplicationError(
            _("It was awarded on %(day)s: payment comes after that, and not in the future.")
            % {"day": f"{awarded:%d %b %Y}"},
            field="paid_on",
        )
    paid = tracked_update(
        compensation, actor=actor, expected_version=expected_version, amount_paid=amount_paid,
        paid_on=paid_on,
    )  # fmt: skip
    case_services.timeline_touched(compensation.case)
    return paid


@transaction.atomic
def fir_ahtu_informed(
    *, actor: User, fir: Fir, at: dt.datetime, expected_version: int | None
) -> Fir:
    require(actor, Action.JUSTICE_EDIT, fir.case)
    if fir.event.occurred_at and at < fir.event.occurred_at:
        raise ApplicationError(
            _("The FIR cannot reach the AHTU before it was registered."), field="at"
        )
    updated = tracked_update(fir, actor=actor, expected_version=expected_version,
                             ahtu_informed_at=at)  # fmt: skip
    case_services.timeline_touched(fir.case)
    return updated
