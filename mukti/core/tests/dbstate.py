"""What is in the database, to prove that a refused request changed nothing (no half-save)."""

from __future__ import annotations

from typing import Any

from django.db import connection

# The sign-in gate records activity in the session, refused request or not; an API token notes
# its last use and counts requests for its rate limit, refused request or not.
VOLATILE = {"django_session", "api_apitoken"}


def row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(include_views=False)):
            # The name comes from introspection, not from a request.
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def snapshot() -> dict[str, Any]:
    """Row counts of every table, and the rows of every table but the session table."""
    state: dict[str, Any] = {f"{table} rows": n for table, n in row_counts().items()}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(include_views=False)):
            if table in VOLATILE:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = [
                tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                for row in cursor.fetchall()
            ]
            state[table] = sorted(map(repr, rows))
    return state
