"""Cases, survivors (with their protected identity), and the dated timeline of each case."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from mukti.cases import details
from mukti.core import l10n
from mukti.core.crypto import EncryptedBinaryField, EncryptedTextField
from mukti.core.fuzzydate import Precision, When, format_when
from mukti.core.models import TrackedModel, coordinate_constraints
from mukti.directory.models import Jurisdiction, Office, Official


class CaseStatus(models.TextChoices):
    INTAKE = "intake", _("Intake")
    LOCATING = "locating", _("Locating")
    RESCUE_PENDING = "rescue_pending", _("Rescue pending")
    RESCUED = "rescued", _("Rescued")
    IN_CARE = "in_care", _("In care")
    REINTEGRATION = "reintegration", _("Repatriation / reintegration")
    CLOSED = "closed", _("Closed")


S = CaseStatus
# The lifecycle of ARCHITECTURE.md. A case may skip ahead (a rescue can come straight from
# intake) but not go back past a rescue, except by reopening a closed case.
CASE_TRANSITIONS: dict[str, frozenset[str]] = {
    S.INTAKE: frozenset(S) - {S.INTAKE},
    S.LOCATING: frozenset(S) - {S.LOCATING},
    S.RESCUE_PENDING: frozenset(S) - {S.RESCUE_PENDING, S.INTAKE},
    S.RESCUED: frozenset({S.IN_CARE, S.REINTEGRATION, S.CLOSED}),
    S.IN_CARE: frozenset({S.REINTEGRATION, S.CLOSED}),
    S.REINTEGRATION: frozenset({S.IN_CARE, S.CLOSED}),
    S.CLOSED: frozenset({S.LOCATING, S.IN_CARE, S.REINTEGRATION}),
}


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    URGENT = 4, _("Urgent")


class Exploitation(models.TextChoices):
    """HTCDS/CTDC types of exploitation."""

    SEXUAL = "sexual", _("Sexual exploitation")
    LABOUR = "labour", _("Forced labour")
    DOMESTIC = "domestic", _("Domestic servitude")
    MARRIAGE = "marriage", _("Forced marriage")
    BEGGING = "begging", _("Forced begging")
    CRIMINAL = "criminal", _("Forced criminality")
    ORGANS = "organs", _("Organ removal")
    OTHER = "other", _("Other")


class Case(TrackedModel):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    # The organisation whose case it is: its lead's, at opening (cases/access.py keeps every
    # other organisation out).
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="cases",
        editable=False,
        db_index=False,  # case_org_opened below starts with it
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.INTAKE
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    offence_date = models.DateField(
        _("offence date"),
        null=True,
        blank=True,
        help_text=_("When the trafficking took place; it decides which law applies."),
    )
    origin_country = CountryField(_("origin country"), blank=True)
    destination_country = CountryField(_("destination country"), blank=True)
    exploitation = models.JSONField(_("type(s) of exploitation"), default=list, blank=True)
    district = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "district"},
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead caseworker"),
        on_delete=models.PROTECT,
        related_name="cases_led",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case team"),
        through="CaseMember",
        related_name="case_teams",
        blank=True,
    )
    opened_on = models.DateField(_("opened"), default=timezone.localdate)
    closed_on = models.DateField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        indexes = [
            # the case list's default order and its date-range filter
            models.Index(fields=["-opened_on", "-id"], name="case_opened"),
            # one organisation's cases: a supervisor's list, newest first, and the dashboard's
            # cases opened in a period (at 1,000,000 cases in 50 organisations, its 3,313 cases
            # of a year instead of the organisation's 19,772 intersected with every
            # organisation's 166,821)
            models.Index(fields=["organisation", "-opened_on", "-id"], name="case_org_opened"),
            # an organisation's cases and their districts, read from the index alone (the
            # statistics group every measure by the case's district)
            models.Index(
                fields=["organisation"], include=["id", "district"], name="case_org_district"
            ),
            # the case list filtered by status, newest first
            models.Index(fields=["status", "-opened_on"], name="case_status_opened"),
            # the case list sorted by "last changed" (ties by id, as the sort does: read in the
            # index's order to the page's end, not a lead's 7,429 cases sorted, 28 -> 4 ms on
            # PostgreSQL at 100,000 cases)
            models.Index(fields=["-updated_at", "-id"], name="case_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=CaseStatus.values), name="case_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(status=CaseStatus.CLOSED),
                name="case_closed_on_only_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("cases:case-detail", args=[self.reference])

    @property
    def exploitation_labels(self) -> list[str]:
        return [str(Exploitation(v).label) for v in self.exploitation if v in Exploitation.values]


class CaseMember(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_memberships"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="case_member_once"),
        ]
        indexes = [
            # the access rule: "cases whose team includes this user"
            models.Index(fields=["user", "case"], name="case_member_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.case.reference}"


class ReferenceCounter(models.Model):
    """The last case number used in a year; locked while a new reference is taken."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    TRANSGENDER = "transgender", _("Transgender")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


