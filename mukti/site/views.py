from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from mukti.accounts.access import public

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


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent

    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent):
        message = _(
            "What you sent is larger than Mukti accepts (%(mb)d MB of form data), so nothing was "
            "saved. If you pasted a narrative, paste a shorter part (up to 200,000 characters) or "
            "upload it as a file."
        ) % {"mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)}
    else:
        message = _("Mukti could not understand that request, so nothing was saved.")
    return render(request, "400.html", {"message": message}, status=400)
