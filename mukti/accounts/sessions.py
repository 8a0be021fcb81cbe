"""Sessions kept in the database, as Django's own, read through a query compiled once
(``core.compiled``): every signed-in request reads its session, and compiling that query cost
more CPU than PostgreSQL took to answer it (issue 24). Selected by ``SESSION_ENGINE``."""

from __future__ import annotations

import datetime as dt

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils import timezone

from mukti.core.compiled import compiled


@compiled
def _session(key: str, now: dt.datetime) -> QuerySet[Session]:
    return Session.objects.filter(session_key=key, expire_date__gt=now)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Session | None:
        """The session row if it exists and has not expired (else the key is forgotten, so a
        new session gets a new key), as Django's ``_get_session_from_db``."""
        found = _session(self.session_key, timezone.now()) if self.session_key else []
        if not found:
            self._session_key = None
            return None
        return found[0]
