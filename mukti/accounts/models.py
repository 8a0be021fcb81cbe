from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of ``DOMAIN.md``. What each may do is decided in ``accounts.access`` only."""

    CASEWORKER = "caseworker", _("Caseworker")
    SUPERVISOR = "supervisor", _("Case supervisor")
    LEGAL_OFFICER = "legal_officer", _("Legal officer")
    AFTERCARE_OFFICER = "aftercare_officer", _("Aftercare officer")
    DATA_OFFICER = "data_officer", _("Data officer")
    ADMINISTRATOR = "administrator", _("Administrator")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    must_change_password = models.BooleanField(
        _("must change password at next login"), default=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by "sign out everywhere": every session signed with the old value stops working.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    # Set after repeated failed sign-ins (accounts.services.login_failure_record).
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="user_role_known"
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django signs each session with a hash of the password, so a password change ends every
        # other session. Adding the epoch lets "sign out everywhere" do the same without one.
        # (Overrides AbstractBaseUser's helper, which the fallback-secret variant also uses.)
        return salted_hmac(
            "mukti.accounts.User.session_auth_hash",
            f"{self.password}|{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def is_locked(self) -> bool:
        """Locked after failed sign-ins, until unlocked or MUKTI_LOGIN_LOCK_MINUTES pass."""
        if self.locked_at is None:
            return False
        minutes = settings.MUKTI_LOGIN_LOCK_MINUTES
        return minutes == 0 or timezone.now() < self.locked_at + timedelta(minutes=minutes)

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role in Role.values else ""


class LoginFailureKind(models.TextChoices):
    PASSWORD = "password", _("wrong password")
    CODE = "code", _("wrong two-factor code")


class LoginFailure(models.Model):
    """One failed sign-in, kept a short while to throttle guessing per account and per network."""

    username = models.CharField(max_length=150)  # as typed, lower-cased: it may name nobody
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField()
    kind = models.CharField(max_length=16, choices=LoginFailureKind.choices)

    class Meta:
        indexes = [
            # "how many failures for this username in the window" at every sign-in
            models.Index(fields=["username", "at"], name="loginfailure_username_at"),
            # "how many failures from this address in the window"
            models.Index(fields=["ip", "at"], name="loginfailure_ip_at"),
            # pruning rows older than the retention period
            models.Index(fields=["at"], name="loginfailure_at"),
        ]

    def __str__(self) -> str:
        return f"{self.username} from {self.ip} at {self.at:%Y-%m-%d %H:%M}"
