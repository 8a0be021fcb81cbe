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
        ("SET LOCAL x = 1; WITH t AS (SELECT 1) SELECT * FROM t; SET LOCAL x TO DEFAULT", True),
        # Never a write, whatever settings come before it.
        ("SET LOCAL x = 1; UPDATE t SET a = 1; SELECT 1", False),
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


class _Results:
    """A DB-API cursor after a statement of several results (as psycopg's, with ``nextset``):
    the settings' results have no rows (no description)."""

    def __init__(self, results: list[list[tuple[int]] | None]) -> None:
        self.results, self.at = results, 0

    @property
    def description(self) -> object:
        return None if self.results[self.at] is None else ("column",)

    def fetchall(self) -> list[tuple[int]]:
        rows = self.results[self.at]
        assert rows is not None, "fetched a result without rows"
        return rows

    def nextset(self) -> bool | None:
        if self.at + 1 < len(self.results):
            self.at += 1
            return True
        return None


def test_every_result_s_rows_are_fetched_and_a_setting_s_are_not() -> None:
    assert _fetch_every_result(_Results([None, [(1,), (2,)], None])) == 2
    assert _fetch_every_result(_Results([[(1,)], [(2,), (3,)]])) == 3
    assert _fetch_every_result(_Results([None])) == 0
