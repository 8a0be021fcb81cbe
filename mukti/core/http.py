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
    """A request to a view marked ``requires(action)`` with an action other than ``PUBLIC`` or
    ``SIGNING_IN``: the view runs only once the user has signed in with both factors."""

    user: User
