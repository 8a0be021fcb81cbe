"""Running `mukti serve` as production does, on loopback, for the tests and benchmarks that
drive it over real HTTP (core/tests/test_production_server.py, ``python -m bench http``).

Nothing here is used by the site itself: it builds the environment of a production server (every
secret set, HTTPS cookie settings, ``X-Forwarded-Proto`` trusted as behind the TLS proxy of
deploy/), finds a free port, waits for the server to answer, and reads the fields of a form as a
browser would send them.
"""

from __future__ import annotations

import http.client
import os
import secrets
import socket
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

from cryptography.fernet import Fernet


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def production_environment(
    *,
    database_url: str,
    data_dir: Path,
    secret_key: str | None = None,
    field_keys: str | None = None,
    backup_key: str | None = None,
    audit_key: str | None = None,
) -> dict[str, str]:
    """This process's environment without its Mukti and Django settings, plus what
    ``MUKTI_ENV=production`` requires for a server on 127.0.0.1 behind a TLS proxy. Secrets not
    given are made afresh (give the ones a database was written with to read its encrypted
    fields and extend its audit chain)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MUKTI_", "DJANGO_")) and k not in {"DATABASE_URL", "DEBUG"}
    }
    env.update(
        MUKTI_ENV="production",
        DATABASE_URL=database_url,
        MUKTI_DATA_DIR=str(data_dir),
        SECRET_KEY=secret_key or secrets.token_urlsafe(50),
        MUKTI_FIELD_KEYS=field_keys or Fernet.generate_key().decode(),
        MUKTI_BACKUP_KEY=backup_key or Fernet.generate_key().decode(),
        MUKTI_AUDIT_KEY=audit_key or secrets.token_hex(32),
        ALLOWED_HOSTS="127.0.0.1",
        CSRF_TRUSTED_ORIGINS="https://127.0.0.1",
        PYTHONUNBUFFERED="1",
    )
    return env


def wait_until_serving(port: int, server: subprocess.Popen[str], seconds: float = 60) -> str:
    """Waits for ``/healthz`` to answer; returns its Server header. Raises if the server stops
    or does not answer in time."""
    deadline = time.monotonic() + seconds
    while True:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request(
                "GET", "/healthz", headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
            )
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"/healthz answered {response.status}")
            return response.getheader("Server") or ""
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("mukti serve stopped") from None
            if time.monotonic() > deadline:
                raise RuntimeError("mukti serve did not start") from None
            time.sleep(0.3)
        finally:
            connection.close()


class Form(HTMLParser):
    """The fields of the first form posting to ``action`` (or of the page's first form, in its
    main region: the header holds the sign-out form), with the
    values a browser would send untouched: text and hidden inputs, checked boxes, the selected
    option (or the first) of each select, textareas. ``options`` lists each select's values."""

    def __init__(self, html: str, action: str | None = None) -> None:
        super().__init__()
        self.action, self._in, self._done = action, False, False
        self.fields: dict[str, str] = {}
        self.options: dict[str, list[str]] = {}
        self._select: str | None = None
        self._chosen = False
        self._textarea: str | None = None
        self._main = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "main":
            self._main = True
        if tag == "form" and not self._done and not self._in:
            if a.get("action", "") == self.action or (self.action is None and self._main):
                self._in = True
            return
        if not self._in:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.setdefault(name, a.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                self.fields[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select, self._chosen = name, False
            self.options[name] = []
        elif tag == "option" and self._select:
            self.options[self._select].append(a.get("value", ""))
            if "selected" in a or (not self._chosen and self._select not in self.fields):
                self.fields[self._select] = a.get("value", "")
                self._chosen = "selected" in a or self._chosen
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._in:
            self._in, self._done = False, True
