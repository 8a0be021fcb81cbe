from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mukti.accounts.models import Organisation
from mukti.cases.models import Case, Survivor
from mukti.core.models import TrackedModel


class Section(models.TextChoices):
    SUMMARY = "summary", _("The case: title, summary, countries, kind of exploitation")
    SURVIVORS = "survivors", _("The survivors referred: pseudonym, gender, age, nationality")
    TIMELINE = "timeline", _("Timeline: the rescue phase and general entries")
    CARE = "care", _("Care entries: medical care, shelter, services, repatriation")
    JUSTICE = "justice", _("Justice entries: FIR, arrests, evidence, court")


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for their answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Referral(TrackedModel):
    """A case (or some of its survivors) referred to another organisation on this instance.

    The partner sees nothing until it accepts; then, read live from the referring case, only
    the sections chosen, about the survivors referred, each of whom consented to her data being
    shared with that partner. Accepting opens the partner's own case for its work.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals")
    to_organisation = models.ForeignKey(
        Organisation, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="+"
    )
    survivors = models.ManyToManyField(Survivor, verbose_name=_("survivors"), related_name="+")
    sections = models.JSONField(_("what is shared"), default=list)
    purpose = models.TextField(_("what we ask of them"))
    status = models.CharField(
        _("status"), max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.PENDING
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_note = models.TextField(_("their reason or note"), blank=True)
    # The partner's own case, opened when it accepted.
    partner_case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="referred_from"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["to_organisation", "status"], name="referral_partner")]

    def __str__(self) -> str:
        return f"referral {self.pk} of {self.case_id}"

    def section_labels(self) -> list[str]:
        labels = dict(Section.choices)
        return [str(labels[s]) for s in self.sections if s in labels]
