from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from tqdm import tqdm

from mukti.audit.models import AuditAction
from mukti.audit.services import audit_record
from mukti.core.crypto import EncryptedBinaryField, EncryptedTextField
from mukti.documents.models import Document
from mukti.documents.services import documents_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every protected value with the first key of MUKTI_FIELD_KEYS. Run it after "
        "putting a new key first; remove the old key only once it has finished. Safe to run "
        "while the application serves requests: each batch is its own short transaction."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model in apps.get_models():
            fields = [
                f.name
                for f in model._meta.concrete_fields
                if isinstance(f, EncryptedTextField | EncryptedBinaryField)
            ]
            if not fields:
                continue
            ids = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
            size = options["batch_size"]
            with tqdm(
                total=len(ids), desc=model._meta.label, disable=None, file=self.stderr
            ) as bar:
                for start in range(0, len(ids), size):
                    batch = ids[start : start + size]
                    with transaction.atomic():
                        # Reading decrypts with any key; saving encrypts with the newest.
                        for row in model._default_manager.select_for_update().filter(pk__in=batch):
                            row.save(update_fields=fields)
                    bar.update(len(batch))
            total += len(ids)
        # Attached documents are files in their storage, encrypted with the same keys.
        documents = Document.objects.count()
        with tqdm(total=documents, desc="documents", disable=None, file=self.stderr) as bar:
            total += documents_rotate(progress=bar.update)
        # Blind indexes (HMACs under a key derived from the newest field key) are rewritten by
        # the apps that keep them; lookups accept every key meanwhile (core.crypto).
        for config in apps.get_app_configs():
            rebuild = getattr(config, "rebuild_blind_indexes", None)
            if rebuild is not None:
                with transaction.atomic():
                    rebuild()
        with transaction.atomic():
            audit_record(
                actor=None,
                action=AuditAction.UPDATE,
                object_type="core.field_keys",
                object_repr="protected values re-encrypted with the newest key",
                changes={"rows": [None, total]},
            )
        self.stdout.write(f"Re-encrypted {total} rows with the newest key.")
