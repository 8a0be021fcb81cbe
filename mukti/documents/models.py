from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mukti.cases.models import Case, Event
from mukti.core.crypto import EncryptedTextField
from mukti.core.models import TrackedModel
from mukti.documents.content import KIND_CHOICES


class Document(TrackedModel):
    """A file attached to a timeline entry, and through it to the care, justice or rescue record
    the entry carries (an arrest, a medical visit, a CWC order).

    The file itself is in the documents storage (``STORAGES["documents"]``) under ``blob``, a
    random name, encrypted with the field keys; its title and original name are encrypted here,
    since either may name a survivor. ``sha256`` (of the file as uploaded) is checked on every
    download and by backups.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    # An entry with documents cannot be removed until they are (they are evidence).
    event = models.ForeignKey(
        Event, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="documents"
    )
    title = EncryptedTextField(_("what it is"))
    filename = EncryptedTextField(_("file name"))
    content_type = models.CharField(_("kind"), max_length=100, choices=KIND_CHOICES)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    blob = models.CharField(max_length=100, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["case", "event"], name="document_case_event")]

    def __str__(self) -> str:
        return f"{self.case_id}: document {self.pk}"