ADULT_AGE = 18


class Survivor(TrackedModel):
    """The everyday face of a person: a pseudonym and non-identifying facts only.

    Everything that identifies her lives in ``ProtectedIdentity``, encrypted, behind a reveal.
    """

    pseudonym = models.CharField(_("pseudonym"), max_length=80)
    # Her organisation's (that of the case she was added to): pseudonyms are unique within it,
    # so that choosing one never tells whether another organisation uses it.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    gender = models.CharField(
        _("gender"), max_length=16, choices=Gender.choices, default=Gender.FEMALE
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    age_years = models.PositiveSmallIntegerField(
        _("age (years)"), null=True, blank=True, help_text=_("As told or as assessed.")
    )
    age_estimated = models.BooleanField(_("age is an estimate"), default=False)
    age_assessed_on = models.DateField(_("age assessed on"), null=True, blank=True)
    # The day she turns 18, derived from the birth date or the assessed age: "minor" is then a
    # plain comparison with today, in SQL as well as in Python.
    adult_on = models.DateField(null=True, blank=True, editable=False)
    nationality = CountryField(_("nationality"), blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    pregnant = models.BooleanField(_("pregnant"), default=False)
    # Health data: encrypted at rest (docs/security.md).
    care_needs = EncryptedTextField(
        _("health and care needs"), blank=True, help_text=_("Only what care staff need to know.")
    )

    class Meta:
        ordering = ["pseudonym"]
        indexes = [
            # the "minor" filter on the case list
            models.Index(fields=["adult_on"], name="survivor_adult_on"),
        ]
        constraints = [
            models.UniqueConstraint(
                "organisation", Lower("pseudonym"), name="survivor_pseudonym_unique_in_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def is_minor(self) -> bool | None:
        if self.adult_on is None:
            return None
        return timezone.localdate() < self.adult_on

    @property
    def age_label(self) -> str:
        if self.birth_date:
            today = timezone.localdate()
            years = (
                today.year
                - self.birth_date.year
                - ((today.month, today.day) < (self.birth_date.month, self.birth_date.day))
            )
            return str(years)
        if self.age_years is not None:
            prefix = "≈" if self.age_estimated else ""
            when = f" ({l10n.month(self.age_assessed_on)})" if self.age_assessed_on else ""
            return f"{prefix}{self.age_years}{when}"
        return "?"


def adult_on(
    *, birth_date: dt.date | None, age_years: int | None, assessed_on: dt.date | None
) -> dt.date | None:
    def add_years(day: dt.date, years: int) -> dt.date:
        try:
            return day.replace(year=day.year + years)
        except ValueError:  # born 29 February: the birthday falls on 1 March in other years
            return day.replace(year=day.year + years, month=3, day=1)

    if birth_date is not None:
        return add_years(birth_date, ADULT_AGE)
    if age_years is not None:
        # Without a birth date, the most protective reading: she turned that age on the day of
        # the assessment, so she stays a minor as long as she could possibly be one.
        return add_years(assessed_on or timezone.localdate(), ADULT_AGE - age_years)
    return None


class ProtectedIdentity(models.Model):
    """Identifying facts, encrypted at rest, read only through an audited reveal."""

    survivor = models.OneToOneField(
        Survivor, on_delete=models.CASCADE, related_name="protected_identity"
    )
    legal_name = EncryptedTextField(_("legal name"), blank=True)
    aliases = EncryptedTextField(_("aliases"), blank=True)
    family_contacts = EncryptedTextField(_("family contacts"), blank=True)
    home_address = EncryptedTextField(_("home address"), blank=True)
    identity_documents = EncryptedTextField(_("identity documents"), blank=True)
    photo = EncryptedBinaryField(_("photo"), null=True, blank=True)
    photo_content_type = models.CharField(max_length=40, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    ENCRYPTED_FIELDS = (
        "legal_name",
        "aliases",
        "family_contacts",
        "home_address",
        "identity_documents",
        "photo",
    )

    def __str__(self) -> str:
        return f"protected identity of {self.survivor}"


class SurvivorStatus(models.TextChoices):
    MISSING = "missing", _("Whereabouts unknown")
    LOCATED = "located", _("Located, not rescued")
    RESCUED = "rescued", _("Rescued")
    IN_CARE = "in_care", _("In care")
    RETURNED = "returned", _("Repatriated / returned home")
    REINTEGRATED = "reintegrated", _("Reintegrated")


NOT_YET_RESCUED = frozenset({SurvivorStatus.MISSING, SurvivorStatus.LOCATED})


class CaseSurvivor(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_survivors")
    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="case_links")
    status = models.CharField(
        _("status"), max_length=16, choices=SurvivorStatus.choices, default=SurvivorStatus.MISSING
    )
    # When her location was first confirmed: the start of the vulnerability window, which runs
    # while she is "located, not rescued". Set by the sighting service, never typed.
    located_at = models.DateTimeField(null=True, blank=True, editable=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "survivor"], name="case_survivor_once"),
        ]
        indexes = [
            # the "located, not rescued" dashboard, longest window first
            models.Index(fields=["status", "located_at"], name="case_survivor_window"),
            # people located in a period (the statistics), read from the index alone
            models.Index(
                fields=["located_at"], include=["case", "survivor"], name="case_survivor_located"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survivor} in {self.case.reference}"


class EventType(models.TextChoices):
    TRAFFICKED = "trafficked", _("Trafficked")
    INFORMATION_RECEIVED = "information_received", _("Information received")
    # The police themselves received the information (a complaint, a family's report, a call
    # to the station): POCSO s.19(6) and BNSS s.184 run from here, not from our own tip.
    POLICE_INFORMED = "police_informed", _("Police received the information")
    LOCATION_IDENTIFIED = "location_identified", _("Location identified")
    AUTHORITY_CONTACTED = "authority_contacted", _("Authority contacted")
    REFERRED = "referred", _("Referred")
    VERIFIED = "verified", _("Verified")
    UNABLE_TO_TRACE = "unable_to_trace", _("Unable to trace")
    RESCUE_DEFERRED = "rescue_deferred", _("Rescue deferred")
    RESCUE_ATTEMPT = "rescue_attempt", _("Rescue attempt")
    RESCUE = "rescue", _("Rescue")
    ARREST = "arrest", _("Arrest")
    EVIDENCE_COLLECTED = "evidence_collected", _("Evidence collected")
    STATEMENT_RECORDED = "statement_recorded", _("Statement recorded")
    FIR_REGISTERED = "fir_registered", _("FIR registered")
    PRODUCED_MAGISTRATE = "produced_magistrate", _("Produced before magistrate")
    PRODUCED_CWC = "produced_cwc", _("Produced before CWC")
    MEDICAL_CARE = "medical_care", _("Medical care")
    SHELTER_PLACEMENT = "shelter_placement", _("Shelter placement")
    REPATRIATION_STEP = "repatriation_step", _("Repatriation step")
    COURT_HEARING = "court_hearing", _("Court hearing")
    JUDGEMENT = "judgement", _("Judgement")
    COMPENSATION = "compensation", _("Compensation")
    FOLLOW_UP_VISIT = "follow_up_visit", _("Follow-up visit")
    SERVICE = "service", _("Service provided")
    ASSESSMENT = "assessment", _("Outcome assessment")
    CHARGESHEET_FILED = "chargesheet_filed", _("Chargesheet filed")
    BAIL = "bail", _("Bail")
    TESTIMONY = "testimony", _("Survivor's testimony")
    POCSO_REPORTED = "pocso_reported", _("Reported to the CWC and Special Court (POCSO)")
    COGNISANCE = "cognisance", _("Court took cognisance")
    SIR_SUBMITTED = "sir_submitted", _("Social investigation report submitted")
    CWC_ORDER = "cwc_order", _("CWC final order")
    OTHER = "other", _("Other")


class AttemptOutcome(models.TextChoices):
    RESCUED = "rescued", _("Rescued")
    TARGET_ABSENT = "target_absent", _("Target absent")
    HIDDEN = "hidden", _("Hidden / moved")
    ABORTED = "aborted", _("Aborted")


class EventSource(models.TextChoices):
    TYPED = "typed", _("Typed in")
    IMPORTED = "imported", _("Imported from a narrative")
    API = "api", _("API")


class ByLine(str):
    """ "by Meera Das, Anjali Roy (entered by Rupa Sen)": who from our team acted and, when
    someone else typed it in, who did. The timeline shows the second part smaller; the report
    reads the whole line."""

    acted: str
    entered: str

    @classmethod
    def of(cls, acted: str, entered: str = "") -> ByLine:
        acted_text = str(_("by %(names)s") % {"names": acted})
        entered_text = str(_("entered by %(name)s") % {"name": entered}) if entered else ""
        line = cls(f"{acted_text} ({entered_text})" if entered else acted_text)
        line.acted, line.entered = acted_text, entered_text
        return line


# value → lazy label, built once: looking a value up through the enum class is slow enough to
# show on a timeline of hundreds of events.
_EVENT_TYPE_LABELS = dict(EventType.choices)
_OUTCOME_LABELS = dict(AttemptOutcome.choices)
_SOURCE_LABELS = dict(EventSource.choices)


class Event(TrackedModel):
    """One dated fact on a case's timeline."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(_("what happened"), max_length=32, choices=EventType.choices)
    occurred_at = models.DateTimeField(_("when"), null=True, blank=True)
    precision = models.CharField(
        _("precision"), max_length=16, choices=Precision.choices, default=Precision.DAY
    )
    # The middle of the range ``occurred_at`` starts: where the event sorts on the timeline.
    # Clocks start from ``occurred_at``, the earliest moment the date allows.
    sort_at = models.DateTimeField(null=True, blank=True, editable=False)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=AttemptOutcome.choices, blank=True
    )
    place = models.ForeignKey(
        Jurisdiction, verbose_name=_("where"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    actor_official = models.ForeignKey(
        Official, verbose_name=_("official"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="events",
    )  # fmt: skip
    actor_office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="events",
    )  # fmt: skip
    actor_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("our staff"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="events",
    )  # fmt: skip
    survivors = models.ManyToManyField(
        Survivor, verbose_name=_("survivors concerned"), blank=True, related_name="events"
    )
    source = models.CharField(
        _("source"), max_length=16, choices=EventSource.choices, default=EventSource.TYPED
    )
    note = models.TextField(_("note"), blank=True)
    # The sentence of a narrative an imported event was read from (names made pseudonyms): it
    # may name other people and places, so it is encrypted and not searchable, unlike the note.
    quote = EncryptedTextField(_("read from the narrative"), blank=True)
    # Filled in by cases.selectors.timeline for the rows it returns (one reverse() per page).
    edit_url = ""

    class Meta:
        ordering = ["sort_at", "id"]
        indexes = [
            # the case page's timeline, in date order
            models.Index(fields=["case", "sort_at", "id"], name="event_case_timeline"),
            # the timeline filtered by type; "a rescue in this case within three days of that
            # engagement" (rescue.selectors.responsiveness)
            models.Index(fields=["case", "type", "occurred_at"], name="event_case_type_when"),
            # events of one kind in a period (engagements for the responsiveness table; failed
            # rescue attempts for the statistics, read from the index alone: 182 -> 13 ms for a
            # year at 200,000 cases, docs/benchmarks.md)
            models.Index(
                fields=["type", "occurred_at"],
                include=["case", "outcome", "id"],
                name="event_type_when",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(type__in=EventType.values), name="event_type_known"
            ),
            models.CheckConstraint(
                condition=models.Q(occurred_at__isnull=False)
                | models.Q(precision=Precision.UNKNOWN),
                name="event_date_or_unknown",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} ({format_when(self.when)})"

    @property
    def when(self) -> When:
        return When(self.occurred_at, self.precision)

    # Enum labels rather than get_FOO_display(), which rebuilds a dict of all choices on each
    # call: the timeline shows hundreds of events.
    @property
    def type_label(self) -> str:
        return str(_EVENT_TYPE_LABELS[self.type])

    @property
    def outcome_label(self) -> str:
        return str(_OUTCOME_LABELS[self.outcome]) if self.outcome else ""

    @property
    def source_label(self) -> str:
        return str(_SOURCE_LABELS[self.source])

    def _detail_facts(self) -> list[str]:
        found = details.attached(self)
        return found[0].facts(found[1]) if found else []

    @property
    def by_line(self) -> ByLine | None:
        """Who from our team took part (an engagement's or an attempt's staff), else whoever
        is named as our staff on the entry (who typed it, for most panels)."""
        found = details.attached(self)
        team = found[0].team(found[1]) if found and found[0].team else []
        typist = self.actor_staff if self.actor_staff_id else None
        if team:
            acted = ", ".join(str(u) for u in team)
            differs = typist is not None and typist.pk not in {u.pk for u in team}
            return ByLine.of(acted, str(typist) if differs else "")
        return ByLine.of(str(typist)) if typist is not None else None

    @property
    def facts(self) -> list[str]:
        """The short facts shown under an event on the timeline, from rows already joined."""
        facts: list[str] = []
        if self.place is not None:
            place = self.place.name
            try:
                sighting = self.sighting
            except models.ObjectDoesNotExist:
                sighting = None
            if sighting is not None:
                if sighting.address:
                    place = f"{place}, {sighting.address}"
                confidence = Confidence(sighting.confidence).label
                place = _("%(place)s (%(confidence)s; source: %(source)s)") % {
                    "place": place,
                    "confidence": str(confidence).lower(),
                    "source": sighting.source,
                }
            facts.append(place)
        if self.actor_official is not None:
            facts.append(f"{self.actor_official.name} ({self.actor_official.title})")
        elif self.actor_office is not None:
            facts.append(self.actor_office.name)
        by = self.by_line
        if by is not None:
            facts.append(by)
        facts.extend(self._detail_facts())
        prefetched = getattr(self, "people", None)
        people = [s.pseudonym for s in (self.survivors.all() if prefetched is None else prefetched)]
        if people:
            facts.append(", ".join(people))
        if self.source != EventSource.TYPED:
            facts.append(self.source_label)
        return facts

    @property
    def when_label(self) -> str:
        return format_when(self.when)

    @property
    def is_approximate(self) -> bool:
        return self.precision not in (Precision.TIME, Precision.DAY)


class Confidence(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    PROBABLE = "probable", _("Probable")
    UNCONFIRMED = "unconfirmed", _("Unconfirmed")


class Sighting(models.Model):
    """Where a survivor was seen or held: the detail of a "location identified" event."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="sighting")
    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="sightings")
    place = models.ForeignKey(
        Jurisdiction, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    # Where she is held: encrypted at rest, and kept out of the search index.
    address = EncryptedTextField(_("address or building"), blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=200, help_text=_("Who saw her or told us: family, informant…")
    )
    confidence = models.CharField(
        _("confidence"), max_length=16, choices=Confidence.choices, default=Confidence.PROBABLE
    )

    class Meta:
        indexes = [
            # "last confirmed location" of a survivor
            models.Index(fields=["survivor", "confidence"], name="sighting_survivor"),
        ]
        constraints = [
            *coordinate_constraints("sighting"),
        ]

    def __str__(self) -> str:
        return f"{self.survivor} at {self.place}"


class CaseSearchText(models.Model):
    """What the case list's search box looks through, one row per case (see cases/search.py)."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, primary_key=True, related_name="search_text"
    )
    text = models.TextField()
    # The case's organisation (a case never changes organisation). PostgreSQL's text index
    # starts with it (btree_gin, migration 0015), so a word is looked up among one
    # organisation's cases, not among every case of the instance.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,  # the text index starts with it (migration 0015)
    )

    def __str__(self) -> str:
        return f"search text of {self.case_id}"


class SurvivorKey(models.Model):
    """One blind index of a survivor's protected identity: an HMAC digest of a name key (each
    word's sound and skeleton, core.names), a phone number of her family contacts or a word of
    her home address (cases/names.py). How she is found by name and matched with others,
    without anyone's identity being decrypted."""

    survivor = models.ForeignKey(Survivor, on_delete=models.CASCADE, related_name="keys")
    digest = models.CharField(max_length=64)

    class Meta:
        indexes = [
            # name search and possible duplicates: digest = any of a few
            models.Index(fields=["digest", "survivor"], name="survivor_key_digest"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["survivor", "digest"], name="survivor_key_once"),
        ]

    def __str__(self) -> str:
        return f"key of survivor {self.survivor_id}"


class SameSurvivor(TrackedModel):
    """Two survivor records a user said are the same woman (audited; who and when in
    ``updated_by`` and ``created_at``): her history across cases is then one view. Kept once
    per pair, the lower id first."""

    survivor = models.ForeignKey(Survivor, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Survivor, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survivor", "other"], name="same_survivor_once"),
            models.CheckConstraint(
                condition=models.Q(survivor__lt=models.F("other")), name="same_survivor_ordered"
            ),
        ]
        indexes = [
            # the linked records of a survivor, from either side
            models.Index(fields=["other"], name="same_survivor_other"),
        ]

    def __str__(self) -> str:
        return f"survivor {self.survivor_id} is survivor {self.other_id}"

    @property
    def audit_repr(self) -> str:
        return f"survivor records {self.survivor_id} and {self.other_id}: same person"
