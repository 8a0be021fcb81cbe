from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from mukti.core.crypto import EncryptedTextField


class Role(models.TextChoices):
    """The roles of ``DOMAIN.md``. What each may do is decided in ``accounts.access`` only."""

    CASEWORKER = "caseworker", _("Caseworker")
    SUPERVISOR = "supervisor", _("Case supervisor")
    LEGAL_OFFICER = "legal_officer", _("Legal officer")
    AFTERCARE_OFFICER = "aftercare_officer", _("Aftercare officer")
    DATA_OFFICER = "data_officer", _("Data officer")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles whose accounts read case content (survivors, timelines): taking one over is taking the
# cases, so an administrator alone may not reset its second factor (accounts.services).
CASE_READING_ROLES = frozenset(
    {Role.CASEWORKER, Role.SUPERVISOR, Role.LEGAL_OFFICER, Role.AFTERCARE_OFFICER}
)


class Organisation(models.Model):
    """An NGO (or a police unit) using this instance. It owns its people, and through them its
    cases, drafts, alerts and audit view; the directory of offices and officials is shared.
    Nobody sees anything of another organisation's (cases/access.py)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="users"
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Left empty, the pages follow your browser's language."),
    )
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
    # Set on request.user by django-otp's OTPMiddleware: signed in with a second factor.
    is_verified: Callable[[], bool]

    class Meta:
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="user_role_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name_of(self.first_name, self.last_name, self.username)

    @staticmethod
    def name_of(first_name: str, last_name: str, username: str) -> str:
        """How a person is named on every page: her full name (Django's ``get_full_name``),
        else her username; for lists read as values, without a User object."""
        return f"{first_name} {last_name}".strip() or username

    def speaking(self) -> translation.override:
        """Her language, for what is written to her outside a page (e-mails): the one she chose,
        else the site's."""
        return translation.override(self.language or settings.LANGUAGE_CODE)

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
        return str(Role(self.role).label) if self.role in Role.values else ""


class LoginFailureKind(models.TextChoices):
    PASSWORD = "password", _("wrong password")
    CODE = "code", _("wrong two-factor code")
    # Not a failure: the moment the name was locked. Kept for real and unknown names alike, so
    # a lock lasts as long, and is answered the same way, whether or not the account exists.
    LOCK = "lock", _("locked")


def username_digest(typed: str) -> str:
    """A keyed hash of a typed username: what failed sign-ins are counted and audited by, since
    the text itself may be a password typed into the wrong box."""
    from mukti.audit.services import keyed_digest

    return keyed_digest("username", typed.strip().lower()[:150])


class LoginFailure(models.Model):
    """One failed sign-in, kept a short while to throttle guessing per account and per network."""

    # A keyed hash of the name as typed (username_digest): it may name nobody, or be a password.
    username = models.CharField(max_length=64)
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


# --- Second factors (django-otp devices) ---------------------------------------------------------


def new_totp_key() -> str:
    return random_hex(20)  # 160 bits, as RFC 4226 recommends


class Authenticator(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app (TOTP, RFC 6238): django-otp's TOTPDevice, with its key encrypted.

    The key is encrypted at rest with MUKTI_FIELD_KEYS (ASVS 2.8.2, 6.4.1), so a copy of the
    database alone cannot mint codes. Verifying a code is TOTPDevice's own code, borrowed
    unchanged: one implementation of RFC 6238, with its replay guard (``last_t``).
    """

    key = EncryptedTextField(default=new_totp_key, editable=False)
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)

    # Borrowed, not inherited (TOTPDevice would bring its own table): mypy would tie them to
    # TOTPDevice, so they are typed as this class's own.
    bin_key: bytes = cast(Any, TOTPDevice.bin_key)  # a property
    verify_token = cast("Callable[[Authenticator, str], bool]", TOTPDevice.verify_token)
    config_url: str = cast(Any, TOTPDevice.config_url)  # a property
    _read_str_from_settings = TOTPDevice._read_str_from_settings

    class Meta(Device.Meta):
        verbose_name = _("authenticator app")

    def get_throttle_factor(self) -> int:
        return settings.OTP_TOTP_THROTTLE_FACTOR


# Crockford's base32: no i, l, o or u, so a code read aloud or copied by hand survives.
RECOVERY_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
RECOVERY_LENGTH = 16  # 16 characters of 5 bits: 80 bits (ASVS 2.6.2 asks for at least 64)


def recovery_code_new() -> str:
    code = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
    return "-".join(code[i : i + 4] for i in range(0, RECOVERY_LENGTH, 4))


def recovery_code_normal(typed: str) -> str:
    """What a person typed, as the code was made: case, spaces, dashes and look-alikes ignored."""
    text = "".join(ch for ch in typed.lower() if ch not in " -\t")
    return text.translate(str.maketrans("oil", "011"))


def recovery_code_digests(typed: str) -> list[str]:
    """HMAC-SHA256 of the code under SECRET_KEY (and each SECRET_KEY_FALLBACKS key, so a
    rotated secret does not void the codes people keep on paper)."""
    normal = recovery_code_normal(typed)
    return [
        salted_hmac(
            "mukti.accounts.recovery_code", normal, secret=key, algorithm="sha256"
        ).hexdigest()
        for key in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    ]


class RecoveryCodes(Device):
    """A person's set of one-use recovery codes, stored only as keyed hashes (ASVS 2.6.2)."""

    class Meta(Device.Meta):
        verbose_name = _("recovery codes")

    def verify_token(self, token: str) -> bool:
        # Each code works once: the matching row is deleted in the caller's transaction.
        deleted, _ = RecoveryCode.objects.filter(
            device=self, digest__in=recovery_code_digests(token)
        ).delete()
        return deleted > 0


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodes, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [
            # the code step looks a code up by its digest
            models.UniqueConstraint(fields=["device", "digest"], name="recoverycode_unique"),
        ]

    def __str__(self) -> str:
        return f"recovery code of {self.device.user_id}"


class TwoFactorResetRequest(models.Model):
    """An administrator asked to reset the second factor of a case-reading account; a second
    administrator or a supervisor must approve it before anything changes."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    reason = models.CharField(max_length=500)
    approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            # one open request per account: a second would only confuse the approver
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(approved_at__isnull=True),
                name="twofactorresetrequest_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"reset two-factor of {self.user} asked by {self.requested_by}"
