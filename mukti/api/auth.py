"""Who a request to the API comes from (a personal token) and whether it may do what it asks.

One check per operation, run before its input is even read, so a request that may not be made
is refused the same way whatever its body: 401 without a valid token, 429 over the rate limit,
403 for a read-only token asked to write or a role without the right, 404 for a case outside
the person's reach. The rule is the web's: ``can``/``require`` and the cases' selectors.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from mukti.accounts.access import Action, require
from mukti.accounts.models import User
from mukti.api import services
from mukti.api.schemas import MAX_ID
from mukti.cases.models import Case
from mukti.cases.selectors import case_get_for_user, survivor_get
from mukti.rescue.selectors import attempt_get, engagement_get, operation_get


class ReadOnlyToken(PermissionDenied):
    def __init__(self) -> None:
        super().__init__(_("This token is read-only: make a read-and-write token to change data."))


class Token(HttpBearer):
    """The operation's access mark and its enforcement: ``action`` as in ``requires(action)``;
    ``write`` for operations that change data (a read-write token only)."""

    def __init__(self, action: Action, *, write: bool = False) -> None:
        super().__init__()
        self.action = action
        self.write = write

    def authenticate(self, request: HttpRequest, token: str) -> services.Use:
        use = services.token_use(raw=token)
        # The views and the selectors they call see the token's owner as the request's user.
        request.user = use.user
        if self.write and not use.token.can_write:
            raise ReadOnlyToken
        require(use.user, self.action)
        match = request.resolver_match
        reference = match.kwargs.get("reference") if match else None
        if reference is not None:
            case = case_get_for_user(user=use.user, reference=str(reference), write=self.write)
            # The case-level rule, as a page's selector applies it (case_get_for_side: the
            # care side is not the legal officer's, the legal side not the aftercare officer's).
            require(use.user, self.action, case)
            # A record of another case (or no record at all) is missing too, before the body
            # is read: the answer does not depend on what was sent.
            survivor_id = match.kwargs.get("survivor_id") if match else None
            if survivor_id is not None:
                survivor_get(case=case, survivor_id=_row_id(survivor_id))
            engagement_id = match.kwargs.get("engagement_id") if match else None
            if engagement_id is not None:
                engagement_get(case=case, engagement_id=_row_id(engagement_id))
            operation_id = match.kwargs.get("operation_id") if match else None
            if operation_id is not None:
                operation_get(case=case, operation_id=_row_id(operation_id))
            attempt_id = match.kwargs.get("attempt_id") if match else None
            if attempt_id is not None:
                attempt_get(case=case, attempt_id=_row_id(attempt_id))
            request.mukti_case = case  # type: ignore[attr-defined]
        return use


def _row_id(value: object) -> int:
    """A path's id, checked before the schema reads it: anything but a whole number a
    database holds is a record that does not exist."""
    text = str(value)
    if not (text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID):
        raise Http404
    return int(text)


def actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # Token.authenticate set it
    return user


def case_of(request: HttpRequest) -> Case:
    """The case the path names, loaded and checked by ``Token.authenticate``."""
    case: Any = getattr(request, "mukti_case", None)
    assert isinstance(case, Case)
    return case
