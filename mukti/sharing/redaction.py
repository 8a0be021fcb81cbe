"""What a story may and may not say: the draft read from the timeline, and the check every
edit, approval and download goes through.

A story names its survivor only by her pseudonym, places no finer than the district, dates no
finer than the month, and no one else by name: not our staff, not the officials the case dealt
with, not the accused, not her (legal name, aliases). Disclosing the identity of a survivor of a
sexual offence is itself an offence (BNS s.72), so the check runs again at each download, with
the names known then.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from mukti.accounts.models import User
from mukti.cases.models import Case, Event, ProtectedIdentity, Sighting, Survivor
from mukti.core.fuzzydate import Precision
from mukti.directory.models import Jurisdiction, JurisdictionKind, Office, Official
from mukti.justice.models import CaseAccused
from mukti.rescue.models import Engagement, Operation

# Kinds of place a story may name: the district and above.
COARSE = {JurisdictionKind.COUNTRY, JurisdictionKind.STATE, JurisdictionKind.DISTRICT}
FINE_SUFFIXES = (" PS area", " Outpost area", " Police District", " Sub-division", " area")

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# A day of a month, a full date or a time of day: finer than the month.
FINE_DATES = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b"
    rf"|\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?![\d:])"
    r"|\b\d{4}-\d{1,2}-\d{1,2}\b"
    r"|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"
    r"|\b\d{1,2}:\d{2}\b|\b\d{1,2}\.\d{2}\s*(?:am|pm|hrs?)\b"
    r"|\b\d{1,2}\s*(?:am|pm)\b",
    re.IGNORECASE,
)


def _district_of(place: Jurisdiction | None, parents: dict[int, Jurisdiction]) -> str:
    while place is not None and place.kind not in COARSE:
        place = parents.get(place.parent_id) if place.parent_id else None
    return place.name if place is not None else ""


def _month(event: Event) -> str:
    if event.occurred_at is None or event.precision == Precision.UNKNOWN:
        return _("At a time not known")
    local = timezone.localtime(event.occurred_at)
    if event.precision == Precision.YEAR:
        return f"{local:%Y}"
    return f"{local:%B %Y}"


def _jurisdictions() -> dict[int, Jurisdiction]:
    # The directory's tree is small (a state's slice: hundreds of rows), read once per draft.
    return {j.pk: j for j in Jurisdiction.objects.only("pk", "name", "kind", "parent_id")}


def draft_text(*, case: Case, survivor: Survivor) -> str:
    """Her story as the timeline tells it, in the words a caseworker then edits: the kind of
    each entry, the month, the district; never its free note (which may name anyone)."""
    parents = _jurisdictions()
    about = [survivor.pseudonym]
    if survivor.age_years is not None:
        about.append(_("aged about %(n)d") % {"n": survivor.age_years})
    if survivor.gender:
        about.append(str(survivor.get_gender_display()).lower())
    if survivor.nationality:
        about.append(
            _("from %(country)s") % {"country": str(countries.name(str(survivor.nationality)))}
        )
    lines = [
        _("%(name)s's story") % {"name": survivor.pseudonym},
        "",
        ", ".join(about) + ".",
        "",
    ]
    events = (
        Event.objects.filter(case=case)
        .filter(pk__in=Event.objects.filter(case=case, survivors=survivor).values("pk"))
        .order_by("sort_at", "pk")
    )
    for event in events:
        line = f"{_month(event)}: {event.type_label}"
        district = _district_of(parents.get(event.place_id) if event.place_id else None, parents)
        if district:
            line += " " + _("in %(district)s") % {"district": district}
        if event.outcome:
            line += f" ({event.outcome_label.lower()})"
        lines.append(line + ".")
    lines += ["", _("(Write her story here in your own words, from the entries above.)")]
    return "\n".join(lines)


def _names(text: str, min_length: int = 3) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", text) if len(part) >= min_length]


def forbidden_terms(*, case: Case, survivor: Survivor) -> dict[str, str]:
    """Every name the story must not contain, with what it is, in a caseworker's words."""
    terms: dict[str, str] = {}

    def add(values: Iterable[str], what: str) -> None:
        for value in values:
            value = value.strip()
            if len(value) >= 3 and value.lower() != survivor.pseudonym.lower():
                terms.setdefault(value, what)

    staff = User.objects.filter(organisation_id=case.organisation_id)
    for first, last in staff.values_list("first_name", "last_name"):
        add([first, last, f"{first} {last}"], _("a member of staff"))
    engagements = Engagement.objects.filter(case=case)
    official_ids = {
        *engagements.values_list("official_id", flat=True),
        *engagements.values_list("referred_to_official_id", flat=True),
        *Event.objects.filter(case=case).values_list("actor_official_id", flat=True),
        *Operation.objects.filter(case=case).values_list("lead_official_id", flat=True),
    } - {None}
    for name in Official.objects.filter(pk__in=official_ids).values_list("name", flat=True):
        add([name, *_names(name, 4)], _("an official"))
    office_ids = {
        *engagements.values_list("office_id", flat=True),
        *engagements.values_list("referred_to_office_id", flat=True),
        *Event.objects.filter(case=case).values_list("actor_office_id", flat=True),
    } - {None}
    add(Office.objects.filter(pk__in=office_ids).values_list("name", flat=True), _("an office"))
    for link in CaseAccused.objects.filter(case=case).select_related("accused"):
        add(
            [link.accused.name, *_names(link.accused.name, 4), *_names(link.accused.aliases, 4)],
            _("an accused person"),
        )
    identity = ProtectedIdentity.objects.filter(survivor=survivor).first()
    if identity is not None:
        add(
            [identity.legal_name, *_names(identity.legal_name), *_names(identity.aliases)],
            _("her real name"),
        )
    parents = _jurisdictions()
    coarse = {j.name.lower() for j in parents.values() if j.kind in COARSE}
    place_ids = {
        *Event.objects.filter(case=case).values_list("place_id", flat=True),
        *Sighting.objects.filter(event__case=case).values_list("place_id", flat=True),
    } - {None}
    for pk in place_ids:
        place = parents.get(pk)
        while place is not None and place.kind not in COARSE:
            core = place.name
            for suffix in FINE_SUFFIXES:
                core = core.removesuffix(suffix)
            add(
                [n for n in (place.name, core) if n.lower() not in coarse],
                _("a place finer than the district"),
            )
            place = parents.get(place.parent_id) if place.parent_id else None
    add(
        (s.address for s in Sighting.objects.filter(event__case=case) if s.address),
        _("an address"),
    )
    return terms


def problems(text: str, *, case: Case, survivor: Survivor) -> list[str]:
    """What the story says that it must not, each in a sentence; empty if it may be shared."""
    found: list[str] = []
    for term, what in sorted(forbidden_terms(case=case, survivor=survivor).items()):
        if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE):
            if what == _("her real name"):  # not repeated on the page: it is protected
                found.append(_("It names her by her real name or an alias."))
            else:
                found.append(_("It names %(what)s (“%(term)s”).") % {"what": what, "term": term})
    for match in FINE_DATES.finditer(text):
        found.append(
            _("It gives a date or time finer than the month (“%(text)s”).")
            % {"text": match.group(0)}
        )
    return found
