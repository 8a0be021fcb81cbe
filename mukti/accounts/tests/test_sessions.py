"""The session store (``SESSION_ENGINE``) reads a session as Django's database store does: the
row of that key while it has not expired, else nothing, and a new key for whatever is saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from mukti.accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_it_is_the_sites_session_engine() -> None:
    assert settings.SESSION_ENGINE == "mukti.accounts.sessions"


def test_a_saved_session_is_read_back_until_it_expires() -> None:
    store = SessionStore()
    store["seen"] = 42
    store.save()
    key = store.session_key
    assert key

    again = SessionStore(key)
    assert again["seen"] == 42
    assert again.session_key == key

    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    expired = SessionStore(key)
    assert expired.get("seen") is None
    assert expired.session_key is None  # forgotten: what is saved next gets a new key
    expired["other"] = 1
    expired.save()
    assert expired.session_key not in (None, key)


def test_an_unknown_or_malformed_key_reads_nothing() -> None:
    for key in ("x" * 32, "short", ""):
        store = SessionStore(key)
        assert dict(store.items()) == {}
        assert store.session_key is None
