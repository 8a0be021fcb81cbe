"""Reads of API tokens: one's own, or everyone's for an administrator."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from mukti.accounts.access import Action, can, require
from mukti.accounts.models import User
from mukti.api.models import ApiToken


def tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def tokens_all(*, actor: User) -> QuerySet[ApiToken]:
    """Every token not yet revoked of the administrator's organisation."""
    require(actor, Action.USERS_MANAGE)
    return (
        ApiToken.objects.filter(
            revoked_at__isnull=True, user__organisation_id=actor.organisation_id
        )
        .select_related("user")
        .order_by("user__username", "-created_at", "-id")
    )


def token_get_for_user(*, user: User, token_id: int) -> ApiToken:
    """A token its owner, or an administrator of the owner's organisation, may manage; anyone
    else's is reported missing."""
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=token_id)
    if token.user_id != user.pk and not (
        can(user, Action.USERS_MANAGE) and token.user.organisation_id == user.organisation_id
    ):
        raise Http404
    return token
