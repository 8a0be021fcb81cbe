"""Every write of the intake flow: a draft is read, corrected, then confirmed into a case."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mukti.accounts.access import Action, require
from mukti.accounts.models import User
from mukti.audit.models import AuditAction
from mukti.audit.services import audit_record
from mukti.audit.tracked import tracked_create, tracked_update
from mukti.cases import services as case_services
from mukti.cases.access import JUSTICE_EVENTS
from mukti.cases.models import (
    CASE_TRANSITIONS,
    Case,
    CaseStatus,
    EventType,
    Exploitation,
    Survivor,
)
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import parse_when
from mukti.directory.models import Jurisdiction, Office, OfficeKind, Official
from mukti.intake import recording
from mukti.intake.extraction import EVENT_TYPES, extract, organisations, titles
from mukti.intake.loader import MAX_BYTES, UnreadableText, check_text
from mukti.intake.models import Draft, DraftStatus
from mukti.intake.recording import CWC_PRODUCED, TIMELINE_TYPE
from mukti.intake.selectors import FACILITY_FOR, directory_gazetteer, directory_suggestions

# The extractor's vocabulary (the extraction contract) and how each lands on a case timeline.
ITEM_TYPE_LABELS: dict[str, Any] = {
    "trafficked": gettext_lazy("Trafficked"),
    "information_received": gettext_lazy("Information received"),
    "location_identified": gettext_lazy("Location identified"),
    "authority_contacted": gettext_lazy("Authority contacted"),
    "referred": gettext_lazy("Referred"),
    "verified": gettext_lazy("Verified"),
    "unable_to_trace": gettext_lazy("Unable to trace"),
    "rescue_deferred": gettext_lazy("Rescue deferred"),
    "rescue_attempt_failed": gettext_lazy("Rescue attempt failed"),
    "rescue": gettext_lazy("Rescue"),
    "arrest": gettext_lazy("Arrest"),
    "evidence_collected": gettext_lazy("Evidence collected"),
    "statement_recorded": gettext_lazy("Statement recorded"),
    "fir_registered": gettext_lazy("FIR registered"),
    "medical_care": gettext_lazy("Medical care"),
    "shelter_placement": gettext_lazy("Shelter placement"),
    "repatriation": gettext_lazy("Repatriation step"),
    "court_hearing": gettext_lazy("Court hearing"),
    "conviction": gettext_lazy("Judgement (conviction)"),
    "other": gettext_lazy("Other"),
}
assert set(ITEM_TYPE_LABELS) == set(EVENT_TYPES)
NATIONALITY_CODES = {"Bangladeshi": "BD", "Nepali": "NP", "Indian": "IN"}


def when_text(event: dict[str, Any]) -> str:
    """The extractor's date as a caseworker types it: "20 Apr 2024 22:55", "Apr 2024", "unknown"."""
    date, precision, time = event.get("date"), event.get("date_precision"), event.get("time")
    if not date:
        return "unknown"
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    month = calendar.month_abbr[parts[1]]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    text = f"{parts[2]} {month} {parts[0]}"
    return f"{text} {time}" if time and precision == "time" else text


_YES_NO: dict[Any, str] = {True: "yes", False: "no"}
_AFTER_RESCUE = {CaseStatus.RESCUED, CaseStatus.IN_CARE, CaseStatus.REINTEGRATION}


def _status_proposed(facts: dict[str, Any], victims: list[dict[str, Any]]) -> str:
    """The status the text says the case has reached; none past a rescue when the text names no
    survivor (a case is "rescued" only once one of its survivors is)."""
    status = (facts.get("status") or {}).get("value") or ""
    return "" if status in _AFTER_RESCUE and not victims else status


def _review_items(result: dict[str, Any]) -> dict[str, Any]:
    """The extraction, with ids and the fields a caseworker corrects before confirming."""
    events = []
    for number, event in enumerate(result["events"], 1):
        events.append({**event, "id": f"e{number}", "when": when_text(event)})
    victims = []
    for number, victim in enumerate([*result["victims"], *result.get("unnamed_victims", [])], 1):
        victims.append(
            {
                **victim,
                "id": f"v{number}",
                "pseudonym": victim["name"] if victim.get("pseudonym") else "",
                # "a 15-year-old girl" is no name: nothing to keep as her identity.
                "legal_name": ""
                if victim.get("pseudonym") or victim.get("unnamed")
                else victim["name"],
                "nationality_code": NATIONALITY_CODES.get(victim.get("nationality") or "", ""),
            }
        )
    facts = result.get("case") or {}
    return {
        **{
            k: v
            for k, v in result.items()
            if k not in ("events", "victims", "unnamed_victims", "dates", "case")
        },
        # What the caseworker confirms about the case, first as the text says it.
        "case": {
            "exploitation": [e["value"] for e in facts.get("exploitation", [])],
            "minor": _YES_NO.get((facts.get("minor") or {}).get("value"), ""),
            "status": _status_proposed(facts, result["victims"]),
            "read": facts,
        },
        "events": events,
        "victims": victims,
        "next_id": len(events) + len(victims) + 1,
    }


