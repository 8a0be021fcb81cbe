"""After the rescue: medical care, shelter, services and the care plan, outcome assessments,
repatriation, and the survivor's consent.

Each dated record is the typed detail of one event on the case timeline (the event holds when it
happened and for whom; the detail holds what only care needs). Care plan goals and consents are
records of their own, kept with an audit trail.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from mukti.cases.models import Case, Event, Survivor
from mukti.core.crypto import EncryptedTextField
from mukti.core.models import TrackedModel
from mukti.directory.models import Office

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class MedicalKind(models.TextChoices):
    ADMISSION = "admission", _("Admission")
    VISIT = "visit", _("Out-patient visit")
    EXAMINATION = "examination", _("Medical examination")
    # BNSS s.184 (CrPC s.164A): the examination of the survivor for the offence. Only this kind
    # meets the 24-hour clock and starts the doctor's-report clock; an age assessment or a
    # pregnancy check is an examination of another kind.
    MEDICO_LEGAL = "medico_legal", _("Medical examination for the offence (medico-legal)")


class MedicalReason(models.TextChoices):
    PREGNANCY = "pregnancy", _("Pregnancy")
    INJURY = "injury", _("Injury")
    ILLNESS = "illness", _("Illness")
    AGE_ASSESSMENT = "age_assessment", _("Age assessment")
    SEXUAL_VIOLENCE = "sexual_violence", _("Examination after sexual violence")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    OTHER = "other", _("Other")


class MedicalCare(TrackedModel):
    """An admission, a visit or an examination: the detail of a "medical care" event."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="medical")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="medical_care")
    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="medical_care")
    facility = models.ForeignKey(
        Office, verbose_name=_("facility"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MedicalKind.choices)
    # "need", not "reason": the audit trail's reason is a different thing.
    need = models.CharField(_("reason"), max_length=20, choices=MedicalReason.choices)
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True)
    # Health data: encrypted at rest (docs/security.md).
    outcome = EncryptedTextField(_("outcome"), blank=True)
    follow_up_on = models.DateField(_("follow-up due on"), null=True, blank=True)
    # After an examination of a survivor of sexual violence the doctor forwards the report to
    # the investigating officer within 7 days (BNSS s.184): the clock stops on this day.
    report_sent_on = models.DateField(
        _("doctor's report sent to the investigating officer on"), null=True, blank=True
    )

    class Meta:
        indexes = [
            # the case's care page, newest first
            models.Index(fields=["case", "survivor"], name="medical_case_survivor"),
            # follow-ups due (clocks)
            models.Index(fields=["follow_up_on"], name="medical_follow_up"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.facility}"


class PlacementKind(models.TextChoices):
    TEMPORARY = "temporary", _("Temporary shelter")
    LONG_TERM = "long_term", _("Long-term home")


class Placement(TrackedModel):
    """A stay in a shelter home, from the day of the "shelter placement" event until she left.

    A move is the end of one placement and the start of the next, written together.
    """

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="placement")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="placements")
    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="placements")
    home = models.ForeignKey(
        Office, verbose_name=_("shelter home"), on_delete=models.PROTECT, related_name="placements"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PlacementKind.choices)
    # She arrived on the event's day (``event.occurred_at``); a stay with no end is current.
    ended_on = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(_("why she left"), max_length=200, blank=True)

    class Meta:
        indexes = [
            # current occupancy of a home
            models.Index(fields=["home", "ended_on"], name="placement_home_current"),
        ]

    def __str__(self) -> str:
        return f"{self.survivor} at {self.home}"

    @property
    def current(self) -> bool:
        return self.ended_on is None


class ServiceKind(models.TextChoices):
    COUNSELLING = "counselling", _("Counselling")
    EDUCATION = "education", _("Education")
    SKILLS = "skills", _("Skills training")
    LEGAL_AID = "legal_aid", _("Legal aid")
    COMPENSATION = "compensation", _("Victim compensation application")
    LIVELIHOOD = "livelihood", _("Livelihood support")
    OTHER = "other", _("Other")


class Service(TrackedModel):
    """A service given to a survivor: the detail of a "service provided" event."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="service")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="services")
    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="services")
    kind = models.CharField(_("service"), max_length=16, choices=ServiceKind.choices)
    provider = models.CharField(_("provided by"), max_length=200, blank=True)

    def __str__(self) -> str:
        return self.get_kind_display()


class FollowUp(TrackedModel):
    """A follow-up visit and when the next one is due: the detail of a "follow-up visit"."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="follow_up")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="follow_ups")
    next_due_on = models.DateField(_("next visit due on"), null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.survivor}: follow-up"


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Working on it")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class Domain(models.TextChoices):
    """The six outcome domains scored in survivor assessments (DOMAIN.md)."""

    SAFETY = "safety", _("Safety")
    LEGAL = "legal", _("Legal protection")
    MENTAL = "mental", _("Mental wellbeing")
    ECONOMIC = "economic", _("Economic empowerment and education")
    SOCIAL = "social", _("Social support")
    PHYSICAL = "physical", _("Physical wellbeing")


