from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from mukti.accounts.access import Action, require, scope
from mukti.accounts.models import Authenticator, TwoFactorResetRequest, User


def user_list(*, actor: User) -> QuerySet[User]:
    confirmed = Authenticator.objects.filter(user=OuterRef("pk"), confirmed=True)
    users = User.objects.annotate(has_two_factor=Exists(confirmed)).order_by("username")
    return scope(actor, Action.USERS_MANAGE, users)


def user_get_for_admin(*, actor: User, user_id: int) -> User:
    """An account of the administrator's organisation; any other is a 404."""
    require(actor, Action.USERS_MANAGE)
    users = User.objects.filter(organisation_id=actor.organisation_id)
    return get_object_or_404(users.select_related("updated_by"), pk=user_id)


def two_factor_reset_requests_waiting(*, actor: User) -> QuerySet[TwoFactorResetRequest]:
    """Requests this person may approve: not her own, and not about her."""
    require(actor, Action.TWO_FACTOR_RESET_APPROVE)
    return (
        TwoFactorResetRequest.objects.filter(
            approved_at=None, user__organisation_id=actor.organisation_id
        )
        .exclude(requested_by=actor)
        .exclude(user=actor)
        .select_related("user", "requested_by")
    )
