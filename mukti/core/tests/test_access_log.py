"""Search terms (names) never reach the access log: runserver's and gunicorn's."""

from __future__ import annotations

import logging
from types import SimpleNamespace

from django.core.servers.basehttp import WSGIRequestHandler


class Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def test_runserver_logs_the_path_without_the_query_string() -> None:
    keep = Keep()
    logger = logging.getLogger("django.server")
    logger.addHandler(keep)
    try:
        fake = SimpleNamespace(request=None, log_date_time_string=lambda: "now")
        # The fake stands in for the handler: log_message reads only these two attributes.
        for line, status in [
            ("GET /cases/?q=Tahmina+Begum HTTP/1.1", "200"),
            ("GET /directory/search/?q=Ashok%20Halder&page=2 HTTP/1.1", "404"),
        ]:
            WSGIRequestHandler.log_message(fake, '"%s" %s %s', line, status, "512")  # type: ignore[arg-type]
    finally:
        logger.removeHandler(keep)
    assert keep.lines == [
        '"GET /cases/ HTTP/1.1" 200 512',
        '"GET /directory/search/ HTTP/1.1" 404 512',
    ]


def test_the_gunicorn_access_log_format_has_no_query_string() -> None:
    from mukti.core.management.commands.serve import gunicorn_options

    fmt = gunicorn_options(bind="127.0.0.1:0", workers=1, threads=1, timeout=1)["access_log_format"]
    assert "%(U)s" in fmt
    assert "%(r)s" not in fmt and "%(q)s" not in fmt and "%(f)s" not in fmt
