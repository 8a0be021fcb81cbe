from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mukti.accounts.models import Role, User
from mukti.audit.models import AuditAction
from mukti.audit.services import audit_record
from mukti.core.errors import ApplicationError
from mukti.core.services import tracked_update


def one_time_password() -> str:
    return secrets.token_urlsafe(12)


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
) -> tuple[User, str]:
    """Create an account with a one-time password that must be changed at first login."""
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(
            _("The username “%(name)s” is already taken. Choose another.") % {"name": username},
            field="username",
        )
    password = one_time_password()
    user = User(
        username=username,
        role=role,
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
    return User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).exclude(pk=user.pk).count()


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
    return tracked_update(user, actor=actor, expected_version=expected_version, **values)


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
