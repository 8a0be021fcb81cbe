"""The web-hardening promises, proven on the running code rather than read off settings.py:

* ``check --deploy`` is clean on the production branch of the settings;
* production responses carry HSTS, frame, referrer, sniffing, opener and content policies, and
  cookies that are Secure, HttpOnly and SameSite;
* no page has an inline script, inline style, event-handler attribute or ``javascript:`` URL, and
  every script and stylesheet comes from our own /static/ (so the strict CSP breaks nothing);
* every POST needs the CSRF token, every post form carries it, and htmx sends it.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.test import Client
from django.urls import reverse

from mukti.accounts.access import can
from mukti.accounts.middleware import SEEN_AT
from mukti.accounts.models import User
from mukti.accounts.testing import sign_in
from mukti.care.views import RECORDS as CARE_RECORDS
from mukti.core.middleware import POLICY
from mukti.core.tests.dbstate import snapshot
from mukti.core.tests.htmlcheck import audit, initial_values
from mukti.core.tests.test_health_and_settings import run_mukti
from mukti.core.tests.urlwalk import api_access, every_url
from mukti.justice.views import RECORDS as JUSTICE_RECORDS

HOST = "mukti.example.org"


def production_env() -> dict[str, str]:
    return {
        "MUKTI_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "MUKTI_FIELD_KEYS": Fernet.generate_key().decode(),
        "MUKTI_BACKUP_KEY": Fernet.generate_key().decode(),
        "MUKTI_AUDIT_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": HOST,
    }


# -- 1. check --deploy --------------------------------------------------------------------------


def test_the_deployment_checklist_is_clean_in_production(tmp_path: Path, monkeypatch: Any) -> None:
    # Set by the browser tests' fixture in this process; never part of a deployment.
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    result = run_mukti(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **production_env())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "?: (security." not in output
    assert "System check identified no issues" in output


# -- 2. headers and cookies on the production branch ---------------------------------------------

# Run inside `mukti shell` with MUKTI_ENV=production: the settings as production reads them, and
# the login page as production serves it (over https, and over plain http).
PRODUCTION_PROBE = f"""
import json
from django.conf import settings
from django.test import Client

