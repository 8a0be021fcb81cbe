"""The legal case: FIR and sections, accused persons and arrests, bail, seized evidence and its
chain of custody, chargesheet, hearings, the survivor's testimony, judgement and compensation.

Each dated record is the typed detail of one event on the case timeline. Accused persons are
entities of their own, linked across cases.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from mukti.cases.models import Case, Event, Survivor
from mukti.core.crypto import EncryptedTextField
from mukti.core.models import TrackedModel
from mukti.directory.models import Office, Official


class Act(models.TextChoices):
    IPC = "IPC", _("Indian Penal Code, 1860")
    BNS = "BNS", _("Bharatiya Nyaya Sanhita, 2023")
    ITPA = "ITPA", _("Immoral Traffic (Prevention) Act, 1956")
    POCSO = "POCSO", _("Protection of Children from Sexual Offences Act, 2012")
    JJ = "JJ", _("Juvenile Justice (Care and Protection of Children) Act, 2015")
    BLA = "BLA", _("Bonded Labour System (Abolition) Act, 1976")


# IPC and CrPC gave way to the BNS and BNSS for offences from 1 July 2024.
NEW_CODES = dt.date(2024, 7, 1)


class LegalSection(models.Model):
    """A section that can be charged, with the period it is in force (kept by migrations)."""

    act = models.CharField(_("act"), max_length=8, choices=Act.choices)
    number = models.CharField(_("section"), max_length=12)
    title = models.CharField(_("title"), max_length=200)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    in_force_until = models.DateField(_("in force until"), null=True, blank=True)

    class Meta:
        ordering = ["act", "id"]
        constraints = [models.UniqueConstraint(fields=["act", "number"], name="legal_section_once")]

    def __str__(self) -> str:
        return f"{self.act} s.{self.number} — {self.title}"

    @property
    def short(self) -> str:
        return f"{self.act} {self.number}"

    def in_force_on(self, day: dt.date) -> bool:
        starts = self.in_force_from is None or self.in_force_from <= day
        return starts and (self.in_force_until is None or day <= self.in_force_until)


class Fir(TrackedModel):
    """A First Information Report: the detail of an "FIR registered" event."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="fir")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="firs")
    police_station = models.ForeignKey(
        Office, verbose_name=_("police station"), on_delete=models.PROTECT, related_name="firs"
    )
    number = models.CharField(_("FIR number"), max_length=40, help_text=_("e.g. 217/2024"))
    sections = models.ManyToManyField(LegalSection, verbose_name=_("sections"), related_name="+")
    # West Bengal: an FIR of commercial sexual exploitation goes to the district AHTU within
    # 24 hours (Calcutta High Court, 2018); the clock stops when it is handed over.
    ahtu_informed_at = models.DateTimeField(_("handed to the AHTU at"), null=True, blank=True)
    # An e-FIR (BNSS s.173) must be signed by the informant within three days.
    electronic = models.BooleanField(_("registered as an e-FIR"), default=False)
    signed_at = models.DateTimeField(_("signed by the informant at"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["police_station", "number"], name="fir_once")
        ]

    def __str__(self) -> str:
        return f"FIR {self.number}, {self.police_station}"


