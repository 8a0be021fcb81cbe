"""The rescue phase: engagements with authorities (the escalation chain) and rescue operations.

Each engagement and each attempt is the typed detail of one event on the case timeline: the
event holds when it happened, the detail holds what was asked and answered. Nothing is copied.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from mukti.cases.models import Case, Event, Survivor
from mukti.core.crypto import EncryptedTextField
from mukti.core.models import TrackedModel
from mukti.directory.models import RANK_ABBREVIATIONS, Jurisdiction, Office, Official


class Request(models.TextChoices):
    VERIFICATION = "verification", _("Verify the information")
    TRACE = "trace", _("Trace her")
    RESCUE = "rescue", _("Rescue")
    FIR = "fir", _("Register an FIR")
    PROTECTION = "protection", _("Protection")
    OTHER = "other", _("Other")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter / email")
    MESSAGE = "message", _("Message")


class Answer(models.TextChoices):
    PENDING = "pending", _("Awaiting answer")
    VERIFIED = "verified", _("Verified")
    UNABLE_TO_TRACE = "unable_to_trace", _("Unable to trace")
    REFERRED = "referred", _("Referred")
    AGREED = "agreed", _("Agreed")
    DEFERRED = "deferred", _("Deferred")
    DECLINED = "declined", _("Declined")
    NO_RESPONSE = "no_response", _("No response")


# Answers that close an engagement (the authority said something).
ANSWERED = frozenset(Answer.values) - {Answer.PENDING, Answer.NO_RESPONSE}


class Engagement(TrackedModel):
    """We went to / called / wrote to an authority, asked for something, and it answered."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="engagement")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="engagements")
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="engagements"
    )
    official = models.ForeignKey(
        Official,
        verbose_name=_("official"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="engagements",
    )
    mode = models.CharField(_("how"), max_length=16, choices=Mode.choices, default=Mode.IN_PERSON)
    request = models.CharField(_("asked for"), max_length=16, choices=Request.choices)
    our_staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who from our team"),
        blank=True,
        related_name="engagements",
    )
    answer = models.CharField(
        _("answer"), max_length=16, choices=Answer.choices, default=Answer.PENDING
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer_note = models.TextField(_("what they said"), blank=True)
    deferred_until = models.DateTimeField(_("deferred until"), null=True, blank=True)
    referred_to_office = models.ForeignKey(
        Office,
        verbose_name=_("referred to office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    referred_to_official = models.ForeignKey(
        Official,
        verbose_name=_("referred to official"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    previous = models.OneToOneField(
        "self",
        verbose_name=_("follows the referral of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next",
    )
    # Derived from the timeline by services.engagements_refresh whenever it changes, so that the
    # responsiveness table reads one table: when we asked (a copy of the event's time), whether
    # that time is exact, and whether a rescue followed within three days.
    asked_at = models.DateTimeField(null=True, blank=True, editable=False)
    asked_precise = models.BooleanField(default=False, editable=False)
    rescue_followed = models.BooleanField(default=False, editable=False)
    # The case's organisation (a case never changes organisation), copied so that one
    # organisation's responsiveness is read from its own entries of the covering indexes below:
    # through the case, the database read every organisation's requests of the period, or every
    # request of the organisation's cases since the first, and kept those of the period.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,  # the indexes below start with it
    )

    class Meta:
        indexes = [
            # the responsiveness table: an organisation's engagements in a period, grouped by office
            # or official;
            # covering every column it reads, so that no table row is visited
            models.Index(
                fields=[
                    "organisation",
                    "asked_at",
                    "office",
                    "answer",
                    "rescue_followed",
                    "asked_precise",
                    "answered_at",
                ],
                name="engagement_org_period_office",
            ),
            models.Index(
                fields=[
                    "organisation",
                    "asked_at",
                    "official",
                    "answer",
                    "rescue_followed",
                    "asked_precise",
                    "answered_at",
                ],
                name="engagement_org_period_official",
            ),
            # the home page's answers awaited: an organisation's pending requests, oldest first
            models.Index(
                fields=["organisation", "asked_at", "id"],
                condition=models.Q(answer="pending"),
                name="engagement_org_pending",
            ),
            # the vulnerability dashboard: the latest engagement of a case
            models.Index(fields=["case", "-id"], name="engagement_case_latest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answer__in=Answer.values), name="engagement_answer_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(answer="referred") | models.Q(referred_to_office__isnull=False),
                name="engagement_referral_has_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.who} ({self.get_answer_display()})"

    @property
    def who(self) -> str:
        """ "SP, Office of the SP, Basirhat" or the office alone."""
        if self.official is not None:
            rank = RANK_ABBREVIATIONS.get(self.official.rank, "")
            post = self.official.designation or rank
            return f"{post} {self.official.name}, {self.office.name}".strip()
        return self.office.name

    @property
    def short_who(self) -> str:
        """How a chain is read aloud: "SSP North 24 Parganas", "IC AHTU", "SP Basirhat",
        "OC Rajbari Outpost"."""
        place = short_office(self.office)
        if self.official is not None:
            return f"{post_abbreviation(self.official)} {place}"
        return place

    @property
    def minutes_to_answer(self) -> float | None:
        # Only from a request known to the minute: "Apr 2024" is no start for a stopwatch.
        if self.answered_at is None or self.event.occurred_at is None:
            return None
        if self.event.precision != "time":
            return None
        return (self.answered_at - self.event.occurred_at).total_seconds() / 60


class ResponsivenessCounted(models.Model):
    """What the monthly responsiveness rows last counted of one case's requests: a digest of
    every value of them the rows read (``monthly.counted_digest``), written with the rows.
    ``services.engagements_refresh`` runs on every change of the case's timeline; it recomputes
    the rows only when this digest changes, so a visit note, a statement or a medical visit no
    longer rewrites the rows of every office and month the case asked (issue 24). A case
    without this row (recorded before it existed) has its rows recomputed once, as before."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True, related_name="+")
    digest = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("responsiveness counted of a case")
        verbose_name_plural = _("responsiveness counted of cases")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.digest}"


class ResponsivenessMonth(models.Model):
    """What the responsiveness table counts, summed per organisation, month (the first day of
    the month, in the site's time zone, of when we asked), district of the case, office and
    official: a year's figures read a few hundred of these rows instead of every request of
    the year. Derived from the engagement table alone, by ``monthly.groups_refresh`` in the
    transaction of every change (and ``mukti rebuild_responsiveness``); never edited.

    ``minutes``: the times to answer of the timed requests (answered, with an answer time, asked
    at a known minute), in whole minutes, as ``{"minutes": how many}``: the median of any set
    of months is read from the sum of their histograms."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the unique index starts with it
    )
    month = models.DateField()
    # True: the row sums every district (``district`` is empty), what a table of the whole
    # organisation reads (an office is asked about cases of many districts: one row per
    # district would be almost one per request); False: the cases of one district (or none).
    all_districts = models.BooleanField(default=False)
    district = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    official = models.ForeignKey(
        Official, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    engagements = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    referred = models.PositiveIntegerField(default=0)
    rescues_after = models.PositiveIntegerField(default=0)
    minutes = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("monthly responsiveness figures")
        verbose_name_plural = _("monthly responsiveness figures")
        constraints = [
            # One row per key, NULL keys included (a plain unique constraint lets NULLs repeat on
            # both databases): the empty keys are compared as 0, which no row's id is. It is
            # also the index the selector reads: an organisation's months in a period.
            models.UniqueConstraint(
                "organisation",
                "all_districts",
                "month",
                Coalesce("district", Value(0)),
                Coalesce("office", Value(0)),
                Coalesce("official", Value(0)),
                name="responsiveness_month_key",
            ),
        ]
        indexes = [
            # one district's months in a period
            models.Index(
                fields=["organisation", "district", "month"], name="responsiveness_month_district"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} office {self.office_id} official {self.official_id}"


POST_ABBREVIATIONS = {
    "officer-in-charge": "OC",
    "inspector-in-charge": "IC",
    "senior superintendent of police": "SSP",
    "superintendent of police": "SP",
    "sub-divisional police officer": "SDPO",
    "sdpo": "SDPO",
}
OFFICE_PREFIXES = ("Office of the SP, ", "District Police Headquarters, ", "Office of the ")
OFFICE_SUFFIXES = (" Police District",)


def post_abbreviation(official: Official) -> str:
    post = official.designation.lower()
    for words, short in POST_ABBREVIATIONS.items():
        if post.startswith(words):
            return short
    return RANK_ABBREVIATIONS.get(official.rank, official.designation or official.name)


def short_office(office: Office) -> str:
    if office.kind == "ahtu":
        return "AHTU"
    name = office.name
    for prefix in OFFICE_PREFIXES:
        name = name.removeprefix(prefix)
    for suffix in OFFICE_SUFFIXES:
        name = name.removesuffix(suffix)
    return name


class OperationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open after a failed attempt")
    SUCCEEDED = "succeeded", _("Succeeded")
    CANCELLED = "cancelled", _("Cancelled")


class Operation(TrackedModel):
    """A planned rescue (raid) with the police; attempts are recorded against it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="operations")
    target_place = models.ForeignKey(
        Jurisdiction, verbose_name=_("target place"), on_delete=models.PROTECT, related_name="+"
    )
    # Where a survivor is held and what could go wrong: encrypted at rest (docs/security.md).
    target_address = EncryptedTextField(_("address or building"), blank=True)
    survivors_sought = models.ManyToManyField(
        Survivor, verbose_name=_("survivors sought"), blank=True, related_name="operations"
    )
    lead_office = models.ForeignKey(
        Office, verbose_name=_("lead police unit"), on_delete=models.PROTECT, related_name="+"
    )
    lead_official = models.ForeignKey(
        Official,
        verbose_name=_("lead officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ngo_staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("our staff present"),
        blank=True,
        related_name="operations",
    )
    planned_for = models.DateTimeField(_("planned for"))
    risk_notes = EncryptedTextField(_("risks"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=OperationStatus.choices,
        default=OperationStatus.PLANNED,
    )
    # Why it was called off (also the note of its entry on the timeline).
    cancel_reason = models.TextField(_("why it was cancelled"), blank=True)

    class Meta:
        ordering = ["planned_for", "id"]

    def __str__(self) -> str:
        return f"Operation at {self.target_place} ({self.get_status_display()})"


class Attempt(TrackedModel):
    """One try at a rescue: the detail of a "rescue attempt" event (its time and outcome)."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="attempt")
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="attempts")
    people_brought_out = models.PositiveSmallIntegerField(_("people brought out"), default=0)
    what_followed = models.TextField(_("what followed"), blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"attempt {self.pk} of operation {self.operation_id}"


class BroughtOut(models.Model):
    """A person brought out in an attempt: a survivor of the case, or someone else."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="brought_out")
    survivor = models.ForeignKey(
        Survivor, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.CharField(
        _("who (if not yet a survivor of the case)"), max_length=200, blank=True
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(survivor__isnull=False) | ~models.Q(description=""),
                name="brought_out_named_or_described",
            ),
        ]

    def __str__(self) -> str:
        return self.survivor.pseudonym if self.survivor is not None else self.description


class HandOff(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="hand_offs")
    office = models.ForeignKey(Office, verbose_name=_("handed to"), on_delete=models.PROTECT)
    at = models.DateTimeField(_("at"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"to {self.office} at {self.at:%H:%M}"
