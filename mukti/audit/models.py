from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    READ = "read", _("read")
    REVEAL = "reveal", _("revealed protected identity")
    EXPORT = "export", _("exported")
    DOWNLOAD = "download", _("downloaded a document")
    LOGIN = "login", _("logged in")
    LOGIN_FAILED = "login_failed", _("failed to log in")
    LOGOUT = "logout", _("logged out")
    PASSWORD_CHANGE = "password_change", _("changed password")
    PASSWORD_RESET = "password_reset", _("reset password")
    LOCK = "lock", _("locked the account")
    UNLOCK = "unlock", _("unlocked the account")
    TWO_FACTOR_ENROL = "two_factor_enrol", _("set up two-factor sign-in")
    TWO_FACTOR_RESET = "two_factor_reset", _("reset two-factor sign-in")
    TWO_FACTOR_RESET_ASKED = "two_factor_reset_asked", _("asked to reset two-factor sign-in")
    PASSWORD_LINK = "password_link", _("sent a set-password link")
    RECOVERY_CODES = "recovery_codes", _("made new recovery codes")
    RECOVERY_CODE_USED = "recovery_code_used", _("signed in with a recovery code")
    SESSIONS_ENDED = "sessions_ended", _("signed out everywhere")
    BACKUP = "backup", _("made a backup")
    RESTORE = "restore", _("restored a backup")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("Audit records are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("Audit records are append-only")


class AuditRecord(models.Model):
    """One link of the hash chain. Written by ``audit.services.audit_record`` only."""

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # users are deactivated, never deleted: the chain names them
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=32, choices=AuditAction.choices)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AppendOnlyQuerySet.as_manager()
    # Set by the audit list for a record whose details its reader may not see (case content).
    withheld = False

    class Meta:
        ordering = ["-seq"]
        indexes = [
            # the audit page filtered to one object ("who touched this official")
            models.Index(fields=["object_type", "object_id", "seq"], name="audit_object_seq"),
            # the audit page filtered to one person's actions
            models.Index(fields=["actor", "seq"], name="audit_actor_seq"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.actor_label} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("Audit records are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("Audit records are append-only")

    def payload(self) -> dict[str, Any]:
        """The fields the hash covers, in a form that survives a database round trip."""
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "changes": self.changes,
            "reason": self.reason,
            "ip": self.ip,
        }


class AuditHead(models.Model):
    """The single row that holds the newest link, locked by every append.

    Locking it serialises appends, so two transactions can never chain onto the same predecessor,
    and it lets ``verify`` notice records removed from the end of the chain.
    """

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"audit head #{self.seq}"
