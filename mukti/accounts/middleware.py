"""What stands between a signed-in session and the application.

In order: a session idle too long or too old ends; then a person signed in with a password only
must give the second factor (or set it up), and one holding a one-time password must choose
their own. Until then only the page for that step and "sign out" answer.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware

from mukti.accounts.access import PUBLIC
from mukti.accounts.models import Authenticator, User
from mukti.accounts.services import two_factor_device
from mukti.core.compiled import compiled


@compiled
def _authenticator(pk: int) -> QuerySet[Authenticator]:
    return Authenticator.objects.filter(pk=pk)


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's: ``request.user.otp_device`` is the device the session was verified with,
    if it is still the user's and confirmed (django-otp's own checks, unchanged). Our
    authenticator apps, the devices every session holds, are read through a query compiled
    once per connection (issue 24); any other kind of device as django-otp reads it."""

    def _device_from_persistent_id(self, persistent_id: str) -> Any:
        label, _slash, pk = self._normalize_persistent_id(persistent_id).rpartition("/")
        if label == Authenticator.model_label() and pk.isascii() and pk.isdigit():
            found = _authenticator(int(pk))
            return found[0] if found else None
        return super()._device_from_persistent_id(persistent_id)


SIGNED_IN_AT = "mukti_signed_in_at"
SEEN_AT = "mukti_seen_at"

# The page each pending step allows (besides signing out).
STEP_PAGES = {
    "verify": "accounts:two-factor-verify",
    "password": "accounts:password-change",
    "enrol": "accounts:two-factor-setup",
}
ALWAYS = {"accounts:logout"}


def pending_step(request: HttpRequest) -> str | None:
    """The sign-in step this session still owes, if any."""
    user = request.user
    assert isinstance(user, User)  # asked of signed-in sessions only
    if user.is_verified():
        return "password" if user.must_change_password else None
    if two_factor_device(user) is not None:
        return "verify"
    if user.must_change_password:
        return "password"
    return "enrol"


def _is_signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def _navigate(request: HttpRequest, url: str) -> HttpResponse:
    if request.headers.get("HX-Request"):
        # An htmx fragment would swap a whole page into a part of one: navigate instead.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class SignInGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signed_in = _is_signed_in(request)
        response = self.get_response(request)
        already = "no-store" in response.get("Cache-Control", "")
        if (signed_in or _is_signed_in(request)) and not already:
            # Whatever a signed-in person is shown may be case content: no browser, proxy or
            # back button keeps a copy of it after she signs out (ASVS 8.2.1).
            add_never_cache_headers(response)
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        expired = self._expired(request, background=getattr(view, "mukti_background", False))
        if expired:
            logout(request)
            messages.info(request, expired)
            if request.headers.get("HX-Request"):
                return _navigate(request, reverse(settings.LOGIN_URL))
            return redirect_to_login(request.get_full_path())
        step = pending_step(request)
        if step is None:
            return None
        name = request.resolver_match.view_name if request.resolver_match else ""
        if name in ALWAYS or name == STEP_PAGES[step]:
            return None
        if getattr(view, "mukti_access", None) == PUBLIC and name != "accounts:login":
            return None
        url = reverse(STEP_PAGES[step])
        if request.method == "GET" and not request.headers.get("HX-Request"):
            url += "?" + urlencode({"next": request.get_full_path()})
        return _navigate(request, url)

    @staticmethod
    def _expired(request: HttpRequest, *, background: bool) -> str | None:
        now = int(time.time())
        session = request.session
        signed_in_at = session.setdefault(SIGNED_IN_AT, now)
        seen_at = session.get(SEEN_AT, now)
        idle = settings.MUKTI_SESSION_IDLE_MINUTES * 60
        if now - seen_at > idle:
            return _(
                "You were signed out after %(minutes)d minutes without activity. "
                "Sign in again to go on."
            ) % {"minutes": settings.MUKTI_SESSION_IDLE_MINUTES}
        if now - signed_in_at > settings.MUKTI_SESSION_MAX_HOURS * 3600:
            return _(
                "You were signed out %(hours)d hours after signing in. Sign in again to go on."
            ) % {"hours": settings.MUKTI_SESSION_MAX_HOURS}
        # Written at most once a minute, so most requests do not rewrite the session row.
        if not background and (SEEN_AT not in session or now - seen_at >= 60):
            session[SEEN_AT] = now
        return None


class UserLanguageMiddleware:
    """The language she chose in her profile wins over the browser's and the sign-in page's cookie
    (LocaleMiddleware, earlier, decided those). Runs after authentication, so the user is known."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        chosen = getattr(user, "language", "") if user is not None else ""
        if chosen and user is not None and user.is_authenticated:
            translation.activate(chosen)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
