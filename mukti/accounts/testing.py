"""Signing in without the login form, for tests and benchmarks (like ``Client.force_login``).

``force_login`` skips the password; this also skips the second factor, by giving the user a
confirmed authenticator (if they have none) and marking the session verified with it, exactly as
``django_otp.login`` does after a right code. The sign-in steps themselves are tested through
the real forms in accounts/tests.
"""

from __future__ import annotations

import time
from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from mukti.accounts.middleware import SEEN_AT, SIGNED_IN_AT
from mukti.accounts.models import Authenticator


def sign_in(client: Client, user: Any) -> Client:
    # The session is signed with the stored password and epoch, not a stale copy's.
    user = type(user).objects.get(pk=user.pk)
    client.force_login(user)
    device = Authenticator.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = Authenticator.objects.create(user=user, name="authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    # As the code step leaves it: the sign-in time and last activity are already in the session.
    session[SIGNED_IN_AT] = session[SEEN_AT] = int(time.time())
    session.save()
    return client
