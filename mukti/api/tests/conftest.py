from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from mukti.accounts.models import User
from mukti.api.services import token_create


def make_token(user: User, *, write: bool = True, name: str = "tests") -> str:
    return token_create(
        actor=user,
        name=name,
        expires_on=timezone.localdate() + dt.timedelta(days=30),
        can_write=write,
    )[1]


@pytest.fixture
def api_as(cast: dict[str, User]) -> Callable[..., Client]:
    """A client sending a token of the named member of the cast."""

    def client(name: str, *, write: bool = True) -> Client:
        return Client(HTTP_AUTHORIZATION=f"Bearer {make_token(cast[name], write=write)}")

    return client
