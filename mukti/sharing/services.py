"""Stories and referral packets: every write in one transaction with its audit record, every
path through the one consent gate (mukti.care.consent), whose reason the person is shown."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from mukti.accounts.access import Action, can, require
from mukti.accounts.models import User
from mukti.audit.models import AuditAction
from mukti.audit.services import audit_record
from mukti.audit.tracked import tracked_create, tracked_update
from mukti.care import consent
from mukti.care.models import Consent, ConsentPurpose
from mukti.cases import services as cases
from mukti.cases.models import Case, EventType, ProtectedIdentity, Sighting, Survivor
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import Precision, When, format_when
from mukti.directory.models import Office, OfficeKind
from mukti.rescue import services as rescue
from mukti.rescue.models import Answer, Engagement
from mukti.sharing import pdf, redaction
from mukti.sharing.models import (
    LegalBasis,
    LinkFailure,
    Packet,
    PacketAnswer,
    PacketOpening,
    Story,
    StoryStatus,
)

# ---------------------------------------------------------------------------------------------
# The gate


def _gate(survivor: Survivor, purpose: str, partner: str = "") -> None:
    """The one consent gate, its refusal as the error the person reads."""
    reason = consent.refusal(survivor=survivor, purpose=purpose, partner=partner)
    if reason is not None:
        raise ApplicationError(reason)


def _basis(survivor: Survivor, purpose: str) -> dict[str, object]:
    """What the audit log keeps as the consent basis: the purpose and her consents of that
    purpose (the gate said one is in force on that day)."""
    ids = Consent.objects.filter(survivor=survivor, purpose=purpose).values_list("pk", flat=True)
    return {"purpose": purpose, "consents": list(ids), "on": timezone.localdate().isoformat()}


def _of_case(case: Case, survivor: Survivor) -> None:
    if not case.case_survivors.filter(survivor=survivor).exists():
        raise ApplicationError(_("Choose a survivor of this case."), field="survivor")


# ---------------------------------------------------------------------------------------------
# Stories


@transaction.atomic
def story_draft(*, actor: User, case: Case, survivor: Survivor) -> Story:
    """A draft of her story read from the timeline, for a caseworker to edit."""
    require(actor, Action.CASE_EDIT, case)
    _of_case(case, survivor)
    _gate(survivor, ConsentPurpose.STORY)
    text = redaction.draft_text(case=case, survivor=survivor)
    return tracked_create(
        Story, actor=actor, case=case, survivor=survivor, text=text, edited_by=actor
    )


def _check_text(story: Story, text: str) -> str:
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise ApplicationError(_("The story is empty."), field="text")
    found = redaction.problems(text, case=story.case, survivor=story.survivor)
    if found:
        raise ApplicationError(
            _("The story cannot be shared as it is:") + " " + " ".join(found), field="text"
        )
    return text


@transaction.atomic
def story_edit(*, actor: User, story: Story, text: str, expected_version: int | None) -> Story:
    """Save the caseworker's words. An approved story edited goes back for approval."""
    require(actor, Action.CASE_EDIT, story.case)
    _gate(story.survivor, ConsentPurpose.STORY)
    text = _check_text(story, text)
    return tracked_update(
        story,
        actor=actor,
        expected_version=expected_version,
        text=text,
        edited_by=actor,
        status=StoryStatus.DRAFT,
        approved_by=None,
        approved_at=None,
    )


@transaction.atomic
def story_approve(*, actor: User, story: Story, expected_version: int | None) -> Story:
    """A supervisor approves the story for sharing: someone other than its last editor."""
    require(actor, Action.CASE_CLOSE, story.case)
    _gate(story.survivor, ConsentPurpose.STORY)
    if story.status == StoryStatus.APPROVED:
        raise ApplicationError(_("This story is approved already."))
    if story.edited_by_id == actor.pk:
        raise ApplicationError(
            _("You wrote the last changes: another supervisor must approve them.")
        )
    _check_text(story, story.text)
    return tracked_update(
        story,
        actor=actor,
        expected_version=expected_version,
        status=StoryStatus.APPROVED,
        approved_by=actor,
        approved_at=timezone.now(),
    )


@dataclass
class Download:
    body: bytes
    content_type: str
    filename: str


