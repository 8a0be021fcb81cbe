"""Request types for views. At run time every request is a plain ``HttpRequest``; these say to
mypy what the middleware and ``requires(...)`` have made sure of."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from mukti.accounts.models import User


class HtmxRequest(HttpRequest):
    """Any request: ``HtmxMiddleware`` sets ``htmx`` on each."""

    htmx: HtmxDetails


class AuthedRequest(HtmxRequest):
    """A request to a view marked ``requires(action)`` with any action but ``PUBLIC``: the view
    runs only for a signed-in user (part-way, second factor or new password still owed, for
    ``SIGNING_IN``; with both factors for every other action)."""

    user: User
