from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device

from mukti.accounts.models import (
    CASE_READING_ROLES,
    Authenticator,
    LoginFailure,
    LoginFailureKind,
    Organisation,
    RecoveryCode,
    RecoveryCodes,
    Role,
    TwoFactorResetRequest,
    User,
    recovery_code_digests,
    recovery_code_new,
    username_digest,
)
from mukti.audit.models import AuditAction
from mukti.audit.services import audit_record
from mukti.audit.tracked import tracked_update
from mukti.core.errors import ApplicationError


def one_time_password() -> str:
    return secrets.token_urlsafe(12)


def organisation_for_new_account(actor: User | None, given: Organisation | None) -> Organisation:
    """The organisation named, else the creating administrator's, else the only one there is
    (made, as "Our organisation", on a new instance)."""
    if given is not None:
        return given
    if actor is not None:
        return actor.organisation
    existing = list(Organisation.objects.order_by("pk")[:2])
    if len(existing) == 1:
        return existing[0]
    if not existing:
        return Organisation.objects.create(name="Our organisation")
    raise ApplicationError(
        _("This instance has several organisations: say which one the account belongs to."),
        field="organisation",
    )


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    organisation: Organisation | None = None,
) -> tuple[User, str]:
    """Create an account with a one-time password that must be changed at first login, in the
    organisation given, else the administrator's (see ``organisation_for_new_account``)."""
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(
            _("The username “%(name)s” is already taken. Choose another.") % {"name": username},
            field="username",
        )
    password = one_time_password()
    user = User(
        username=username,
        role=role,
        organisation=organisation_for_new_account(actor, organisation),
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        must_change_password=True,
        updated_by=actor,
    )
    user.set_password(password)
    user.full_clean()
    user.save(force_insert=True)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=user,
        changes={"username": [None, username], "role": [None, role]},
    )
    return user, password


def _active_administrators_other_than(user: User) -> int:
    # Each organisation keeps an administrator of its own.
    admins = User.objects.filter(
        role=Role.ADMINISTRATOR, is_active=True, organisation_id=user.organisation_id
    )
    return admins.exclude(pk=user.pk).count()


@transaction.atomic
def user_update(*, actor: User, user: User, expected_version: int | None, **values: Any) -> User:
    user = User.objects.get(pk=user.pk)  # a bound ModelForm has already changed the instance
    losing_admin = user.role == Role.ADMINISTRATOR and (
        values.get("role", user.role) != Role.ADMINISTRATOR or values.get("is_active") is False
    )
    if losing_admin and _active_administrators_other_than(user) == 0:
        raise ApplicationError(
            _(
                "%(name)s is the only active administrator. Make someone else an administrator "
                "first, or nobody will be able to manage users."
            )
            % {"name": user}
        )
    if user.pk == actor.pk and values.get("is_active") is False:
        raise ApplicationError(_("You cannot deactivate your own account."), field="is_active")
    # User has TrackedModel's version and updated_by but not its base class (AbstractUser's).
    return tracked_update(user, actor=actor, expected_version=expected_version, **values)  # type: ignore[type-var]


@transaction.atomic
def user_issue_password(*, actor: User | None, user: User) -> str:
    """Replace a user's password with a one-time one (forgotten password, first setup)."""
    password = one_time_password()
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.set_password(password)
    locked.must_change_password = True
    locked.version += 1
    locked.updated_by = actor
    locked.save(update_fields=["password", "must_change_password", "version", "updated_by"])
    audit_record(
        actor=actor,
        action=AuditAction.PASSWORD_RESET,
        obj=locked,
        reason=_("one-time password issued"),
    )
    return password


# --- Passwords only their owner sees ------------------------------------------------------------
#
# An administrator must not be able to read a password she issued: with it (and a second-factor
# reset) she could sign in as a supervisor and read every case. On the web, accounts get a
# set-password link e-mailed to their owner; only the server operator (`mukti account NAME
# --one-time-password`, `mukti demo`) is ever shown a password, on the server's console.