@transaction.atomic
def story_download(*, actor: User, story: Story, fmt: str, ip: str | None = None) -> Download:
    """The approved story as text or PDF, while her consent is in force; audited."""
    require(actor, Action.CASE_VIEW, story.case)
    if story.status != StoryStatus.APPROVED:
        raise ApplicationError(_("A supervisor must approve the story before it is shared."))
    _gate(story.survivor, ConsentPurpose.STORY)
    text = _check_text(story, story.text)
    name = f"story-{story.survivor.pseudonym.lower().replace(' ', '-')}"
    if fmt == "pdf":
        download = Download(pdf.story_pdf(text), "application/pdf", f"{name}.pdf")
    else:
        download = Download(text.encode() + b"\n", "text/plain; charset=utf-8", f"{name}.txt")
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=story,
        object_repr=f"story of {story.survivor.pseudonym} ({story.case.reference})",
        changes={
            "what": "story",
            "format": "pdf" if fmt == "pdf" else "text",
            "consent basis": _basis(story.survivor, ConsentPurpose.STORY),
            "approved by": story.approved_by.get_username() if story.approved_by else "",
        },
        ip=ip,
    )
    return download


# ---------------------------------------------------------------------------------------------
# Referral packets

# Authorities that must act on a report of trafficking (police, the AHTU, the CID, the CWC and
# the DCPU for a child, courts): a packet to them goes under that legal duty even where she has
# not consented (docs/security.md). Everyone else (an NGO, a shelter, a hospital, a mission)
# needs her data-sharing consent naming them.
AUTHORITIES = frozenset(
    {
        OfficeKind.POLICE_STATION,
        OfficeKind.OUTPOST,
        OfficeKind.SDPO_OFFICE,
        OfficeKind.DISTRICT_POLICE_HQ,
        OfficeKind.COMMISSIONERATE_HQ,
        OfficeKind.AHTU,
        OfficeKind.STATE_CID,
        OfficeKind.CWC,
        OfficeKind.DCPU,
        OfficeKind.COURT,
    }
)
MAX_HOURS = 24 * 14
WRONG_CODES_LOCK = 10


def token_hash(token: str) -> str:
    # The token carries 256 random bits: a plain hash cannot be reversed by guessing.
    return hashlib.sha256(token.encode()).hexdigest()


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%d %b %Y, %H:%M")


def _last_seen(case: Case, survivor: Survivor) -> list[tuple[str, str]]:
    sighting = (
        Sighting.objects.filter(survivor=survivor, event__case=case)
        .select_related("event", "place")
        .order_by("-event__sort_at", "-pk")
        .first()
    )
    if sighting is None:
        return [(_("Last seen"), _("No sighting recorded."))]
    event = sighting.event
    where = sighting.place.name + (f", {sighting.address}" if sighting.address else "")
    # The sighting's source (an informant, her family) stays with us: it protects them.
    return [
        (_("Last seen"), format_when(When(event.occurred_at, Precision(event.precision)))),
        (_("Where"), where),
        (_("How sure we are"), sighting.get_confidence_display()),
    ]


def _content(
    *, actor: User, case: Case, survivor: Survivor, ask: str, needed_by: dt.datetime,
    identity: bool,
) -> str:  # fmt: skip
    rows: list[tuple[str, str]] = [(_("About"), survivor.pseudonym)]
    facts = [
        str(survivor.get_gender_display()) if survivor.gender else "",
        _("age %(age)s") % {"age": survivor.age_label} if survivor.age_label != "?" else "",
        str(countries.name(str(survivor.nationality))) if survivor.nationality else "",
        survivor.languages,
    ]
    if any(facts):
        rows.append((_("Description"), ", ".join(f for f in facts if f)))
    if identity:
        found = ProtectedIdentity.objects.filter(survivor=survivor).first()
        if found is None or not found.legal_name:
            raise ApplicationError(
                _("No name is recorded for her: there is no identity to include."),
                field="include_identity",
            )
        rows.append((_("Name"), found.legal_name))
        if found.aliases:
            rows.append((_("Also known as"), found.aliases))
    rows += _last_seen(case, survivor)
    rows.append((_("What we ask"), ask))
    rows.append((_("Needed by"), _local(needed_by)))
    rows.append((_("From"), f"{case.organisation.name} ({actor.get_full_name() or actor})"))
    return json.dumps(rows)


@dataclass
class Sent:
    packet: Packet
    token: str  # shown once, to the sender, in the link
    code: str  # shown once, to the sender, to be sent apart


