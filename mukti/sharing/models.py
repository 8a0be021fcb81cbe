"""Stories and referral packets: what leaves the organisation about one case."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mukti.cases.models import Case, Survivor
from mukti.core.crypto import EncryptedTextField
from mukti.core.models import TrackedModel
from mukti.directory.models import Office
from mukti.rescue.models import Engagement


class StoryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft: waiting for a supervisor's approval")
    APPROVED = "approved", _("Approved")


class Story(TrackedModel):
    """A survivor's story for sharing (campaigns, donors, training), under her pseudonym, with
    no place finer than the district, no date finer than the month and no one's name: drafted
    from the timeline, edited by a caseworker, approved by a supervisor, downloadable only while
    her story consent is in force."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="stories")
    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="+")
    # Pseudonymised, but a life story all the same: encrypted at rest.
    text = EncryptedTextField(_("story"))
    status = models.CharField(
        _("status"), max_length=12, choices=StoryStatus.choices, default=StoryStatus.DRAFT
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return f"story {self.pk} of {self.survivor.pseudonym}"


class PacketAnswer(models.TextChoices):
    NONE = "", _("Not answered")
    ACCEPTED = "accepted", _("Accepted: we will act")
    FIR = "fir", _("FIR registered")
    DECLINED = "declined", _("Declined")


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Her consent to share her data with the recipient")
    DUTY = "duty", _("Reporting to an authority that must act (legal duty)")


class Packet(TrackedModel):
    """A redacted, purpose-limited referral packet about one survivor, opened through a link
    (its token stored hashed) and a code sent apart (stored hashed), until it expires or is
    revoked. What it shows is fixed when it is made; her identity only if the sender included
    it, with a reason."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="packets")
    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="+")
    engagement = models.ForeignKey(
        Engagement,
        verbose_name=_("escalation hop"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="packets",
    )
    office = models.ForeignKey(
        Office, verbose_name=_("sent to"), on_delete=models.PROTECT, related_name="+"
    )
    basis = models.CharField(_("legal basis"), max_length=12, choices=LegalBasis.choices)
    ask = models.TextField(_("what is asked"))
    needed_by = models.DateTimeField(_("needed by"))
    # What the recipient reads, composed when the packet is made (encrypted: it says where she
    # is held, and may name her).
    content = EncryptedTextField(_("what the packet shows"))
    identity_included = models.BooleanField(default=False)
    identity_reason = models.TextField(blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=200)
    expires_at = models.DateTimeField(_("link expires"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    wrong_codes = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.CharField(
        _("their answer"), max_length=12, choices=PacketAnswer.choices, blank=True
    )
    answer_note = models.TextField(_("their note or reason"), blank=True)
    fir_number = models.CharField(_("FIR number"), max_length=40, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"packet {self.pk} to {self.office.name}"


class PacketOpening(models.Model):
    """Each time the packet's content was shown (after the right code), and from where."""

    packet = models.ForeignKey(Packet, on_delete=models.CASCADE, related_name="openings")
    at = models.DateTimeField(auto_now_add=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"opening of packet {self.packet_id}"


class LinkFailure(models.Model):
    """A request for a link that is not valid, or a wrong code: counted per network address to
    slow a guesser (the packet's own count locks it after ten wrong codes)."""

    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # the rate limit: failures from one address in the last minutes
        indexes = [models.Index(fields=["ip", "at"], name="sharing_failure_ip_at")]

    def __str__(self) -> str:
        return f"failure from {self.ip}"