def _password_link(user: User, base_url: str) -> str:
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    path = reverse(
        "accounts:password-reset-confirm",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    return base_url.rstrip("/") + path


def _password_link_mail(user: User, link: str, *, new: bool) -> None:
    with user.speaking():
        _password_link_mail_write(user, link, new=new)


def _password_link_mail_write(user: User, link: str, *, new: bool) -> None:
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    opening = (
        _("An account on Mukti has been made for you, with the username %(username)s.")
        if new
        else _("Your administrator sent you a link to choose a new Mukti password.")
    ) % {"username": user.username}
    body = _(
        "Hello %(name)s,\n\n%(opening)s Choose your password here (the link works once, "
        "within %(hours)d hours):\n\n%(link)s\n\n"
        "Then sign in and set up two-factor sign-in with an authenticator app on your phone.\n"
    ) % {"name": user, "opening": opening, "link": link, "hours": hours}
    send_mail(_("Choose your Mukti password"), body, None, [user.email])


def _require_email(user_email: str) -> None:
    if not user_email:
        raise ApplicationError(
            _(
                "Give an e-mail address: the link to choose a password is sent there, so that "
                "nobody else, you included, sees it. Without one, ask whoever runs the server "
                "to issue a one-time password (mukti account NAME --one-time-password)."
            ),
            field="email",
        )


@transaction.atomic
def user_invite(
    *, actor: User, base_url: str, username: str, role: str, email: str, **values: Any
) -> User:
    """Create an account whose owner chooses her password through an e-mailed link."""
    _require_email(email)
    user, _unseen = user_create(actor=actor, username=username, role=role, email=email, **values)
    link = _password_link(user, base_url)
    audit_record(
        actor=actor,
        action=AuditAction.PASSWORD_LINK,
        obj=user,
        reason=_("to %(email)s") % {"email": email},
    )
    transaction.on_commit(lambda: _password_link_mail(user, link, new=True))
    return user


@transaction.atomic
def user_send_password_link(*, actor: User, user: User, base_url: str) -> User:
    """A forgotten password: the owner gets a link to choose a new one (the old one still works
    until she does)."""
    _require_email(user.email)
    link = _password_link(user, base_url)
    audit_record(
        actor=actor,
        action=AuditAction.PASSWORD_LINK,
        obj=user,
        reason=_("to %(email)s") % {"email": user.email},
    )
    transaction.on_commit(lambda: _password_link_mail(user, link, new=False))
    return user


@transaction.atomic
def user_set_password(
    *, user: User, password: str, action: AuditAction = AuditAction.PASSWORD_CHANGE
) -> User:
    """The user chose a new password (change form or emailed reset link)."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages), field="new_password2") from None
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.set_password(password)
    locked.must_change_password = False
    locked.version += 1
    locked.save(update_fields=["password", "must_change_password", "version"])
    audit_record(actor=locked, action=action, obj=locked)
    return locked


# --- Sign-in throttling and lockout (ASVS 2.2.1) ------------------------------------------------


def _window_start() -> Any:
    return timezone.now() - timedelta(minutes=settings.MUKTI_LOGIN_WINDOW_MINUTES)


def login_refusal(*, username: str, ip: str | None) -> str | None:
    """Why a sign-in must be refused before its password is even checked, or None.

    Everything here is decided from the keyed hash of the name typed, the same way whether it
    names an account or nobody, so neither the answer nor its timing tells a guesser which
    accounts exist.
    """
    since = _window_start()
    if (
        ip
        and (
            LoginFailure.objects.filter(ip=ip, at__gte=since).exclude(kind=LoginFailureKind.LOCK)
        ).count()
        >= settings.MUKTI_LOGIN_IP_LIMIT
    ):
        return _(
            "Too many failed sign-ins from this network. Wait %(minutes)d minutes and try again."
        ) % {"minutes": settings.MUKTI_LOGIN_WINDOW_MINUTES}
    digest = username_digest(username)
    if _account_locked(digest):
        return account_locked_message()
    if _pair_locked(digest, ip):
        return pair_locked_message()
    return None


def account_locked_message() -> str:
    return _(
        "This account is locked after too many failed sign-ins. If it has an e-mail address, a "
        "link to unlock it has been sent there. Or ask your administrator to unlock it, or wait "
        "and try again later."
    )


def pair_locked_message() -> str:
    return _(
        "Too many failed sign-ins to this account from your network. Wait %(minutes)d minutes "
        "and try again, sign in from another network, or ask your administrator to unlock it."
    ) % {"minutes": settings.MUKTI_LOGIN_WINDOW_MINUTES}


def _failures(digest: str) -> Any:
    return LoginFailure.objects.filter(username=digest, at__gte=_window_start()).exclude(
        kind=LoginFailureKind.LOCK
    )


def _account_locked(digest: str) -> bool:
    locks = LoginFailure.objects.filter(username=digest, kind=LoginFailureKind.LOCK)
    minutes = settings.MUKTI_LOGIN_LOCK_MINUTES
    if minutes:
        locks = locks.filter(at__gte=timezone.now() - timedelta(minutes=minutes))
    return locks.exists()


def _pair_locked(digest: str, ip: str | None) -> bool:
    # Failures from one address lock the name for that address only: one person guessing, or
    # someone who wants a caseworker locked out during a rescue, cannot lock her out elsewhere.
    return _failures(digest).filter(ip=ip).count() >= settings.MUKTI_LOGIN_LOCK_AFTER


def _prune(now: Any) -> None:
    # Failures are kept only as long as they can matter, with a day's margin for inquiries;
    # lock marks as long as the lock lasts.
    LoginFailure.objects.filter(at__lt=now - timedelta(days=1)).exclude(
        kind=LoginFailureKind.LOCK
    ).delete()
    minutes = settings.MUKTI_LOGIN_LOCK_MINUTES
    if minutes:
        LoginFailure.objects.filter(
            kind=LoginFailureKind.LOCK, at__lt=now - timedelta(minutes=max(minutes, 24 * 60))
        ).delete()


@transaction.atomic
def login_failure_record(
    *,
    username: str,
    ip: str | None,
    kind: str = LoginFailureKind.PASSWORD,
    unlock_base_url: str = "",
) -> bool:
    """Count a failed sign-in; True if the name is now refused (from this address, or at all).

    The whole account locks only after failures from MUKTI_LOGIN_LOCK_ADDRESSES addresses, or
    after wrong two-factor codes (whoever types those knows the password). Its owner is then
    e-mailed a link that unlocks it (``unlock_base_url`` is the site's address).
    """
    name = username.strip().lower()[:150]
    digest = username_digest(name)
    now = timezone.now()
    _prune(now)
    LoginFailure.objects.create(username=digest, ip=ip, at=now, kind=kind)
    # Lock the row: two wrong guesses at once must not both decide "not yet locked".
    user = User.objects.select_for_update().filter(username__iexact=name).first()
    if _account_locked(digest):
        return True
    failures = _failures(digest)
    count = failures.count()
    addresses = failures.values("ip").distinct().count()
    codes = failures.filter(kind=LoginFailureKind.CODE).count()
    enough = count >= settings.MUKTI_LOGIN_LOCK_AFTER
    if not (
        enough
        and (
            addresses >= settings.MUKTI_LOGIN_LOCK_ADDRESSES
            or codes >= settings.MUKTI_LOGIN_LOCK_AFTER
        )
    ):
        return _pair_locked(digest, ip)
    LoginFailure.objects.create(username=digest, ip=None, at=now, kind=LoginFailureKind.LOCK)
    if user is not None:
        user.locked_at = now
        user.save(update_fields=["locked_at"])
        audit_record(
            actor=None,
            action=AuditAction.LOCK,
            obj=user,
            reason=_(
                "%(count)d failed sign-ins from %(addresses)d network addresses in %(minutes)d "
                "minutes"
            )
            % {
                "count": count,
                "addresses": addresses,
                "minutes": settings.MUKTI_LOGIN_WINDOW_MINUTES,
            },
            ip=ip,
        )
        if user.email and unlock_base_url:
            link = unlock_base_url.rstrip("/") + reverse(
                "accounts:unlock", args=[unlock_token(user)]
            )
            transaction.on_commit(lambda: _unlock_mail_send(user, link))
    return True


UNLOCK_SALT = "mukti.accounts.unlock"


def unlock_token(user: User) -> str:
    """Signed, and valid for this lock only: once unlocked (or locked anew) it opens nothing."""
    assert user.locked_at is not None  # only a locked account is sent one
    return signing.dumps({"u": user.pk, "at": user.locked_at.isoformat()}, salt=UNLOCK_SALT)


def _unlock_mail_send(user: User, link: str) -> None:
    with user.speaking():
        _unlock_mail_write(user, link)


def _unlock_mail_write(user: User, link: str) -> None:
    hours = settings.MUKTI_UNLOCK_LINK_HOURS
    body = _(
        "Hello %(name)s,\n\n"
        "Your Mukti account was locked after failed sign-ins from several places. If that was "
        "you, or you want to sign in now, open this link within %(hours)d hours to unlock it "
        "(it works once):\n\n%(link)s\n\n"
        "If it was not you, someone may be guessing your password: tell your administrator.\n"
    ) % {"name": user, "link": link, "hours": hours}
    send_mail(_("Your Mukti account is locked"), body, None, [user.email])


@transaction.atomic
def user_unlock_with_link(*, token: str, ip: str | None = None) -> User:
    """The owner's e-mailed link: unlocks the lock it was made for, once, within its hours."""
    refused = ApplicationError(
        _(
            "This unlock link has been used already, is out of date or is not complete. "
            "If your account is still locked, wait and try again, or ask your administrator."
        )
    )
    try:
        data = signing.loads(
            token, salt=UNLOCK_SALT, max_age=settings.MUKTI_UNLOCK_LINK_HOURS * 3600
        )
    except signing.BadSignature:
        raise refused from None
    user = User.objects.select_for_update().filter(pk=data.get("u")).first()
    if user is None or user.locked_at is None or user.locked_at.isoformat() != data.get("at"):
        raise refused
    return user_unlock(actor=None, user=user, reason=_("with the link e-mailed to the account"))


@transaction.atomic
def login_success_record(*, user: User, ip: str | None = None) -> None:
    """A full sign-in (password and the second factor): this address's slate is clean.

    Failures from other addresses stay counted: signing in must not reset a guesser elsewhere.
    """
    LoginFailure.objects.filter(username=username_digest(user.username), ip=ip).exclude(
        kind=LoginFailureKind.LOCK
    ).delete()
    if user.locked_at is not None and not user.is_locked:  # an expired lock
        User.objects.filter(pk=user.pk).update(locked_at=None)


@transaction.atomic
def user_unlock(*, actor: User | None, user: User, reason: str = "") -> User:
    locked = User.objects.select_for_update().get(pk=user.pk)
    digest = username_digest(locked.username)
    pair_locked = _failures(digest).count() >= settings.MUKTI_LOGIN_LOCK_AFTER
    if locked.locked_at is None and not pair_locked:
        raise ApplicationError(_("%(name)s is not locked.") % {"name": locked})
    locked.locked_at = None
    locked.save(update_fields=["locked_at"])
    LoginFailure.objects.filter(username=digest).delete()
    audit_record(actor=actor, action=AuditAction.UNLOCK, obj=locked, reason=reason)
    return locked


# --- Sessions ----------------------------------------------------------------------------------


@transaction.atomic
def user_end_sessions(*, actor: User | None, user: User, reason: str = "") -> User:
    """Sign the user out of every browser: sessions carry a hash of the epoch, which changes."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.session_epoch += 1
    locked.save(update_fields=["session_epoch"])
    audit_record(actor=actor, action=AuditAction.SESSIONS_ENDED, obj=locked, reason=reason)
    return locked


def language_set(*, user: User, language: str) -> User:
    """Her choice of language for the pages ("" follows the browser's)."""
    if language and language not in dict(settings.LANGUAGES):
        raise ApplicationError(_("Choose one of the languages offered."), field="language")
    user.language = language
    user.save(update_fields=["language"])
    return user


# --- Two-factor sign-in (TOTP, RFC 6238; ASVS 2.8) ---------------------------------------------


def two_factor_device(user: User) -> Authenticator | None:
    return Authenticator.objects.filter(user=user, confirmed=True).order_by("pk").first()


@transaction.atomic
def two_factor_start(*, user: User) -> Authenticator:
    """The authenticator secret being set up: kept while unconfirmed, so a reload shows the same."""
    pending = Authenticator.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if pending is None:
        pending = Authenticator.objects.create(user=user, name="authenticator", confirmed=False)
    return pending


def _recovery_codes_make(user: User) -> list[str]:
    """New codes replace the old. Only their keyed hashes are stored: shown once, then gone."""
    RecoveryCodes.objects.filter(user=user).delete()
    device = RecoveryCodes.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [recovery_code_new() for _ in range(settings.MUKTI_RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(device=device, digest=recovery_code_digests(code)[0]) for code in codes]
    )
    return codes


@transaction.atomic
def two_factor_confirm(*, user: User, code: str, ip: str | None = None) -> list[str]:
    """Confirm the authenticator with a code it shows; returns the new recovery codes."""
    device = Authenticator.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None:
        raise ApplicationError(_("Start the set-up again: this page was out of date."))
    if not device.verify_token(_digits(code)):
        raise ApplicationError(
            _(
                "That code is not the one your app shows now. Check the phone's clock is right "
                "and type the six digits shown at this moment."
            ),
            field="code",
        )
    Authenticator.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_make(user)
    audit_record(actor=user, action=AuditAction.TWO_FACTOR_ENROL, obj=user, ip=ip)
    return codes


def _digits(code: str) -> str:
    return "".join(code.split())


@transaction.atomic
def two_factor_verify(*, user: User, code: str, ip: str | None = None) -> Device | None:
    """The device a code is valid for (authenticator first, then a one-use recovery code)."""
    token = _digits(code)
    device = two_factor_device(user)
    if device is not None and token.isdigit() and device.verify_token(token):
        return device
    for recovery in RecoveryCodes.objects.filter(user=user, confirmed=True):
        if recovery.verify_token(code):  # a recovery code works once: it is deleted
            left = RecoveryCode.objects.filter(device=recovery).count()
            audit_record(
                actor=user,
                action=AuditAction.RECOVERY_CODE_USED,
                obj=user,
                reason=_("%(left)d recovery codes left") % {"left": left},
                ip=ip,
            )
            return recovery
    return None


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    codes = _recovery_codes_make(user)
    audit_record(actor=user, action=AuditAction.RECOVERY_CODES, obj=user)
    return codes


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(device__user=user).count()


@transaction.atomic
def two_factor_reset_request(
    *, actor: User, user: User, reason: str
) -> TwoFactorResetRequest | None:
    """An administrator's reset. For an account that reads cases it waits for the approval of a
    second administrator or a supervisor (``two_factor_reset_approve``); for any other it is
    done at once. Audited either way. Returns the request waiting, if any."""
    if user.role not in CASE_READING_ROLES:
        two_factor_reset(actor=actor, user=user, reason=reason)
        return None
    open_request = TwoFactorResetRequest.objects.filter(user=user, approved_at=None).first()
    if open_request is not None:
        raise ApplicationError(
            _("%(by)s already asked to reset %(name)s's two-factor sign-in; it waits for approval.")
            % {"by": open_request.requested_by, "name": user}
        )
    request = TwoFactorResetRequest.objects.create(
        user=user, requested_by=actor, requested_at=timezone.now(), reason=reason
    )
    audit_record(actor=actor, action=AuditAction.TWO_FACTOR_RESET_ASKED, obj=user, reason=reason)
    return request


@transaction.atomic
def two_factor_reset_approve(*, actor: User, reset_request: TwoFactorResetRequest) -> User:
    # Lock the request: two approvers pressing at once must reset once.
    request = TwoFactorResetRequest.objects.select_for_update().get(pk=reset_request.pk)
    if request.approved_at is not None:
        raise ApplicationError(_("This request was approved already."))
    if actor.pk in (request.requested_by_id, request.user_id):
        raise ApplicationError(
            _(
                "Someone else must approve: a second administrator or a supervisor, not the "
                "person who asked nor the one whose sign-in it is."
            )
        )
    if actor.role not in (Role.ADMINISTRATOR, Role.SUPERVISOR):
        raise ApplicationError(_("Only an administrator or a supervisor can approve this."))
    request.approved_by, request.approved_at = actor, timezone.now()
    request.save(update_fields=["approved_by", "approved_at"])
    return two_factor_reset(
        actor=actor,
        user=request.user,
        reason=_("asked by %(by)s (%(reason)s), approved by %(approver)s")
        % {"by": request.requested_by, "reason": request.reason, "approver": actor},
    )


@transaction.atomic
def two_factor_reset(*, actor: User | None, user: User, reason: str = "") -> User:
    """A lost phone: remove the authenticator and codes; they set it up again at next sign-in.

    Every session ends too: one verified with the lost phone must not outlive it.
    """
    Authenticator.objects.filter(user=user).delete()
    RecoveryCodes.objects.filter(user=user).delete()
    audit_record(actor=actor, action=AuditAction.TWO_FACTOR_RESET, obj=user, reason=reason)
    return user_end_sessions(actor=actor, user=user, reason=_("two-factor sign-in reset"))
