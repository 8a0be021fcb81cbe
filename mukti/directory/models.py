"""The outside world, shared across cases: jurisdictions, offices and the officials in them."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mukti.core.models import TrackedModel, coordinate_constraints


class JurisdictionKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    STATE = "state", _("State / division")
    DISTRICT = "district", _("District")
    POLICE_DISTRICT = "police_district", _("Police district")
    COMMISSIONERATE = "commissionerate", _("Police commissionerate")
    SUBDIVISION = "subdivision", _("Sub-division")
    POLICE_STATION = "police_station", _("Police station area")
    OUTPOST = "outpost", _("Outpost area")


K = JurisdictionKind
# Which kind of jurisdiction may contain which (None: at the top of the tree).
JURISDICTION_PARENTS: dict[str, frozenset[str | None]] = {
    K.COUNTRY: frozenset({None}),
    K.STATE: frozenset({K.COUNTRY}),
    K.DISTRICT: frozenset({K.STATE}),
    K.POLICE_DISTRICT: frozenset({K.DISTRICT}),
    # Kolkata Police is a commissionerate directly under the state; Barrackpore sits in a district.
    K.COMMISSIONERATE: frozenset({K.STATE, K.DISTRICT}),
    K.SUBDIVISION: frozenset({K.DISTRICT, K.POLICE_DISTRICT, K.COMMISSIONERATE}),
    K.POLICE_STATION: frozenset({K.DISTRICT, K.POLICE_DISTRICT, K.COMMISSIONERATE, K.SUBDIVISION}),
    K.OUTPOST: frozenset({K.POLICE_STATION}),
}


class Jurisdiction(TrackedModel):
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=32, choices=JurisdictionKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField(_("official code"), max_length=32, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("jurisdiction")
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="jurisdiction_unique_in_parent"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(parent__isnull=True),
                name="jurisdiction_unique_at_top",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=JurisdictionKind.values), name="jurisdiction_kind_known"
            ),
            *coordinate_constraints("jurisdiction"),
        ]
        # The parent foreign key's own index serves the tree page's "children of" lookups.

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:jurisdiction-detail", args=[self.pk])


class OfficeKind(models.TextChoices):
    POLICE_STATION = "police_station", _("Police station")
    OUTPOST = "outpost", _("Police outpost / investigation centre")
    SDPO_OFFICE = "sdpo_office", _("Sub-divisional police office")
    DISTRICT_POLICE_HQ = "district_police_hq", _("District police headquarters")
    COMMISSIONERATE_HQ = "commissionerate_hq", _("Commissionerate headquarters")
    AHTU = "ahtu", _("Anti Human Trafficking Unit")
    STATE_CID = "state_cid", _("State CID")
    CWC = "cwc", _("Child Welfare Committee")
    DCPU = "dcpu", _("District Child Protection Unit")
    COURT = "court", _("Court")
    HOSPITAL = "hospital", _("Hospital")
    SHELTER_HOME = "shelter_home", _("Shelter home")
    MISSION = "mission", _("Embassy / high commission")
    NGO = "ngo", _("NGO")
    OTHER = "other", _("Other")


OK = OfficeKind
# Offices of the police: what an NGO tells one of them, the police have received (POCSO s.19,
# BNSS s.184 run from then).
POLICE_OFFICES = frozenset(
    {
        OK.POLICE_STATION, OK.OUTPOST, OK.SDPO_OFFICE, OK.DISTRICT_POLICE_HQ,
        OK.COMMISSIONERATE_HQ, OK.AHTU, OK.STATE_CID,
    }
)  # fmt: skip
POLICE_AREAS = frozenset({K.DISTRICT, K.POLICE_DISTRICT, K.COMMISSIONERATE})
# The jurisdiction kinds an office of each kind may serve (missing: any kind).
OFFICE_JURISDICTIONS: dict[str, frozenset[str]] = {
    OK.POLICE_STATION: frozenset({K.POLICE_STATION}),
    OK.OUTPOST: frozenset({K.OUTPOST}),
    OK.SDPO_OFFICE: frozenset({K.SUBDIVISION}),
    OK.DISTRICT_POLICE_HQ: frozenset({K.DISTRICT, K.POLICE_DISTRICT}),
    OK.COMMISSIONERATE_HQ: frozenset({K.COMMISSIONERATE}),
    OK.AHTU: POLICE_AREAS,
    OK.STATE_CID: frozenset({K.STATE}),
    OK.CWC: frozenset({K.DISTRICT}),
    OK.DCPU: frozenset({K.DISTRICT}),
}
# Which kind of office an office of each kind may report to (missing: any; empty: none).
OFFICE_PARENTS: dict[str, frozenset[str]] = {
    OK.OUTPOST: frozenset({OK.POLICE_STATION}),
    OK.POLICE_STATION: frozenset({OK.SDPO_OFFICE, OK.DISTRICT_POLICE_HQ, OK.COMMISSIONERATE_HQ}),
    OK.SDPO_OFFICE: frozenset({OK.DISTRICT_POLICE_HQ, OK.COMMISSIONERATE_HQ}),
    OK.AHTU: frozenset({OK.DISTRICT_POLICE_HQ, OK.COMMISSIONERATE_HQ, OK.STATE_CID}),
    OK.DISTRICT_POLICE_HQ: frozenset(),
    OK.COMMISSIONERATE_HQ: frozenset(),
    OK.STATE_CID: frozenset(),
    OK.CWC: frozenset(),
    OK.DCPU: frozenset(),
    OK.COURT: frozenset(),
    OK.HOSPITAL: frozenset(),
    OK.SHELTER_HOME: frozenset(),
    OK.MISSION: frozenset(),
}


class Office(TrackedModel):
    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=32, choices=OfficeKind.choices)
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        related_name="offices",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subordinates",
    )
    address = models.TextField(_("address"), blank=True)
    phones = models.JSONField(_("phones"), default=list, blank=True)
    email = models.EmailField(_("email"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity (beds)"), null=True, blank=True, help_text=_("For shelter homes and hospitals.")
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("office")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="office_unique_in_area"),
            models.CheckConstraint(
                condition=models.Q(kind__in=OfficeKind.values), name="office_kind_known"
            ),
        ]
        indexes = [
            # the office list filtered by kind ("all shelter homes"), ordered by name
            models.Index(fields=["kind", "name"], name="office_kind_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:office-detail", args=[self.pk])


class Rank(models.TextChoices):
    DGP = "dgp", _("Director General of Police (DGP)")
    ADGP = "adgp", _("Additional Director General of Police (ADGP)")
    IGP = "igp", _("Inspector General of Police (IGP)")
    DIG = "dig", _("Deputy Inspector General of Police (DIG)")
    CP = "cp", _("Commissioner of Police (CP)")
    DCP = "dcp", _("Deputy Commissioner of Police (DCP)")
    ACP = "acp", _("Assistant Commissioner of Police (ACP)")
    SSP = "ssp", _("Senior Superintendent of Police (SSP)")
    SP = "sp", _("Superintendent of Police (SP)")
    ADDL_SP = "addl_sp", _("Additional Superintendent of Police (Addl. SP)")
    DSP = "dsp", _("Deputy Superintendent of Police (DSP)")
    INSPECTOR = "inspector", _("Inspector of Police")
    SI = "si", _("Sub-Inspector (SI)")
    ASI = "asi", _("Assistant Sub-Inspector (ASI)")
    CONSTABLE = "constable", _("Constable")
    MAGISTRATE = "magistrate", _("Magistrate")
    CWC_CHAIR = "cwc_chair", _("CWC chairperson")
    CWC_MEMBER = "cwc_member", _("CWC member")
    MEDICAL_OFFICER = "medical_officer", _("Medical officer")
    HOME_SUPERINTENDENT = "home_superintendent", _("Superintendent of a home")
    CONSULAR_OFFICER = "consular_officer", _("Consular officer")
    PROGRAMME_OFFICER = "programme_officer", _("Programme officer")
    OTHER = "other", _("Other")


# Short forms used in escalation chains ("SP Basirhat", "OC Rajbari Outpost").
RANK_ABBREVIATIONS: dict[str, str] = {
    Rank.DGP: "DGP",
    Rank.ADGP: "ADGP",
    Rank.IGP: "IGP",
    Rank.DIG: "DIG",
    Rank.CP: "CP",
    Rank.DCP: "DCP",
    Rank.ACP: "ACP",
    Rank.SSP: "SSP",
    Rank.SP: "SP",
    Rank.ADDL_SP: "Addl. SP",
    Rank.DSP: "DSP",
    Rank.INSPECTOR: "Insp.",
    Rank.SI: "SI",
    Rank.ASI: "ASI",
}


class Official(TrackedModel):
    name = models.CharField(_("name"), max_length=160)
    rank = models.CharField(_("rank"), max_length=32, choices=Rank.choices)
    designation = models.CharField(
        _("post"),
        max_length=160,
        blank=True,
        help_text=_("The post held, e.g. Officer-in-Charge, SDPO, Chairperson."),
    )
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="officials"
    )
    phones = models.JSONField(_("phones"), default=list, blank=True)
    email = models.EmailField(_("email"), blank=True)
    tenure_start = models.DateField(_("in post since"), null=True, blank=True)
    tenure_end = models.DateField(_("in post until"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("official")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tenure_start__isnull=True)
                | models.Q(tenure_end__isnull=True)
                | models.Q(tenure_end__gte=models.F("tenure_start")),
                name="official_tenure_ordered",
                violation_error_message=_("The end of the tenure cannot be before its start."),
            ),
            models.CheckConstraint(
                condition=models.Q(rank__in=Rank.values), name="official_rank_known"
            ),
        ]
        indexes = [
            # the office page lists its officials, current first
            models.Index(fields=["office", "tenure_end"], name="official_office_tenure"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:official-detail", args=[self.pk])

    @property
    def title(self) -> str:
        """How field teams name the post: "OC, Rajbari Outpost"."""
        post = self.designation or RANK_ABBREVIATIONS.get(self.rank, self.get_rank_display())
        return f"{post}, {self.office.name}"

    @property
    def is_current(self) -> bool:
        return self.tenure_end is None or self.tenure_end >= timezone.localdate()