@transaction.atomic
def draft_create(
    *,
    actor: User,
    text: str,
    filename: str = "",
    reference_date: dt.date | None = None,
) -> Draft:
    require(actor, Action.CASE_CREATE)
    # One kind of line break: browsers post CRLF, and the page's text (whose offsets the
    # selection script counts) has LF only, as HTML parsing makes it.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ApplicationError(_("The text is larger than 1 MB."), field="text")
    try:
        check_text(text)
    except UnreadableText as error:
        raise ApplicationError(
            _("The text %(reason)s.") % {"reason": error}, field="text"
        ) from None
    result = extract(
        text, reference_date=reference_date, source=filename, gazetteer=directory_gazetteer()
    )
    items = _review_items(result)
    _match_directory(items, text)
    return tracked_create(
        Draft,
        actor=actor,
        text=text,
        filename=filename[:200],
        created_by=actor,
        reference_date=reference_date,
        items=items,
    )


def _match_directory(items: dict[str, Any], text: str) -> None:
    """Choose, for each event, the directory's office or official its sentence names ("met the
    SSP", "directed to the AHTU", "the SP verified") and the place, as the caseworker would in
    the review: the title's mention after the event's words, else the last before them; the
    place first named in the sentence. A hospital or shelter home is chosen only when one alone
    fits the narrative's places; otherwise the review offers them. Every choice can be changed."""
    suggestions = directory_suggestions(items=items)
    who: list[tuple[int, str]] = []
    pattern, lookup = titles()
    for match in pattern.finditer(text):
        title = lookup[(match.lastgroup or "").rsplit("_", 1)[0]].title
        top = suggestions.get(f"official:{title}")
        if top:
            who.append((match.start(), top[0].value))
    for abbrev, organisation in organisations():
        top = suggestions.get(f"organisation:{abbrev}")
        if top:
            who += [(match.start(), top[0].value) for match in organisation.finditer(text)]
    where: list[tuple[int, str]] = []
    for place in items.get("places", []):
        top = suggestions.get(f"place:{place['name']}")
        if top:
            found = re.finditer(rf"(?<!\w){re.escape(place['name'])}(?!\w)", text)
            where += [(match.start(), top[0].value) for match in found]
    who.sort()
    where.sort()
    for event in items.get("events", []):
        start, end = event["span"]
        trigger = (event.get("trigger") or event["span"])[0]
        if not event.get("official"):
            named = [value for at, value in who if start <= at < end]
            after = [value for at, value in who if trigger <= at < end]
            facility = FACILITY_FOR.get(event["type"])
            options = suggestions.get(f"facility:{facility}", []) if facility else []
            if after or named:
                event["official"] = (after or named)[-1 if not after else 0]
            elif (
                facility
                and options
                and options[0].score >= 0.85
                and (len(options) == 1 or options[1].score < 0.85)
            ):
                event["official"] = options[0].value
        if not event.get("place"):
            event["place"] = next((value for at, value in where if start <= at < end), "")
        cwc = suggestions.get(f"facility:{OfficeKind.CWC}", [])
        if cwc and CWC_PRODUCED.search(event.get("evidence", "")):
            event["production"] = cwc[0].value


def _open(draft: Draft) -> None:
    if draft.status != DraftStatus.OPEN:
        raise ApplicationError(
            _("This draft is %(status)s; it can no longer be changed.")
            % {"status": draft.get_status_display().lower()}
        )