@transaction.atomic
def packet_make(
    *,
    actor: User,
    case: Case,
    survivor: Survivor,
    office: Office,
    ask: str,
    needed_by: dt.datetime,
    engagement: Engagement | None = None,
    include_identity: bool = False,
    identity_reason: str = "",
    hours: int = 72,
    ip: str | None = None,
) -> Sent:
    """A packet for the authority or partner: what they need to act, nothing more."""
    require(actor, Action.CASE_EDIT, case)
    _of_case(case, survivor)
    if engagement is not None and engagement.case_id != case.pk:
        raise ApplicationError(_("That escalation hop belongs to another case."), field="hop")
    if not ask.strip():
        raise ApplicationError(_("Say what you ask of them."), field="ask")
    now = timezone.now()
    if needed_by <= now:
        raise ApplicationError(_("“Needed by” must be in the future."), field="needed_by")
    if not 1 <= hours <= MAX_HOURS:
        raise ApplicationError(
            _("The link may last from 1 hour to %(n)d hours.") % {"n": MAX_HOURS}, field="hours"
        )
    if include_identity and not identity_reason.strip():
        raise ApplicationError(
            _("Say why they need her name: it is recorded in the audit log."),
            field="identity_reason",
        )
    # The one gate: a partner needs her consent naming them; an authority that must act gets
    # the packet under that duty, and the log records what the gate said.
    refused = consent.refusal(
        survivor=survivor, purpose=ConsentPurpose.DATA_SHARING, partner=office.name
    )
    if refused is None:
        basis = LegalBasis.CONSENT
    elif office.kind in AUTHORITIES:
        basis = LegalBasis.DUTY
    else:
        raise ApplicationError(
            refused
            + " "
            + _("Record her consent on the care page, naming %(partner)s, then send.")
            % {"partner": office.name},
            field="office",
        )
    content = _content(
        actor=actor, case=case, survivor=survivor, ask=ask.strip(), needed_by=needed_by,
        identity=include_identity,
    )  # fmt: skip
    token = secrets.token_urlsafe(32)
    code = f"{secrets.randbelow(10**8):08d}"
    packet = tracked_create(
        Packet,
        actor=actor,
        reason=identity_reason.strip(),
        case=case,
        survivor=survivor,
        engagement=engagement,
        office=office,
        basis=basis,
        ask=ask.strip(),
        needed_by=needed_by,
        content=content,
        identity_included=include_identity,
        identity_reason=identity_reason.strip() if include_identity else "",
        token_hash=token_hash(token),
        code_hash=make_password(code),
        expires_at=now + dt.timedelta(hours=hours),
        sent_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=packet,
        changes={
            "what": "referral packet",
            "to": office.name,
            "survivor": survivor.pseudonym,
            "identity included": include_identity,
            "basis": str(basis),
            "consent": _basis(survivor, ConsentPurpose.DATA_SHARING)
            if basis == LegalBasis.CONSENT
            else refused,
            "expires": packet.expires_at.isoformat(),
        },
        reason=identity_reason.strip(),
        ip=ip,
    )
    return Sent(packet, token, code)


@transaction.atomic
def packet_revoke(*, actor: User, packet: Packet) -> Packet:
    require(actor, Action.CASE_EDIT, packet.case)
    if packet.revoked_at is not None:
        raise ApplicationError(_("This link was revoked already."))
    return tracked_update(
        packet, actor=actor, expected_version=None, revoked_at=timezone.now(), revoked_by=actor
    )


def packet_valid(packet: Packet | None) -> bool:
    """Whether the link still opens: not expired, revoked or locked, and (if sent on her
    consent) her consent still in force, asked of the gate again."""
    if packet is None:
        return False
    if packet.revoked_at or packet.locked_at or packet.expires_at <= timezone.now():
        return False
    if packet.basis == LegalBasis.CONSENT:
        reason = consent.refusal(
            survivor=packet.survivor,
            purpose=ConsentPurpose.DATA_SHARING,
            partner=packet.office.name,
        )
        return reason is None
    return True


def link_failure(*, ip: str | None) -> None:
    LinkFailure.objects.create(ip=ip)


def too_many_failures(*, ip: str | None) -> bool:
    since = timezone.now() - dt.timedelta(minutes=settings.MUKTI_LOGIN_WINDOW_MINUTES)
    limit = settings.MUKTI_PACKET_FAILURES_PER_ADDRESS
    return LinkFailure.objects.filter(ip=ip, at__gte=since).count() >= limit


