"""`bench cases` replays each page's captured reads raw to print page / SQL: a read it skipped
would flatter the SQL side's absence. The case page's timeline on PostgreSQL is one statement
between two SET LOCAL (cases.selectors._compiled_timeline); the replay skipped it until 5 Dec
2026, so the case page's ratio read 4.0x where it was 2.1x."""

from __future__ import annotations

import pytest
from django.db import connection

from bench.cases import _fetch_every_result, _is_read


@pytest.mark.parametrize(
    ("sql", "read"),
    [
        ('SELECT "cases_case"."id" FROM "cases_case"', True),
        ("  with t as (select 1) select * from t", True),
        (
            "SET LOCAL join_collapse_limit = 1; SELECT 1; SET LOCAL join_collapse_limit TO DEFAULT",
            True,
        ),
        ("SET LOCAL statement_timeout = 0", False),
        ('INSERT INTO "audit_auditrecord" ("action") VALUES (\'read\')', False),
        ('UPDATE "api_token" SET "used" = 1', False),
        ("", False),
    ],
)
def test_what_the_replay_counts_as_a_read(sql: str, read: bool) -> None:
    assert _is_read(sql) is read


@pytest.mark.django_db
def test_the_replay_fetches_the_rows_of_a_read_between_settings() -> None:
    statements = "SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3"
    if connection.vendor == "postgresql":
        # As the case page's timeline runs: the setting lasts for this statement only.
        statements = (
            f"SET LOCAL join_collapse_limit = 1; {statements}; "
            "SET LOCAL join_collapse_limit TO DEFAULT"
        )
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    try:
        cursor.execute(statements)
        assert _fetch_every_result(cursor) == 3
    finally:
        cursor.close()
