from __future__ import annotations

import logging

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from mukti.accounts.access import public, signed_in

logger = logging.getLogger(__name__)


@public
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers and monitoring: the process answers and the database does."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        # The error names the database host, port and role: for the operator's log, not for
        # whoever asks (the endpoint is public).
        logger.exception("healthz: the database is unavailable")
        return JsonResponse({"status": "error", "database": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@signed_in
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")