class Goal(TrackedModel):
    """One goal of a survivor's individual care plan."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="goals")
    domain = models.CharField(_("domain"), max_length=16, choices=Domain.choices)
    goal = models.CharField(_("goal"), max_length=300)
    target_on = models.DateField(pgettext_lazy("deadline", "by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )

    class Meta:
        ordering = ["target_on", "id"]

    def __str__(self) -> str:
        return self.goal


SCORE_FIELDS = tuple(f"{d}_score" for d in Domain.values)


def _score(label: StrOrPromise) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(label, help_text=_("1 = most vulnerable, 4 = strong"))


class Assessment(TrackedModel):
    """A periodic outcome assessment (at intake, six months later, then yearly): six domains
    scored 1–4, with notes. Scores and notes only, never questionnaire text."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="assessment")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="assessments")
    safety_score = _score(_("Safety"))
    legal_score = _score(_("Legal protection"))
    mental_score = _score(_("Mental wellbeing"))
    economic_score = _score(_("Economic empowerment and education"))
    social_score = _score(_("Social support"))
    physical_score = _score(_("Physical wellbeing"))
    notes = EncryptedTextField(_("notes"), blank=True)  # wellbeing, risks: encrypted at rest

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"{f}__gte": 1, f"{f}__lte": 4}), name=f"assessment_{f}"
            )
            for f in SCORE_FIELDS
        ]

    def __str__(self) -> str:
        return f"{self.survivor}: assessment"

    def scores(self) -> dict[str, int]:
        return {d: getattr(self, f"{d}_score") for d in Domain.values}


class RepatriationStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


class Repatriation(TrackedModel):
    """Bringing a foreign national home: a sequence of steps, each waiting on an authority."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="repatriations")
    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="repatriations")
    country = CountryField(_("to country"))
    border_point = models.CharField(
        _("border crossing"), max_length=120, blank=True, help_text=_("e.g. Petrapole–Benapole")
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RepatriationStatus.choices,
        default=RepatriationStatus.IN_PROGRESS,
    )
    # Filled in by care.selectors.case_care for the care page: its steps, and the next one
    # offered (none while a step is still open).
    step_list: list[RepatriationStep]
    next_steps: Sequence[tuple[str, StrOrPromise]]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survivor"],
                condition=models.Q(status="in_progress"),
                name="one_repatriation_in_progress",
            )
        ]

    def __str__(self) -> str:
        return f"{self.survivor} → {self.country}"


class StepKind(models.TextChoices):
    REQUEST = "request", _("Repatriation requested")
    NATIONALITY = "nationality", _("Nationality verified by the home country")
    HOME_STUDY = "home_study", _("Home and family study")
    TRAVEL_PERMIT = "travel_permit", _("Travel permit issued")
    HANDOVER = "handover", _("Handed over at the border")
    FOLLOW_UP = "follow_up", _("Follow-up in the home country")


STEP_ORDER = list(StepKind.values)


class RepatriationStep(TrackedModel):
    """One step of a repatriation: the detail of a "repatriation step" event, which dates its
    start; done when ``completed_on`` is set."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="repatriation_step")
    repatriation = models.ForeignKey(Repatriation, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=16, choices=StepKind.choices)
    authority = models.ForeignKey(
        Office, verbose_name=_("authority"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    # It started on the event's day (``event.occurred_at``).
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    documents = models.TextField(
        _("documents"), blank=True, help_text=_("Reference numbers of letters, permits, forms.")
    )
    # Days waited beyond the allowed wait, filled in by care.selectors.case_care.
    overdue_days = 0

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["repatriation", "kind"], name="repatriation_step_once"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class ConsentPurpose(models.TextChoices):
    STORY = "story", _("Sharing her story (pseudonymised)")
    DATA_SHARING = "data_sharing", _("Sharing her data with a named partner")
    PHOTOGRAPHS = "photographs", _("Photographs")


class Consent(TrackedModel):
    """What the survivor agreed to, when, until when, and whether she withdrew it. Exports and
    stories ask ``care.selectors.consent_given`` before using anything of hers."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(_("for"), max_length=16, choices=ConsentPurpose.choices)
    partner = models.CharField(
        _("partner"), max_length=200, blank=True, help_text=_("Who may receive her data.")
    )
    given_on = models.DateField(_("given on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-given_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gt=models.F("given_on")),
                name="consent_expires_after_given",
            ),
            models.CheckConstraint(
                condition=~models.Q(purpose="data_sharing") | ~models.Q(partner=""),
                name="consent_data_sharing_names_partner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survivor}: {self.get_purpose_display()}"
