"""Personal API tokens: made, used and revoked, each audited in the same transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, require
from mukti.accounts.models import User
from mukti.api.models import ApiToken
from mukti.audit.models import AuditAction, AuditRecord
from mukti.audit.services import audit_record
from mukti.core.errors import ApplicationError

MAX_LIFETIME = dt.timedelta(days=365)
PREFIX_LENGTH = 10
TOKEN_START = "mk_"


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(
    *, actor: User, name: str, expires_on: dt.date, can_write: bool
) -> tuple[ApiToken, str]:
    """A new token of ``actor``'s own, and its secret: shown once, never stored."""
    today = timezone.localdate()
    if not name.strip():
        raise ApplicationError(_("Give the token a name, to recognise it later."), field="name")
    if expires_on <= today:
        raise ApplicationError(_("A token must expire after today."), field="expires_on")
    if expires_on > today + MAX_LIFETIME:
        raise ApplicationError(
            _("A token lasts at most a year: choose a day before %(date)s.")
            % {"date": f"{today + MAX_LIFETIME:%d %b %Y}"},
            field="expires_on",
        )
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    raw = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    expires_at = timezone.make_aware(dt.datetime.combine(expires_on, dt.time.max))
    token = ApiToken(
        user=actor,
        name=name.strip(),
        prefix=prefix,
        digest=_digest(raw),
        can_write=can_write,
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=token,
        changes={"name": [None, token.name], "may write": [None, can_write],
                 "expires": [None, f"{expires_on:%d %b %Y}"]},
    )  # fmt: skip
    return token, raw


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke a token: its owner may, and an administrator may revoke anyone's."""
    if token.user_id != actor.pk:
        require(actor, Action.USERS_MANAGE)
        if token.user.organisation_id != actor.organisation_id:
            raise PermissionDenied  # an administrator manages her own organisation's people
    # Lock the row: a revocation racing a first use must not be lost under its write.
    current = ApiToken.objects.select_for_update().get(pk=token.pk)
    if current.revoked_at is not None:
        return current
    current.revoked_at = timezone.now()
    current.revoked_by = actor
    current.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=current, changes={"revoked": [None, True]}
    )
    return current


class TokenRefused(Exception):
    """No such token, or it is expired or revoked, or its owner may no longer sign in."""


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Use:
    token: ApiToken
    user: User


def token_use(*, raw: str, now: dt.datetime | None = None) -> Use:
    """The token ``raw`` names, counted against its rate limit; its first use is audited."""
    now = now or timezone.now()
    if not raw.startswith(TOKEN_START):
        raise TokenRefused
    prefix = raw[len(TOKEN_START) :].split("_", 1)[0]
    token = (
        ApiToken.objects.select_related("user")
        .filter(prefix=prefix, revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not hmac.compare_digest(token.digest, _digest(raw)):
        raise TokenRefused
    user = token.user
    if not user.is_active or user.locked_at is not None:
        raise TokenRefused
    _count(token, now)
    if token.last_used_at is None:
        _first_use(token, now)
    return Use(token=token, user=user)


def _count(token: ApiToken, now: dt.datetime) -> None:
    """One more request in this minute's window, or RateLimited when it is full.

    Conditional UPDATEs, not a read then a write: two requests at once never both take the
    last place in the window.
    """
    limit = settings.MUKTI_API_RATE_PER_MINUTE
    start = now.replace(second=0, microsecond=0)
    rows = ApiToken.objects.filter(pk=token.pk)
    for _attempt in range(2):
        if rows.filter(window_started_at=start, window_requests__lt=limit).update(
            window_requests=F("window_requests") + 1, last_used_at=now
        ):
            return
        if (
            rows.exclude(window_started_at=start).update(
                window_started_at=start, window_requests=1, last_used_at=now
            )
            if limit > 0
            else 0
        ):
            return
    raise RateLimited(retry_after=max(1, 60 - now.second))


@transaction.atomic
def _first_use(token: ApiToken, now: dt.datetime) -> None:
    # The row lock serialises two first requests at once: only one writes the audit row.
    ApiToken.objects.select_for_update().filter(pk=token.pk).first()
    first = AuditRecord.objects.filter(
        action=AuditAction.LOGIN, object_type="api.apitoken", object_id=str(token.pk)
    )
    if not first.exists():
        audit_record(
            actor=token.user,
            action=AuditAction.LOGIN,
            obj=token,
            changes={"first use of API token": [None, token.name]},
        )