@transaction.atomic
def draft_items_update(
    *,
    actor: User,
    draft: Draft,
    expected_version: int | None,
    events: list[dict[str, Any]],
    victims: list[dict[str, Any]],
    case: dict[str, Any] | None = None,
) -> Draft:
    """Apply the caseworker's corrections: ``events``/``victims`` are rows keyed by item id,
    with ``remove`` to drop an item; ``case`` the facts of the case as a whole (exploitation,
    minor, status)."""
    require(actor, Action.CASE_CREATE, draft)
    _open(draft)
    items = dict(draft.items)
    items["events"] = _apply_rows(items.get("events", []), events, _EVENT_FIELDS)
    items["victims"] = _apply_rows(items.get("victims", []), victims, _VICTIM_FIELDS)
    if case is not None:
        facts = dict(items.get("case") or {})
        exploitation = [v for v in case.get("exploitation") or [] if v in Exploitation.values]
        minor = case.get("minor") if case.get("minor") in ("yes", "no") else ""
        status = case.get("status") if case.get("status") in CaseStatus.values else ""
        facts |= {"exploitation": exploitation, "minor": minor, "status": status}
        items["case"] = facts
    return tracked_update(draft, actor=actor, expected_version=expected_version, items=items)


_EVENT_FIELDS = ("type", "when", "place", "official")  # directory values: "j12", "o3", "p7"
_VICTIM_FIELDS = ("pseudonym", "legal_name", "age", "gender", "nationality_code")


def _apply_rows(
    current: list[dict[str, Any]], rows: list[dict[str, Any]], fields: tuple[str, ...]
) -> list[dict[str, Any]]:
    by_id = {row["id"]: row for row in rows}
    kept = []
    for item in current:
        row = by_id.get(item["id"])
        if row is None:
            kept.append(item)
            continue
        if row.get("remove"):
            continue
        kept.append({**item, **{f: row.get(f) for f in fields if f in row}})
    return kept


@transaction.atomic
def draft_item_add(
    *,
    actor: User,
    draft: Draft,
    expected_version: int | None,
    kind: str,
    start: int,
    end: int,
    when: str = "",
) -> Draft:
    """Add an item the extractor missed, from a stretch of the text the caseworker selected."""
    require(actor, Action.CASE_CREATE, draft)
    _open(draft)
    text = draft.text
    if not 0 <= start < end <= len(text):
        raise ApplicationError(_("Select the words in the narrative first."), field="start")
    items = dict(draft.items)
    number = items.get("next_id", 1)
    selected = text[start:end].strip()
    if kind == "survivor":
        name = " ".join(selected.split())[:80]
        items["victims"] = [
            *items.get("victims", []),
            {"id": f"v{number}", "name": name, "legal_name": name, "pseudonym": "",
             "age": None, "gender": "female", "nationality_code": "", "span": [start, end],
             "rule": "added by hand"},
        ]  # fmt: skip
    elif kind in EVENT_TYPES:
        added = {"id": f"e{number}", "type": kind, "when": when.strip() or "unknown",
                 "span": [start, end], "trigger": [start, end], "evidence": text[start:end],
                 "rule": "added by hand"}  # fmt: skip
        events = [*items.get("events", []), added]
        events.sort(key=lambda e: e["span"][0])  # events stay in narrative order
        items["events"] = events
    else:
        raise ApplicationError(_("Choose what the selected words are."), field="kind")
    items["next_id"] = number + 1
    return tracked_update(draft, actor=actor, expected_version=expected_version, items=items)


@transaction.atomic
def draft_discard(*, actor: User, draft: Draft, expected_version: int | None) -> Draft:
    require(actor, Action.CASE_CREATE, draft)
    _open(draft)
    return tracked_update(
        draft, actor=actor, expected_version=expected_version, status=DraftStatus.DISCARDED
    )


@transaction.atomic
def draft_source_reveal(*, actor: User, draft: Draft, reason: str) -> Draft:
    """Read the narrative a case was confirmed from. It names the survivor, her family and the
    suspects, so it is read like her protected identity: with the right to reveal it, a reason,
    and an audit record of the reading."""
    require(actor, Action.SURVIVOR_REVEAL, draft)
    if len(reason.strip()) < 10:
        raise ApplicationError(
            _("Say why you need to read the source narrative (at least a few words)."),
            field="reason",
        )
    reference = draft.case.reference if draft.case is not None else ""
    audit_record(
        actor=actor,
        action=AuditAction.REVEAL,
        obj=draft,
        object_repr=_("Source narrative %(id)s (%(case)s)") % {"id": draft.pk, "case": reference},
        reason=reason.strip(),
    )
    return draft