@transaction.atomic
def packet_unlock(*, packet: Packet, code: str, ip: str | None) -> bool:
    """Check the code the recipient typed; ten wrong ones lock the packet for good."""
    # Lock the row: two guesses at once would otherwise both be counted from the same number.
    packet = Packet.objects.select_for_update().get(pk=packet.pk)
    if packet.locked_at is not None:
        return False
    typed = "".join(ch for ch in code if ch.isdigit())
    if typed and check_password(typed, packet.code_hash):
        return True
    wrong = packet.wrong_codes + 1
    locked = timezone.now() if wrong >= WRONG_CODES_LOCK else None
    Packet.objects.filter(pk=packet.pk).update(wrong_codes=wrong, locked_at=locked)
    LinkFailure.objects.create(ip=ip)
    if locked is not None:
        audit_record(
            actor=None,
            action=AuditAction.LOCK,
            obj=packet,
            changes={"wrong codes": wrong},
            reason="ten wrong codes",
            ip=ip,
        )
    return False


@transaction.atomic
def packet_opened(*, packet: Packet, ip: str | None) -> None:
    """Each showing of the packet's content: a row the sender sees, and the audit log's."""
    PacketOpening.objects.create(packet=packet, ip=ip)
    audit_record(
        actor=None,
        action=AuditAction.READ,
        obj=packet,
        changes={"page": "packet opened with its code", "to": packet.office.name},
        ip=ip,
    )


def _writer(packet: Packet) -> User:
    """The recipient has no account: the answer is entered on the chain in the name of the
    sender, or the case's lead (the audit records say it came through the packet)."""
    if can(packet.sent_by, Action.CASE_EDIT, packet.case):
        return packet.sent_by
    return packet.case.lead


@transaction.atomic
def packet_answer(
    *, packet: Packet, answer: str, note: str = "", fir_number: str = "", ip: str | None = None
) -> Packet:
    """The recipient's answer: on the packet, and as the hop's answer on the escalation chain
    (through the chain's own service, so responsiveness figures count it)."""
    # Lock the row: two answers sent at once (two officers with the same link) would otherwise
    # both pass the "answered already" check. (Only the packet's row: PostgreSQL locks no
    # nullable side of a join.)
    packet = Packet.objects.select_for_update(of=("self",)).get(pk=packet.pk)
    if packet.answer:
        raise ApplicationError(_("This packet was answered already. Thank you."))
    if answer not in (PacketAnswer.ACCEPTED, PacketAnswer.FIR, PacketAnswer.DECLINED):
        raise ApplicationError(_("Choose your answer."), field="answer")
    note, fir_number = note.strip(), fir_number.strip()
    if answer == PacketAnswer.FIR and not fir_number:
        raise ApplicationError(_("Give the FIR number."), field="fir_number")
    if answer == PacketAnswer.DECLINED and not note:
        raise ApplicationError(_("Say why you decline."), field="note")
    answered = tracked_update(
        packet,
        actor=None,
        expected_version=None,
        reason=_("answered by the recipient on the packet page"),
        answer=answer,
        answer_note=note,
        fir_number=fir_number if answer == PacketAnswer.FIR else "",
        answered_at=timezone.now(),
    )
    said = {
        PacketAnswer.ACCEPTED: _("Accepted on the referral packet."),
        PacketAnswer.FIR: _("FIR registered, number %(n)s (answered on the referral packet).")
        % {"n": fir_number},
        PacketAnswer.DECLINED: _("Declined on the referral packet."),
    }[PacketAnswer(answer)]
    text = f"{said} {note}".strip()
    writer = _writer(packet)
    hop = packet.engagement
    if hop is not None and hop.answer in (Answer.PENDING, Answer.NO_RESPONSE):
        rescue.engagement_answer(
            actor=writer,
            engagement=hop,
            expected_version=None,
            answer=Answer.DECLINED if answer == PacketAnswer.DECLINED else Answer.AGREED,
            note=text,
        )
    else:
        cases.event_record(
            actor=writer,
            case=packet.case,
            type=EventType.OTHER,
            when=When(timezone.now().replace(second=0, microsecond=0), Precision.TIME),
            survivors=[packet.survivor],
            actor_office=packet.office,
            note=_("%(office)s answered the referral packet: %(text)s")
            % {"office": packet.office.name, "text": text},
        )
    return answered