class Chargesheet(TrackedModel):
    """The final report under BNSS s.193 / CrPC s.173: detail of a "chargesheet filed" event."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="chargesheet")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="chargesheets")
    number = models.CharField(_("chargesheet number"), max_length=40)
    sections = models.ManyToManyField(LegalSection, verbose_name=_("sections"), related_name="+")

    def __str__(self) -> str:
        return f"Chargesheet {self.number}"


class AccusedRole(models.TextChoices):
    RECRUITER = "recruiter", _("Recruiter")
    TRANSPORTER = "transporter", _("Transporter")
    BROTHEL_KEEPER = "brothel_keeper", _("Brothel keeper")
    MANAGER = "manager", _("Manager")
    CUSTOMER = "customer", _("Customer")
    EMPLOYER = "employer", _("Employer")
    OTHER = "other", _("Other")


class Accused(TrackedModel):
    """A person accused in one or more cases: one row per person, linked to each case.

    Who he is (name, aliases, phone, description) is encrypted at rest; he is matched through
    the blind indexes in ``AccusedKey`` (justice.keys), never by the values themselves. His name
    may not be known ("a man, about 30, who kept the door"): then a description stands in for
    it, and he has no name to be matched by.
    """

    name = EncryptedTextField(_("name"), blank=True)
    aliases = EncryptedTextField(_("aliases"), blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    description = EncryptedTextField(
        _("description"), blank=True, help_text=_("Age, appearance, where from.")
    )
    # Not encrypted: "about 30" identifies nobody, and it is all the label of an unnamed man
    # may have besides his description.
    approximate_age = models.PositiveSmallIntegerField(_("approximate age"), null=True, blank=True)

    class Meta:
        constraints = [
            # An empty value stays empty when encrypted (core.crypto), so this reads plainly.
            models.CheckConstraint(
                condition=~models.Q(name="") | ~models.Q(description=""),
                name="accused_named_or_described",
            ),
            models.CheckConstraint(
                condition=models.Q(approximate_age__isnull=True)
                | models.Q(approximate_age__gte=1, approximate_age__lte=110),
                name="accused_approximate_age_range",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def label_with(self, role: str = "") -> str:
        """His name; or, when it is not known, "Unknown (man, about 30, brothel keeper)"."""
        if self.name:
            return self.name
        parts = [self.description.strip()]
        if self.approximate_age:
            parts.append(str(_("about %(age)s") % {"age": self.approximate_age}))
        if role:
            parts.append(role)
        return str(_("Unknown (%(who)s)") % {"who": ", ".join(p for p in parts if p)})

    @property
    def label(self) -> str:
        return self.label_with()

    @property
    def audit_repr(self) -> str:
        # The audit log is plain text: it names the record, never the person.
        return f"accused #{self.pk}"


class AccusedKey(models.Model):
    """One blind index (an HMAC digest) of an accused person's name, an alias or his phone."""

    accused = models.ForeignKey(Accused, on_delete=models.CASCADE, related_name="keys")
    digest = models.CharField(max_length=64)

    class Meta:
        indexes = [
            # "already known by this name, alias or phone?" (justice.services.accused_matches)
            models.Index(fields=["digest"], name="accused_key_digest"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["accused", "digest"], name="accused_key_once")
        ]

    def __str__(self) -> str:
        return f"key of accused {self.accused_id}"


class SameAccused(TrackedModel):
    """Two accused records a user said are the same man (audited, as ``cases.SameSurvivor``):
    recorded apart (by two teams, or before matching across scripts), his history across cases
    is then one view. Kept once per pair, the lower id first."""

    accused = models.ForeignKey(Accused, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Accused, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["accused", "other"], name="same_accused_once"),
            models.CheckConstraint(
                condition=models.Q(accused__lt=models.F("other")), name="same_accused_ordered"
            ),
        ]
        indexes = [models.Index(fields=["other"], name="same_accused_other")]

    def __str__(self) -> str:
        return f"accused {self.accused_id} is accused {self.other_id}"

    @property
    def audit_repr(self) -> str:
        return f"accused records {self.accused_id} and {self.other_id}: same person"


class CaseAccused(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="accused_links")
    accused = models.ForeignKey(Accused, on_delete=models.PROTECT, related_name="case_links")
    role = models.CharField(_("role"), max_length=16, choices=AccusedRole.choices)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "accused"], name="case_accused_once")
        ]

    def __str__(self) -> str:
        return f"{self.accused} in {self.case_id}"

    @property
    def label(self) -> str:
        """His name, or "Unknown (man, about 30, brothel keeper)" with his role in this case."""
        role = "" if self.role == AccusedRole.OTHER else self.get_role_display().lower()
        return self.accused.label_with(role)

    @property
    def audit_repr(self) -> str:
        return f"accused #{self.accused_id} in case {self.case_id}"


