from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from mukti.accounts.access import Action, require, scope
from mukti.accounts.models import User


def user_list(*, actor: User) -> QuerySet[User]:
    return scope(actor, Action.USERS_MANAGE, User.objects.order_by("username"))


def user_get_for_admin(*, actor: User, user_id: int) -> User:
    require(actor, Action.USERS_MANAGE)
    return get_object_or_404(User.objects.select_related("updated_by"), pk=user_id)
