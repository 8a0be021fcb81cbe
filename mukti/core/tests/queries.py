"""Counting the queries of a page, to pin them (STYLE.md rule 13)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_of(client: Any, url: str, data: dict[str, Any] | None = None) -> int:
    """How many queries one GET of ``url`` issues; the page must answer 200."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, data).status_code == 200
    return len(captured.captured_queries)
