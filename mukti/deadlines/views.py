from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mukti.accounts.access import Action, requires
from mukti.deadlines import selectors


@requires(Action.CASE_VIEW)
def due_soon(request: HttpRequest) -> HttpResponse:
    rows = selectors.due_soon(actor=request.user)
    return render(request, "deadlines/due_soon.html", {"rows": rows})
