"""A draft read from a narrative: what the extractor proposed, as a caseworker corrects it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mukti.core.crypto import EncryptedJSONField, EncryptedTextField
from mukti.core.models import TrackedModel


class DraftStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONFIRMED = "confirmed", _("Confirmed")
    DISCARDED = "discarded", _("Discarded")


class Draft(TrackedModel):
    """Imports are drafts: nothing reaches a case until a person confirms it.

    The narrative names people, so it is stored encrypted; so is ``items``, the extraction
    (spans into the text, types, dates, the sentences each event was read from, the survivors'
    names as the narrative gives them, and the caseworker's corrections).
    """

    text = EncryptedTextField(_("narrative"))
    filename = models.CharField(_("file"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="intake_drafts",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=DraftStatus.choices, default=DraftStatus.OPEN
    )
    reference_date = models.DateField(_("reference date"), null=True, blank=True)
    items = EncryptedJSONField(_("extracted items"), default=dict, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="source_drafts",
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        indexes = [
            # "My open drafts", newest first: the intake list of a caseworker.
            models.Index(fields=["created_by", "status", "-created_at"], name="draft_owner_list"),
        ]

    def __str__(self) -> str:
        return _("Draft %(id)s") % {"id": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("intake:draft-detail", kwargs={"draft_id": self.pk})
