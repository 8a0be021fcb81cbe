"""Logging filters.

Search terms are survivors' and suspects' names: a query string must never reach the access log
(which is kept, rotated and shipped with far less care than the database).
"""

from __future__ import annotations

import logging
import re

_QUERY = re.compile(r"\?\S*")


def without_query_string(request_line: str) -> str:
    """``GET /cases/?q=Tahmina HTTP/1.1`` → ``GET /cases/ HTTP/1.1``."""
    return _QUERY.sub("", request_line)


class NoQueryStringFilter(logging.Filter):
    """Drops the query string from the request line of runserver's access log (django.server)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args and isinstance(record.args[0], str):
            record.args = (without_query_string(record.args[0]), *record.args[1:])
        elif isinstance(record.msg, str) and not record.args:
            record.msg = without_query_string(record.msg)
        return True
