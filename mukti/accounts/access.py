"""The one authorisation rule: can this user do this action (on this object)?

Every view, API endpoint, export and command asks ``can``/``require``; every list is filtered in
SQL by ``scope``, built on the same tables. Apps that own case-level objects register their
object rule and their queryset filter here instead of checking by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponseBase

from mukti.accounts.models import Role


class Action(StrEnum):
    DIRECTORY_VIEW = "directory.view"
    DIRECTORY_EDIT = "directory.edit"
    DIRECTORY_DELETE = "directory.delete"
    USERS_MANAGE = "users.manage"
    # Approving another administrator's request to reset a case-reading account's second factor.
    TWO_FACTOR_RESET_APPROVE = "users.two_factor_reset_approve"
    AUDIT_VIEW = "audit.view"
    CASE_CREATE = "case.create"
    CASE_VIEW = "case.view"
    CASE_EDIT = "case.edit"
    CASE_CLOSE = "case.close"
    SURVIVOR_REVEAL = "survivor.reveal"
    RESPONSIVENESS_VIEW = "rescue.responsiveness"
    # Care (medical, shelter, services, assessments, repatriation, consent) and justice (FIR,
    # accused, arrests, evidence, court): each role sees only the side its work needs.
    CARE_VIEW = "care.view"
    CARE_EDIT = "care.edit"
    JUSTICE_VIEW = "justice.view"
    JUSTICE_EDIT = "justice.edit"
    RULES_MANAGE = "deadlines.rules"
    LATENESS_VIEW = "deadlines.lateness"
    # Downloads (CSV, XLSX) leave the system, so each is a permission of its own: lists of cases
    # (pseudonyms only), and figures about authorities and clocks (no survivor at all).
    CASES_EXPORT = "reports.export_cases"
    FIGURES_EXPORT = "reports.export_figures"
    # Periodic statistics (counts under 11 suppressed) and the dashboards.
    STATISTICS_VIEW = "reports.statistics"
    # Survivor-level data for a named partner (HTCDS, the anonymised CTDC-shaped dataset): only
    # of survivors whose data-sharing consent names that partner, never a direct identifier.
    DATASETS_EXPORT = "exports.datasets"


# Pseudo-actions for views that need no role: open to everyone, to anyone part-way through
# signing in (password given, second factor or a new password still owed), or to any signed-in
# user.
PUBLIC = "public"
SIGNING_IN = "signing-in"
AUTHENTICATED = "authenticated"

# Case work: team members see and edit their cases (the object rule in cases/access.py narrows
# these to the team); supervisors see every case and approve closures. Administrators and data
# officers do not read case content.
_CASE_TEAM = frozenset(
    {Action.CASE_VIEW, Action.CASE_EDIT, Action.SURVIVOR_REVEAL, Action.DIRECTORY_VIEW}
)
_CARE = frozenset({Action.CARE_VIEW, Action.CARE_EDIT})
_JUSTICE = frozenset({Action.JUSTICE_VIEW, Action.JUSTICE_EDIT})
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    # Caseworkers record care and, at a raid, arrests and seizures.
    Role.CASEWORKER: _CASE_TEAM
    | _CARE
    | _JUSTICE
    | {Action.CASE_CREATE, Action.DIRECTORY_EDIT, Action.CASES_EXPORT},
    Role.SUPERVISOR: _CASE_TEAM
    | _CARE
    | _JUSTICE
    | {
        Action.CASE_CREATE,
        Action.CASE_CLOSE,
        Action.DIRECTORY_EDIT,
        Action.DIRECTORY_DELETE,
        Action.AUDIT_VIEW,
        Action.RESPONSIVENESS_VIEW,
        Action.LATENESS_VIEW,
        Action.TWO_FACTOR_RESET_APPROVE,
        Action.CASES_EXPORT,
        Action.FIGURES_EXPORT,
        Action.STATISTICS_VIEW,
        Action.DATASETS_EXPORT,
    },
    # Legal officers do not read care notes and assessments; aftercare officers do not see
    # investigation intelligence (accused, evidence).
    Role.LEGAL_OFFICER: _CASE_TEAM | _JUSTICE | {Action.DIRECTORY_EDIT},
    # Legal and aftercare officers see the lists of their cases but do not download them.
    Role.AFTERCARE_OFFICER: _CASE_TEAM | _CARE | {Action.DIRECTORY_EDIT},
    # Responsiveness is about authorities, not survivors: it names no one the data officer
    # must not see.
    Role.DATA_OFFICER: frozenset(
        {
            Action.DIRECTORY_VIEW,
            Action.RESPONSIVENESS_VIEW,
            Action.LATENESS_VIEW,
            Action.FIGURES_EXPORT,
            Action.STATISTICS_VIEW,
            Action.DATASETS_EXPORT,
        }
    ),
    Role.ADMINISTRATOR: frozenset(
        {
            Action.DIRECTORY_VIEW,
            Action.DIRECTORY_EDIT,
            Action.DIRECTORY_DELETE,
            Action.USERS_MANAGE,
            Action.TWO_FACTOR_RESET_APPROVE,
            Action.AUDIT_VIEW,
            Action.RULES_MANAGE,
        }
    ),
}

ObjectRule = Callable[[Any, Action, Any], bool]
ScopeRule = Callable[[Any, Action, QuerySet], QuerySet]
_object_rules: dict[type[Model], ObjectRule] = {}
_scope_rules: dict[type[Model], ScopeRule] = {}


def register_object_rule(model: type[Model], rule: ObjectRule, scope: ScopeRule) -> None:
    """Let an app add its object-level rule (e.g. case-team membership) and the same rule in SQL."""
    _object_rules[model] = rule
    _scope_rules[model] = scope


def has_scope_rule(model: type[Model]) -> bool:
    """Whether some role sees only part of its organisation's rows of this model (a figure
    summed over the whole organisation would say more than it may know)."""
    return model in _scope_rules


def can(user: Any, action: Action | str, obj: Any = None) -> bool:
    if action == PUBLIC:
        return True
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if action in (AUTHENTICATED, SIGNING_IN):
        return True
    if Action(action) not in ROLE_ACTIONS.get(user.role, frozenset()):
        return False
    if obj is not None:
        rule = _object_rules.get(type(obj))
        if rule is not None:
            return rule(user, Action(action), obj)
    return True


def require(user: Any, action: Action | str, obj: Any = None) -> None:
    if not can(user, action, obj):
        raise PermissionDenied


Q = TypeVar("Q", bound=QuerySet)


def scope(user: Any, action: Action, queryset: Q) -> Q:
    """The rows of ``queryset`` this user may act on, filtered in the query itself."""
    if not can(user, action):
        return queryset.none()
    rule = _scope_rules.get(queryset.model)
    # A scope rule only filters the queryset it is given, so the result is of the same type.
    return cast(Q, rule(user, action, queryset)) if rule is not None else queryset


View = Callable[..., HttpResponseBase]


def requires(action: Action | str) -> Callable[[View], View]:
    """Mark a view with the action it needs and enforce it before the view runs.

    The mark (``view.mukti_access``) is what the all-URLs access test reads, so a view without
    one fails that test.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if action != PUBLIC and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if action not in (PUBLIC, SIGNING_IN) and not _verified(request):
                # SignInGateMiddleware sends such a session to its pending step first; this is
                # the second lock on the same door.
                raise PermissionDenied
            require(request.user, action)
            return view(request, *args, **kwargs)

        # A mark on the function itself, which mypy does not let a function have.
        wrapped.mukti_access = action  # type: ignore[attr-defined]
        return wrapped

    return decorate


def _verified(request: HttpRequest) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def background(view: View) -> View:
    """Mark a view fetched on a timer (the alerts badge): it does not count as activity, so
    it cannot keep an unattended session alive."""
    view.mukti_background = True  # type: ignore[attr-defined]  # a mark, as in requires()
    return view


public = requires(PUBLIC)
signing_in = requires(SIGNING_IN)
signed_in = requires(AUTHENTICATED)


# Accounts belong to an organisation: an administrator manages, and anyone approves or sees, the
# accounts of their own only.
def _same_organisation(user: Any, action: Action, other: Any) -> bool:
    return bool(other.organisation_id == user.organisation_id)


def _organisation_scope(user: Any, action: Action, users: QuerySet) -> QuerySet:
    return users.filter(organisation_id=user.organisation_id)


def _register_user_rule() -> None:
    from mukti.accounts.models import User

    register_object_rule(User, _same_organisation, _organisation_scope)


_register_user_rule()