names = [
    "DEBUG", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY", "CSRF_COOKIE_SAMESITE", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER", "X_FRAME_OPTIONS", "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY", "SECURE_CROSS_ORIGIN_OPENER_POLICY", "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_NAME", "SESSION_COOKIE_PATH", "SESSION_COOKIE_DOMAIN", "CSRF_COOKIE_PATH",
    "CSRF_COOKIE_DOMAIN",
]
secure = Client().get("/accounts/login/", secure=True, HTTP_HOST="{HOST}")
plain = Client().get("/accounts/login/", HTTP_HOST="{HOST}")
print(json.dumps({{
    "settings": {{name: getattr(settings, name) for name in names}},
    "status": secure.status_code,
    "headers": dict(secure.headers),
    "cookies": {{name: dict(morsel) for name, morsel in secure.cookies.items()}},
    "plain": [plain.status_code, plain.headers.get("Location", "")],
}}))
"""


def collect_static(data_dir: Path) -> None:
    collected = run_mukti(data_dir, "collectstatic", "--noinput", **production_env())
    assert collected.returncode == 0, collected.stderr


@pytest.fixture(scope="module")
def production(
    tmp_path_factory: pytest.TempPathFactory, made_once: Callable[..., Path]
) -> dict[str, Any]:
    tmp_path = tmp_path_factory.mktemp("production")
    env = production_env()
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)  # browser tests set it
        # Production serves hashed static names from a manifest: no page renders without it.
        # Collected once per test run (13 s) and shared by the test processes.
        (tmp_path / "static").symlink_to(made_once("production-static", collect_static) / "static")
        probe = run_mukti(tmp_path, "shell", "--no-imports", "-c", PRODUCTION_PROBE, **env)
        assert probe.returncode == 0, probe.stderr
    return json.loads(probe.stdout.strip().splitlines()[-1])


def test_production_answers_with_every_protective_header(production: dict[str, Any]) -> None:
    assert production["status"] == 200
    headers = production["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Content-Security-Policy"] == POLICY
    assert "unsafe-inline" not in POLICY and "unsafe-eval" not in POLICY


def test_production_redirects_plain_http_to_https(production: dict[str, Any]) -> None:
    assert production["plain"] == [301, f"https://{HOST}/accounts/login/"]


def test_production_sets_the_csrf_cookie_secure_httponly_and_samesite(
    production: dict[str, Any],
) -> None:
    csrf = production["cookies"]["__Host-mukti-csrf"]
    assert (csrf["secure"], csrf["httponly"], csrf["samesite"]) == (True, True, "Lax")
    # What the __Host- prefix demands, or browsers drop the cookie.
    assert (csrf["path"], csrf["domain"]) == ("/", "")


def test_production_cookies_carry_the_host_prefix(production: dict[str, Any]) -> None:
    values = production["settings"]
    assert values["SESSION_COOKIE_NAME"] == "__Host-mukti-session"
    assert values["CSRF_COOKIE_NAME"] == "__Host-mukti-csrf"
    for prefix in ("SESSION", "CSRF"):
        assert values[f"{prefix}_COOKIE_PATH"] == "/"
        assert values[f"{prefix}_COOKIE_DOMAIN"] is None


def test_production_settings_keep_debug_off_and_cookies_secure(
    production: dict[str, Any],
) -> None:
    values = production["settings"]
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_HTTPONLY"] is True


@pytest.mark.django_db
def test_the_session_cookie_is_secure_httponly_and_samesite_with_production_values(
    production: dict[str, Any], settings: Any, client_as: Any
) -> None:
    # The session cookie appears only once someone is signed in, which needs a database: apply
    # the values production printed to this process, then read a real response's cookie.
    for name, value in production["settings"].items():
        setattr(settings, name, tuple(value) if isinstance(value, list) else value)
    client = client_as("supervisor")
    # The cookie is sent when the session changes: make this request the one that records
    # activity (the sign-in gate writes it at most once a minute).
    stored = client.session
    del stored[SEEN_AT]
    stored.save()
    response = client.get(reverse("home"), secure=True)
    assert response.status_code == 200
    session = response.cookies["__Host-mukti-session"]
    assert (session["secure"], session["httponly"], session["samesite"]) == (True, True, "Lax")
    assert (session["path"], session["domain"]) == ("/", "")
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["Content-Security-Policy"] == POLICY


# -- 3 and 4a. Every page: no inline script or style, same-origin assets, tokens in post forms ----


def test_the_page_audit_catches_what_it_looks_for() -> None:
    bad = audit(
        '<body><script>alert(1)</script><a href=" JavaScript:alert(1)">x</a>'
        '<p style="color:red" onclick="x()">y</p><style>p{}</style>'
        '<script src="https://cdn.example.com/x.js"></script><link href="//evil/x.css">'
        '<div hx-on:click="x()"></div><form method="POST"><input name="a"></form></body>'
    )
    assert len(bad.problems) == 9, bad.problems
    good = audit(
        '<body hx-headers=\'{"X-CSRFToken": "t"}\'><script src="/static/x.js" defer></script>'
        '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="t"></form>'
        '<form method="get"></form></body>'
    )
    assert good.problems == []


def get_urls(url_arguments: dict[str, Any]) -> Iterator[tuple[str, Any, dict[str, Any], str]]:
    """Every URL of the all-URLs test, and the add page of every care and justice record."""
    for name, pattern, kwargs, url in every_url(url_arguments):
        yield name, pattern, kwargs, url
        records: dict[str, tuple[str, Collection[str]]] = {
            "care:record-add": ("kind", CARE_RECORDS),
            "justice:record-add": ("record", JUSTICE_RECORDS),
        }
        if name in records:
            argument, kinds = records[name]
            for kind in sorted(set(kinds) - {kwargs[argument]}):
                other = {**kwargs, argument: kind}
                yield name, pattern, other, reverse(name, kwargs=other)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["supervisor", "caseworker", "administrator"])
def test_no_page_has_inline_script_or_style_and_every_post_form_has_a_csrf_token(
    role: str, cast: dict[str, User], url_arguments: dict[str, Any], case: Any, draft: Any
) -> None:
    client = Client(raise_request_exception=False)
    sign_in(client, cast[role])
    pages = 0
    problems: list[str] = []
    for _name, _pattern, _kwargs, url in get_urls(url_arguments):
        for htmx in (False, True):
            headers = {"HX-Request": "true"} if htmx else {}
            response = client.get(url, headers=headers)
            assert response.status_code < 500, f"GET {url} as {role}: {response.status_code}"
            if response.status_code != 200:
                continue
            if not response["Content-Type"].startswith("text/html"):
                continue
            where = f"GET {url}{' (htmx)' if htmx else ''} as {role}"
            assert response["Content-Security-Policy"] == POLICY, where
            page = audit(response.content.decode())
            problems += [f"{where}: {problem}" for problem in page.problems]
            pages += 1
    assert problems == []
    assert pages >= {"supervisor": 60, "caseworker": 60, "administrator": 10}[role]


# -- 4b. Every POST without the token is refused and changes nothing ----------------------------

ROLE_ORDER = ["supervisor", "caseworker", "legal_officer", "aftercare_officer", "data_officer"]
ROLE_ORDER += ["administrator", "other_caseworker"]


@pytest.mark.django_db
def test_every_post_without_the_csrf_token_is_refused_and_changes_nothing(
    cast: dict[str, User], url_arguments: dict[str, Any], case: Any, draft: Any
) -> None:
    clients: dict[str, Client] = {}
    for role in ROLE_ORDER:
        clients[role] = Client(enforce_csrf_checks=True, raise_request_exception=False)
        sign_in(clients[role], cast[role])  # before the snapshot: login writes last_login
    clients["anonymous"] = Client(enforce_csrf_checks=True, raise_request_exception=False)
    before = snapshot()
    posted = 0
    for name, pattern, kwargs, url in get_urls(url_arguments):
        if api_access(pattern) is not None:
            # The API has no CSRF token to check: it reads no session cookie, only a token a
            # program sends, which another site cannot make a browser send.
            response = clients["supervisor"].post(url, {"title": "x"})
            assert response.status_code in (401, 405), f"POST {url} ({name})"
            posted += 1
            continue
        obj = case if "reference" in kwargs else draft if "draft_id" in kwargs else None
        allowed = [r for r in ROLE_ORDER if can(cast[r], pattern.callback.mukti_access, obj)]
        role = allowed[0] if allowed else "anonymous"
        assert can(None if role == "anonymous" else cast[role], pattern.callback.mukti_access, obj)
        response = clients[role].post(url, {"title": "x", "reason": "x", "version": "1"})
        assert response.status_code == 403, f"POST {url} ({name}) as {role}: {response.status_code}"
        assert b"CSRF" in response.content, f"POST {url} ({name}) as {role}"
        posted += 1
    assert posted >= 70
    assert snapshot() == before


# -- 4c. htmx sends the token ------------------------------------------------------------------


@pytest.mark.django_db
def test_htmx_requests_carry_the_csrf_token_from_the_body(cast: dict[str, User], case: Any) -> None:
    # CSRF_COOKIE_HTTPONLY: no script can read the cookie, so the token must be in the page.
    client = Client(enforce_csrf_checks=True)
    sign_in(client, cast["caseworker"])
    page = client.get(reverse("cases:case-detail", kwargs={"reference": case.reference}))
    assert page.status_code == 200
    body = audit(page.content.decode()).body_attrs
    token = json.loads(body["hx-headers"])["X-CSRFToken"]
    assert token
    event = case.events.get()
    url = reverse("cases:event-edit", kwargs={"reference": case.reference, "event_id": event.pk})
    note = "Confirmed by the hotline the next morning."
    refused = client.post(url, {"note": note}, headers={"HX-Request": "true"})
    assert refused.status_code == 403
    edit = client.get(url, headers={"HX-Request": "true"})
    form = {**initial_values(edit.content.decode(), "note"), "note": note}
    sent = client.post(url, form, headers={"HX-Request": "true", "X-CSRFToken": token})
    assert sent.status_code in (200, 204, 302), sent.content.decode()[:2000]
    event.refresh_from_db()
    assert event.note == note
