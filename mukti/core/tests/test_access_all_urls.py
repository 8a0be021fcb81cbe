"""Every URL pattern × every role and anonymous × GET and POST: nothing forbidden is served.

New views are picked up automatically. A view without an access mark, or a URL argument this
test cannot fill, fails the test: add the mark (``requires``/``public``/``signed_in``) or teach
``url_arguments`` (mukti/core/tests/conftest.py) the new argument.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from mukti.accounts.access import can
from mukti.accounts.models import User
from mukti.accounts.testing import sign_in
from mukti.core.tests.urlwalk import ROLES, api_access, api_client, every_url, walk

pytestmark = pytest.mark.django_db


def test_every_view_declares_who_may_use_it() -> None:
    unmarked = [
        name
        for name, pattern in walk(get_resolver().url_patterns)
        if not hasattr(pattern.callback, "mukti_access")
    ]
    assert unmarked == []


def signed_in(user: User | None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        sign_in(client, user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_nothing_forbidden_is_served(
    role: str,
    cast: dict[str, User],
    url_arguments: dict[str, Any],
    case: Any,
    draft: Any,
) -> None:
    user = None if role == "anonymous" else cast[role]
    checked = 0
    # One signed-in client for the role, as a person clicking through: GETs change nothing, and
    # after a POST that did something (a redirect: signing out, a changed password) the role
    # signs in afresh, so every URL is tried with a valid session.
    client = signed_in(user)
    # The API reads no session: each role calls it with a read-and-write token of its own.
    api = api_client(user)
    for _name, pattern, kwargs, url in every_url(url_arguments):
        marks = api_access(pattern)
        if marks is not None:
            checked += api_answers_as_the_pages_do(api, user, role, marks, kwargs, url, case)
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            # Object-level: a URL naming a case is allowed only to those the case-team rule
            # admits; one naming an intake draft, only to its author and supervisors.
            obj = case if "reference" in kwargs else draft if "draft_id" in kwargs else None
            allowed = can(user, getattr(pattern.callback, "mukti_access", ""), obj)
            where = f"{method.upper()} {url} as {role}"
            assert response.status_code < 500, f"{where} answered {response.status_code}"
            if not allowed:
                if user is None:
                    assert response.status_code in (302, 401, 405), where
                    if response.status_code == 302:
                        assert response["Location"].startswith(reverse("accounts:login")), where
                else:
                    assert response.status_code in (403, 404, 405), where
            elif method == "get":
                assert response.status_code in (200, 302, 405), where
            if method == "post" and response.status_code == 302:
                client = signed_in(user)
            checked += 1
    assert checked >= 40


def api_answers_as_the_pages_do(
    api: Client,
    user: User | None,
    role: str,
    marks: dict[str, str],
    kwargs: dict[str, Any],
    url: str,
    case: Any,
) -> int:
    """Every method of an API route (GET, POST and those it has): the same rule as a page, in
    the API's words: 401 without a token, 403 for a role without the right, 404 for a case
    outside the team, 405 for a method the route does not have."""
    checked = 0
    for method in sorted({"GET", "POST", *marks}):
        response = api.generic(method, url, "{}", content_type="application/json")
        where = f"{method} {url} as {role} (API)"
        assert response.status_code < 500, f"{where} answered {response.status_code}"
        assert response["Content-Type"].startswith("application/json") or (
            response.status_code == 405
        ), where
        action = marks.get(method)
        obj = case if "reference" in kwargs else None
        if action is None:
            assert response.status_code == 405, where
        elif not can(user, action, obj):
            expected = (401,) if user is None else (403, 404)
            assert response.status_code in expected, f"{where}: {response.status_code}"
        elif method == "GET":
            assert response.status_code == 200, f"{where}: {response.status_code}"
        checked += 1
    return checked


@pytest.mark.parametrize("role", ["supervisor", "caseworker"])
def test_another_organisation_finds_no_case_through_the_api(
    role: str, url_arguments: dict[str, Any], case: Any
) -> None:
    """Every API route naming a case (and the records under it), with every method it has:
    a person of another organisation, with the same role and a read-and-write token, gets
    404, as if the case did not exist, and nothing is written."""
    from mukti.accounts.models import Organisation
    from mukti.audit.models import AuditAction, AuditRecord
    from mukti.conftest import make_user

    elsewhere = Organisation.objects.create(name="Another NGO")
    stranger = make_user(f"other-{role}", role, organisation=elsewhere)
    api = api_client(stranger)
    writes = AuditRecord.objects.exclude(action=AuditAction.READ).count()
    checked = 0
    for _name, pattern, kwargs, url in every_url(url_arguments):
        marks = api_access(pattern)
        if marks is None or "reference" not in kwargs:
            continue
        for method in sorted(marks):
            response = api.generic(method, url, "{}", content_type="application/json")
            assert response.status_code == 404, f"{method} {url}: {response.status_code}"
            checked += 1
    # Its case list does not show the case either.
    listed = api.get(reverse("api-v1:case-list")).json()["results"]
    assert case.reference not in [row["reference"] for row in listed]
    # Only the token's own records (made, first used) were written.
    assert AuditRecord.objects.exclude(action=AuditAction.READ).count() - writes <= 2
    assert checked >= 25


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_a_password_alone_opens_nothing(
    role: str, cast: dict[str, User], url_arguments: dict[str, Any]
) -> None:
    """Every role must give the second factor: with only the password, every page, form post
    and htmx fragment sends the person to the code step, except signing out and public pages."""
    from mukti.accounts.access import PUBLIC
    from mukti.accounts.models import Authenticator

    user = cast[role]
    Authenticator.objects.create(user=user, name="authenticator", confirmed=True)
    verify = reverse("accounts:two-factor-verify")
    checked = 0
    client = Client(raise_request_exception=False)
    client.force_login(user)  # the password step only; every request below is refused
    for name, pattern in walk(get_resolver().url_patterns):
        if name in {"accounts:logout", "accounts:two-factor-verify"}:
            continue
        kwargs = {k: url_arguments[k] for k in pattern.pattern.regex.groupindex}
        url = reverse(name, kwargs=kwargs)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if (
                getattr(pattern.callback, "mukti_access", None) == PUBLIC
                and name != "accounts:login"
            ):
                assert response.status_code < 500, f"{method} {url}"
                continue
            where = f"{method.upper()} {url} as {role} without the code"
            assert response.status_code in (302, 405), where
            if response.status_code == 302:
                assert response["Location"].split("?")[0] == verify, where
            checked += 1
    assert checked >= 100
