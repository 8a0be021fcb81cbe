"""`mukti upgrade` then `mukti serve` with MUKTI_ENV=production, driven over real HTTP.

The server runs in its own process under gunicorn, on loopback, against a database of its own
(on PostgreSQL when the suite runs there: a fresh database beside the test one; otherwise an
SQLite file). The requests carry ``X-Forwarded-Proto: https`` as the TLS proxy in deploy/ sets
it, and the client keeps the ``__Host-`` cookies by hand, as a browser does over HTTPS. A new
caseworker signs in (one-time password, her own password, two-factor set-up), signs out, signs in
again with both factors, opens the case list, opens a case through the form and reads its page.
"""

from __future__ import annotations

import base64
import http.client
import re
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django_otp.oath import TOTP

from mukti.core.serving import Form, free_port, production_environment

# Each starts its own instance on the configured database (database: run on PostgreSQL too).
pytestmark = [pytest.mark.slow, pytest.mark.database]


@dataclass
class Page:
    status: int
    path: str
    text: str
    headers: dict[str, str]

    def getheader(self, name: str, default: str | None = None) -> str | None:
        return self.headers.get(name.lower(), default)


class Browser:
    """Cookies and redirects over plain HTTP to a server that believes it is behind TLS."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields: dict[str, str] | None = None) -> Page:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1{path}"  # Django checks it over HTTPS
            headers["Origin"] = "https://127.0.0.1"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, rest = value.split("=", 1)
                cookie = rest.split(";", 1)[0]
                if "Secure" not in value:
                    raise AssertionError(f"cookie {name} is not marked Secure: {value}")
                if cookie == '""' or "Max-Age=0" in value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = cookie
        page = Page(
            response.status,
            path.split("?", 1)[0],
            response.read().decode(),
            {k.lower(): v for k, v in response.getheaders()},
        )
        connection.close()
        return page

    def get(self, path: str) -> Page:
        return self.follow(self.request("GET", path))

    def post(self, path: str, fields: dict[str, str]) -> Page:
        return self.follow(self.request("POST", path, fields))

    def follow(self, response: Page) -> Page:
        for _hop in range(10):
            if response.status not in (301, 302, 303):
                return response
            location = response.getheader("Location")
            target = urllib.parse.urlsplit(location)
            assert target.netloc in ("", "127.0.0.1"), location
            response = self.request(
                "GET", target.path + (f"?{target.query}" if target.query else "")
            )
        raise AssertionError("too many redirects")

    def submit(self, page: Page, path: str, changes: dict[str, str], action: str = "") -> Page:
        fields = Form(page.text, action or None).fields
        fields.update(changes)
        return self.post(path, fields)


@contextmanager
def production_env(data_dir: Path) -> Iterator[dict[str, str]]:
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("postgresql"):
        name = f"{database['NAME']}_serve"[:63]
        admin = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/postgres"
        import psycopg

        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}"')
            db.execute(f'CREATE DATABASE "{name}"')
        url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{name}"
    else:
        name, admin, url = "", "", f"sqlite:///{data_dir / 'mukti.sqlite3'}"
    env = production_environment(database_url=url, data_dir=data_dir)
    try:
        yield env
    finally:
        if name:
            import psycopg

            with psycopg.connect(admin, autocommit=True) as db:
                db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Browser, str]]:
    with production_env(tmp_path) as env:
        mukti = [sys.executable, "-m", "mukti.cli"]
        upgrade = subprocess.run(
            [*mukti, "upgrade"], env=env, capture_output=True, text=True, timeout=600
        )
        assert upgrade.returncode == 0, upgrade.stdout + upgrade.stderr
        assert "Upgrade complete." in upgrade.stdout
        created = subprocess.run(
            [*mukti, "createuser", "meera", "--role", "caseworker"],
            env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert created.returncode == 0, created.stderr
        password = re.search(r"one-time password[^:]*: (\S+)", created.stdout, re.I)
        assert password is not None, created.stdout
        port = free_port()
        server = subprocess.Popen(
            [*mukti, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        try:
            browser = Browser(port)
            deadline = time.monotonic() + 60
            while True:
                try:
                    health = browser.request("GET", "/healthz")
                    break
                except OSError:
                    assert server.poll() is None, "mukti serve stopped"
                    assert time.monotonic() < deadline, "mukti serve did not start"
                    time.sleep(0.3)
            assert health.status == 200, health.text
            assert "gunicorn" in (health.getheader("Server") or "")
            yield browser, password.group(1)
        finally:
            server.terminate()
            output = server.communicate(timeout=30)[0]
            assert "Traceback" not in output, output


def test_production_serves_sign_in_with_both_factors_the_case_list_and_a_write(
    served: tuple[Browser, str],
) -> None:
    browser, one_time = served
    # Plain HTTP is sent to HTTPS: the proxy's header is what makes a request secure.
    plain = http.client.HTTPConnection("127.0.0.1", browser.port, timeout=30)
    plain.request("GET", "/accounts/login/", headers={"Host": "127.0.0.1"})
    redirect = plain.getresponse()
    assert redirect.status == 301 and redirect.getheader("Location", "").startswith("https://")
    plain.close()

    login = browser.get("/accounts/login/")
    assert login.status == 200
    assert "max-age=31536000" in (login.getheader("Strict-Transport-Security") or "")
    assert set(browser.cookies) == {"__Host-mukti-csrf"}
    page = browser.submit(login, "/accounts/login/", {"username": "meera", "password": one_time})
    assert "Choose your own password" in page.text, page.text[:2000]
    mine = "a-long-passphrase-of-her-own-42"
    page = browser.submit(
        page, page.path, {"old_password": one_time, "new_password1": mine, "new_password2": mine}
    )
    secret = re.search(r'data-testid="two-factor-secret">([A-Z2-7 ]+)<', page.text)
    assert secret is not None, page.text[:2000]
    key = base64.b32decode(secret.group(1).replace(" ", ""))
    totp = TOTP(key)
    page = browser.submit(page, page.path, {"code": f"{totp.token():06d}"})
    assert 'data-testid="recovery-codes"' in page.text
    assert "__Host-mukti-session" in browser.cookies

    # Signed out, she signs in again with her password and the next code of her app.
    browser.submit(browser.get("/"), "/accounts/logout/", {}, action="/accounts/logout/")
    login = browser.get("/accounts/login/")
    page = browser.submit(login, "/accounts/login/", {"username": "meera", "password": mine})
    assert page.path == "/accounts/two-factor/", page.path
    totp.drift = 1  # the code of the next step, which the one-step tolerance accepts
    page = browser.submit(page, page.path, {"code": f"{totp.token():06d}"})
    assert page.status == 200 and page.path == "/", (page.status, page.path)

    cases = browser.get("/cases/")
    assert cases.status == 200 and "Cases" in cases.text
    form = browser.get("/cases/new/")
    case = browser.submit(form, "/cases/new/", {"title": "Woman held at a house in Basirhat"})
    assert case.status == 200, case.text[:2000]
    errors = re.findall(r'class="invalid-feedback[^"]*"[^>]*>([^<]+)<', case.text)
    assert re.fullmatch(r"/cases/MK-\d{4}-\d{4}/", case.path), (case.path, errors)
    assert "Woman held at a house in Basirhat" in case.text
    again = browser.get(case.path)
    assert again.status == 200 and "Woman held at a house in Basirhat" in again.text
    # Static files are served compressed, under hashed names, cached for a year.
    css = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', again.text)
    assert css is not None, "static files are not under hashed names"
    connection = http.client.HTTPConnection("127.0.0.1", browser.port, timeout=30)
    connection.request(
        "GET", css.group(1),
        headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"},
    )  # fmt: skip
    static = connection.getresponse()
    static.read()
    assert static.status == 200
    assert static.getheader("Content-Encoding") == "gzip"
    assert "max-age=315360000" in (static.getheader("Cache-Control") or "")
    connection.close()