class Arrest(TrackedModel):
    """The detail of an "arrest" event: who was arrested, by whom (where: the event's place)."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="arrest")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="arrests")
    accused = models.ForeignKey(Accused, on_delete=models.PROTECT, related_name="arrests")
    officer = models.ForeignKey(
        Official, verbose_name=_("arresting officer"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )  # fmt: skip

    def __str__(self) -> str:
        return f"Arrest of {self.accused}"

    @property
    def audit_repr(self) -> str:
        return f"Arrest of accused #{self.accused_id}"


class BailStatus(models.TextChoices):
    APPLIED = "applied", _("Bail applied for")
    GRANTED = "granted", _("Bail granted")
    REFUSED = "refused", _("Bail refused")
    CANCELLED = "cancelled", _("Bail cancelled")


class Bail(TrackedModel):
    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="bail")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="bails")
    accused = models.ForeignKey(Accused, on_delete=models.PROTECT, related_name="bails")
    status = models.CharField(_("bail"), max_length=16, choices=BailStatus.choices)

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.accused}"

    @property
    def audit_repr(self) -> str:
        return f"{self.get_status_display()}: accused #{self.accused_id}"


class EvidenceKind(models.TextChoices):
    REGISTER = "register", _("Register / ledger")
    PHONE = "phone", _("Phone")
    CASH = "cash", _("Cash")
    PHOTOS = "photos", _("Photographs")
    DOCUMENTS = "documents", _("Documents")
    OTHER = "other", _("Other")


class EvidenceItem(TrackedModel):
    """An item seized: the detail of an "evidence collected" event. It starts in the hands of
    whoever seized it; every hand-over after that is a Custody row."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="evidence")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=16, choices=EvidenceKind.choices)
    description = models.CharField(_("description"), max_length=300)
    seized_by_office = models.ForeignKey(
        Office, verbose_name=_("seized by (office)"), on_delete=models.PROTECT, related_name="+"
    )
    seized_by_official = models.ForeignKey(
        Official, verbose_name=_("seized by (official)"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )  # fmt: skip

    def __str__(self) -> str:
        return self.description


class CustodyKind(models.TextChoices):
    HANDOVER = "handover", _("Handed over")
    FOUND = "found", _("Found with someone it was not handed to")


class Custody(TrackedModel):
    """One link of the chain of custody: the item passed from one holder to the next."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="custody")
    kind = models.CharField(
        _("what happened"), max_length=16, choices=CustodyKind.choices, default="handover"
    )
    at = models.DateTimeField(_("when"))
    from_office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_official = models.ForeignKey(
        Official, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_office = models.ForeignKey(
        Office, verbose_name=_("to (office)"), on_delete=models.PROTECT, related_name="+"
    )
    to_official = models.ForeignKey(
        Official, verbose_name=_("to (official)"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name_plural = "custody"

    def __str__(self) -> str:
        return f"{self.item}: → {self.to_official or self.to_office}"


class Hearing(TrackedModel):
    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="hearing")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings")
    court = models.ForeignKey(
        Office, verbose_name=_("court"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)
    next_date = models.DateField(_("next date"), null=True, blank=True)

    def __str__(self) -> str:
        return f"Hearing: {self.purpose}"


class Support(models.TextChoices):
    COUNSELLOR = "counsellor", _("Counsellor present")
    IN_CAMERA = "in_camera", _("In camera")
    VIDEO = "video", _("Video link")
    INTERPRETER = "interpreter", _("Interpreter")
    SCREEN = "screen", _("Screened from the accused")
    SUPPORT_PERSON = "support_person", _("Support person")


class Testimony(TrackedModel):
    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="testimony")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="testimonies")
    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="testimonies")
    court = models.ForeignKey(
        Office, verbose_name=_("court"), on_delete=models.PROTECT, related_name="+"
    )
    support = models.JSONField(_("support given"), default=list, blank=True)

    @property
    def support_labels(self) -> list[str]:
        """The support given, in words ("In camera", not "in_camera")."""
        labels = dict(Support.choices)
        return [str(labels.get(code, code)) for code in self.support]

    def __str__(self) -> str:
        return f"Testimony of {self.survivor}"


class Judgement(TrackedModel):
    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="judgement")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="judgements")
    court = models.ForeignKey(
        Office, verbose_name=_("court"), on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Judgement of {self.court}"


class VerdictOutcome(models.TextChoices):
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")


class Verdict(models.Model):
    judgement = models.ForeignKey(Judgement, on_delete=models.CASCADE, related_name="verdicts")
    accused = models.ForeignKey(Accused, on_delete=models.PROTECT, related_name="verdicts")
    outcome = models.CharField(_("verdict"), max_length=16, choices=VerdictOutcome.choices)
    sentence = models.CharField(_("sentence"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["judgement", "accused"], name="verdict_once")
        ]

    def __str__(self) -> str:
        return f"{self.accused}: {self.get_outcome_display()}"

    @property
    def audit_repr(self) -> str:
        return f"accused #{self.accused_id}: {self.get_outcome_display()}"


class Compensation(TrackedModel):
    """Compensation awarded to a survivor (the detail of a "compensation" event), and its
    payment, which may come much later."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="compensation")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="compensations")
    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="compensations")
    awarded_by = models.CharField(
        _("awarded by"), max_length=200, help_text=_("Court or legal services authority.")
    )
    amount_awarded = models.PositiveIntegerField(_("amount awarded (₹)"))
    amount_paid = models.PositiveIntegerField(_("amount paid (₹)"), default=0)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_paid__lte=models.F("amount_awarded")),
                name="compensation_paid_at_most_awarded",
            )
        ]

    def __str__(self) -> str:
        return f"₹{self.amount_awarded} to {self.survivor}"
