from django.db import migrations

POSTGRESQL = [
    # A stored vector: matching many rows no longer recomputes to_tsvector() for each of them.
    "ALTER TABLE cases_casesearchtext ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED",
    "CREATE INDEX cases_search_tsv_stored ON cases_casesearchtext USING gin (tsv)",
    "DROP INDEX IF EXISTS cases_search_tsv",
]
POSTGRESQL_REVERSE = [
    "CREATE INDEX IF NOT EXISTS cases_search_tsv ON cases_casesearchtext "
    "USING gin (to_tsvector('simple', text))",
    "DROP INDEX IF EXISTS cases_search_tsv_stored",
    "ALTER TABLE cases_casesearchtext DROP COLUMN IF EXISTS tsv",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRESQL:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRESQL_REVERSE:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    """PostgreSQL: search a stored tsvector column (SQLite keeps its FTS5 table)."""

    dependencies = [("cases", "0004_event_indexes_for_periods_and_rescues")]

    operations = [migrations.RunPython(forward, backward)]
