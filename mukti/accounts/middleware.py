from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# Reachable while a one-time password is still in use: the change form itself and the way out.
ALLOWED = ("accounts:password-change", "accounts:logout")


class PasswordChangeRequiredMiddleware:
    """A user signed in with a one-time password can do nothing until they choose their own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse(name) for name in ALLOWED}
            static = request.path.startswith("/static/") or request.path == "/healthz"
            if request.path not in allowed and not static:
                if request.headers.get("HX-Request"):
                    # An htmx fragment would swap the whole form into the page: navigate instead.
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = reverse("accounts:password-change")
                    return response
                return redirect("accounts:password-change")
        return self.get_response(request)
