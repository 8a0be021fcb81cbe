from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest

from mukti.audit.models import AuditAction
from mukti.audit.services import audit_record, client_ip


@receiver(user_logged_in)
def _audit_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        audit_record(actor=user, action=AuditAction.LOGIN, obj=user, ip=client_ip(request))


@receiver(user_logged_out)
def _audit_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        with transaction.atomic():
            audit_record(actor=user, action=AuditAction.LOGOUT, obj=user, ip=client_ip(request))


@receiver(user_login_failed)
def _audit_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Never the typed text: people type their password into the username box. A real account
    # is named by its id and username; anything else by a keyed hash of what was typed, so
    # repeated guesses at one name can still be told apart (`mukti audit digest NAME`).
    from mukti.accounts.models import User, username_digest

    typed = str(credentials.get("username", ""))
    user = User.objects.filter(username__iexact=typed.strip()).first() if typed.strip() else None
    with transaction.atomic():
        audit_record(
            actor=None,
            action=AuditAction.LOGIN_FAILED,
            object_type="accounts.user",
            object_id=str(user.pk) if user else "",
            object_repr=user.username
            if user
            else f"unknown username {username_digest(typed)[:16]}",
            ip=client_ip(request),
        )