def name_variants(victims: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Every way the narrative may name each survivor, longest first, with her pseudonym: the
    names as read and as corrected, and each of their words alone (a surname on its own, "Khatun
    said...", names her as surely as the full name)."""
    variants: dict[str, str] = {}
    for victim in victims:
        pseudonym = (victim.get("pseudonym") or "").strip()
        names = {" ".join((victim.get(key) or "").split()) for key in ("name", "legal_name")}
        for name in names - {""}:
            variants.setdefault(name.casefold(), pseudonym)
            for word in re.findall(r"[^\W\d_][\w'’-]*", name):
                if len(word) >= 2 and word.casefold() != pseudonym.casefold():
                    variants.setdefault(word.casefold(), pseudonym)
    return sorted(variants.items(), key=lambda item: -len(item[0]))


def pseudonymise(text: str, victims: list[dict[str, Any]]) -> str:
    for variant, pseudonym in name_variants(victims):
        words = r"\s+".join(re.escape(w) for w in variant.split())
        text = re.sub(rf"(?<!\w){words}(?!\w)", pseudonym, text, flags=re.IGNORECASE)
    return text


# Words that make a sentence investigation intelligence (who is accused, arrested, charged, in
# custody; what was seized; what a court did). Such a sentence is kept only on an event of the
# justice area: copied onto a rescue or a location identified, it would reach the aftercare
# officer, who must not read investigation facts (DOMAIN.md, roles).
JUSTICE_CUES = re.compile(
    r"\b(?:arrest\w*|accused|absconding|custody|FIRs?|bail\w*|charge-?sheet\w*|magistrates?"
    r"|courts?|convict\w*|acquitt\w*|seiz\w*|traffickers?|pimps?|dalals?|remand\w*"
    r"|IPC|BNS|BNSS|ITPA|POCSO|sections?\s+\d+|(?:trafficked|sold|recruited|lured)\s+by)\b",
    re.IGNORECASE,
)


def _note(
    evidence: str, victims: list[dict[str, Any]], draft: Draft, *, type: str = EventType.OTHER
) -> dict[str, str]:
    """The note and quote of an imported event: the note says which draft it came from; the
    quote is the sentence it was read from, with every name of each survivor replaced by her
    pseudonym (the timeline shows pseudonyms only), stored encrypted and not searchable. A
    sentence with investigation facts is left out of an event outside the justice area, which
    aftercare officers read."""
    if type not in JUSTICE_EVENTS and JUSTICE_CUES.search(evidence):
        note = _(
            "From narrative draft %(id)s (the sentence names investigation facts: read it in "
            "the source narrative)."
        ) % {"id": draft.pk}
        return {"note": note, "quote": ""}
    note = _("From narrative draft %(id)s.") % {"id": draft.pk}
    return {"note": note, "quote": pseudonymise(evidence, victims).strip()}


def _item_error(kind: str, number: int, label: str, error: ApplicationError) -> ApplicationError:
    return ApplicationError(
        _("%(kind)s %(number)s (%(label)s): %(message)s")
        % {"kind": kind, "number": number, "label": label, "message": error.message},
        field=None,
        extra={"item": number},
    )


@transaction.atomic
def draft_confirm(
    *,
    actor: User,
    draft: Draft,
    expected_version: int | None,
    case: Case | None = None,
    title: str = "",
    offence_date: dt.date | None = None,
) -> Case:
    """Create the case (or add to ``case``), its survivors and its events, all or nothing."""
    require(actor, Action.CASE_CREATE, draft)
    # Lock the draft: two confirmations of one draft at once would make two cases.
    current = Draft.objects.select_for_update().get(pk=draft.pk)
    if expected_version is not None and current.version != expected_version:
        raise ApplicationError(
            _("Someone changed this draft since you opened it. Reload the page and check it.")
        )
    _open(current)
    items = current.items
    victims = items.get("victims", [])
    events = items.get("events", [])
    if not events and not victims:
        raise ApplicationError(_("The draft has nothing to save: add an event or a survivor."))
    for number, victim in enumerate(victims, 1):
        if not (victim.get("pseudonym") or "").strip():
            raise ApplicationError(
                _("Survivor %(number)s (%(name)s) needs a pseudonym before saving.")
                % {"number": number, "name": victim.get("legal_name") or victim.get("name")}
            )
    facts = items.get("case") or {}
    ages = [v.get("age") for v in victims if v.get("age") is not None]
    # Adding to a case that already has a child among its survivors: that child is the minor.
    child_already = case is not None and any(
        cs.survivor.is_minor for cs in case.case_survivors.select_related("survivor")
    )
    if facts.get("minor") == "yes" and not child_already and not any(age < 18 for age in ages):
        raise ApplicationError(
            _(
                "The case is marked as concerning a minor, but no survivor has an age under 18. "
                "Give the age of the survivor who is a minor (an estimate will do), or set "
                "“Minor” to no: the child-protection clocks run from her age."
            ),
            field="minor",
        )
    if facts.get("minor") == "no" and any(age < 18 for age in ages):
        raise ApplicationError(
            _("The case is marked as concerning no minor, but a survivor's age is under 18."),
            field="minor",
        )
    if case is None:
        if not title.strip():
            raise ApplicationError(_("Give the new case a title."), field="title")
        case = case_services.case_open(actor=actor, title=title.strip(), offence_date=offence_date)
    else:
        require(actor, Action.CASE_EDIT, case)
    survivors: list[Survivor] = []
    for number, victim in enumerate(victims, 1):
        legal = (victim.get("legal_name") or "").strip()
        try:
            survivors.append(
                case_services.survivor_add(
                    actor=actor,
                    case=case,
                    pseudonym=victim["pseudonym"].strip(),
                    age_years=victim.get("age") or None,
                    gender=victim.get("gender") or "unknown",
                    nationality=victim.get("nationality_code") or "",
                    identity={"legal_name": legal} if legal else None,
                )
            )
        except ApplicationError as error:
            raise _item_error(_("Survivor"), number, victim["pseudonym"], error) from None
    rows = _directory_rows(events)
    confirming = recording.Confirming(actor=actor, case=case, survivors=survivors, rows=rows)
    for number, event in enumerate(events, 1):
        label = str(ITEM_TYPE_LABELS.get(event["type"], event["type"])).lower()
        try:
            when = parse_when(event.get("when") or "unknown")
            kind, _outcome = TIMELINE_TYPE.get(event["type"], (event["type"], ""))
            texts = _note(event.get("evidence", ""), victims, current, type=kind)
            recording.record_event(confirming, event, when, texts)
        except ApplicationError as error:
            raise _item_error(_("Event"), number, label, error) from None
    _case_facts(actor, case, items.get("case") or {})
    tracked_update(
        current,
        actor=actor,
        expected_version=None,
        status=DraftStatus.CONFIRMED,
        case=case,
        confirmed_at=timezone.now(),
    )
    return case


# The order in which a draft may move a case: only forward. A draft never closes a case (that
# needs a supervisor's approval and its own reason) nor reopens a closed one.
FORWARD: list[str] = [
    CaseStatus.INTAKE,
    CaseStatus.LOCATING,
    CaseStatus.RESCUE_PENDING,
    CaseStatus.RESCUED,
    CaseStatus.IN_CARE,
    CaseStatus.REINTEGRATION,
]


def _case_facts(actor: User, case: Case, facts: dict[str, Any]) -> None:
    """The case facts the caseworker kept or set on the review page: the exploitation types
    (added to the case's), the status (only forward: a draft never takes a case back)."""
    wanted = [v for v in facts.get("exploitation") or [] if v in Exploitation.values]
    merged = [*case.exploitation, *(v for v in wanted if v not in case.exploitation)]
    if merged != list(case.exploitation):
        case = case_services.case_update(
            actor=actor, case=case, expected_version=None, exploitation=merged
        )
    status = facts.get("status") or ""
    case.refresh_from_db()
    if status in FORWARD and case.status in FORWARD:
        if FORWARD.index(status) <= FORWARD.index(case.status):
            return  # the case is already this far or further on than this narrative says
        if status not in CASE_TRANSITIONS[case.status]:
            return
        try:
            case_services.case_change_status(
                actor=actor, case=case, expected_version=None, status=status,
                reason=_("Read from narrative draft."),
            )  # fmt: skip
        except ApplicationError as error:
            raise ApplicationError(
                _("Case status: %(message)s") % {"message": error.message}, field=None
            ) from None


def _directory_rows(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The directory rows the events point at ("j12", "o3", "p7"), one query per kind."""
    wanted: dict[str, set[int]] = {"j": set(), "o": set(), "p": set()}
    for event in events:
        for value in (event.get(key) or "" for key in ("place", "official", "production")):
            if value[:1] in wanted and value[1:].isdigit():
                wanted[value[0]].add(int(value[1:]))
    rows: dict[str, Any] = {}
    for prefix, model in (("j", Jurisdiction), ("o", Office), ("p", Official)):
        if wanted[prefix]:
            rows |= {
                f"{prefix}{pk}": row for pk, row in model.objects.in_bulk(wanted[prefix]).items()
            }
    return rows
