"""Reads from a PostgreSQL replica, writes and everything that must be current on the primary.

With ``DATABASE_REPLICA_URL`` set, a web request that only reads (GET, HEAD, OPTIONS) reads from
the replica. These stay on the primary, because a replica lags by up to a few seconds:

* every write, and every read after a write in the same request (``db_for_write`` switches the
  request to the primary for the rest of it);
* every read inside a transaction on the primary (the services' checks, ``select_for_update``,
  the audit chain's head), so a decision is never taken on stale rows;
* every request that is not a read (POST: forms, htmx actions) from its first query;
* the requests of a person who wrote in the last ``MUKTI_REPLICA_PIN_SECONDS`` (a cookie), so the
  page after "Saved" shows the change;
* everything outside a web request: the task worker (alerts, clock rebuilds), commands,
  backups. They run on the primary always.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PIN_COOKIE = "mukti_primary_until"
READS = frozenset({"GET", "HEAD", "OPTIONS"})

# Whether this request may read from the replica now, and whether it has written.
_replica_reads: ContextVar[bool] = ContextVar("mukti_replica_reads", default=False)
_wrote: ContextVar[bool] = ContextVar("mukti_wrote", default=False)


def replica_in_use() -> bool:
    return REPLICA in settings.DATABASES and bool(getattr(settings, "MUKTI_READ_REPLICA", True))


class ReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str:
        if _replica_reads.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type, **hints: Any) -> str:
        # The rest of the request reads what it wrote.
        _replica_reads.set(False)
        _wrote.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database and its copy

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


def _pinned(request: HttpRequest) -> bool:
    try:
        return float(request.COOKIES.get(PIN_COOKIE, "0")) > time.time()
    except ValueError:
        return False


class ReplicaMiddleware:
    """Decides, per request, whether its reads may go to the replica (see the module's note)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_in_use():
            return self.get_response(request)
        reads = request.method in READS and not _pinned(request)
        reads_token, wrote_token = _replica_reads.set(reads), _wrote.set(False)
        try:
            response = self.get_response(request)
            if _wrote.get():
                seconds = settings.MUKTI_REPLICA_PIN_SECONDS
                response.set_cookie(
                    PIN_COOKIE,
                    str(time.time() + seconds),
                    max_age=seconds,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
        finally:
            _replica_reads.reset(reads_token)
            _wrote.reset(wrote_token)
        return response
