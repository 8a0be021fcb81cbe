from django.db import migrations

SQLITE = [
    # External-content FTS5 table over cases_casesearchtext, kept in step by triggers.
    "CREATE VIRTUAL TABLE cases_case_fts USING fts5("
    "text, content='cases_casesearchtext', content_rowid='case_id', tokenize='unicode61')",
    "CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases_casesearchtext BEGIN "
    "INSERT INTO cases_case_fts(rowid, text) VALUES (new.case_id, new.text); END",
    "CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases_casesearchtext BEGIN "
    "INSERT INTO cases_case_fts(cases_case_fts, rowid, text) "
    "VALUES ('delete', old.case_id, old.text); END",
    "CREATE TRIGGER cases_fts_update AFTER UPDATE ON cases_casesearchtext BEGIN "
    "INSERT INTO cases_case_fts(cases_case_fts, rowid, text) "
    "VALUES ('delete', old.case_id, old.text); "
    "INSERT INTO cases_case_fts(rowid, text) VALUES (new.case_id, new.text); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS cases_fts_insert",
    "DROP TRIGGER IF EXISTS cases_fts_delete",
    "DROP TRIGGER IF EXISTS cases_fts_update",
    "DROP TABLE IF EXISTS cases_case_fts",
]
POSTGRESQL = [
    "CREATE INDEX cases_search_tsv ON cases_casesearchtext "
    "USING gin (to_tsvector('simple', text))",
]
POSTGRESQL_REVERSE = ["DROP INDEX IF EXISTS cases_search_tsv"]


def forward(apps, schema_editor):
    statements = SQLITE if schema_editor.connection.vendor == "sqlite" else POSTGRESQL
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = (
        SQLITE_REVERSE if schema_editor.connection.vendor == "sqlite" else POSTGRESQL_REVERSE
    )
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    """The database's own full-text index over case search text (FTS5 or tsvector + GIN)."""

    dependencies = [("cases", "0001_cases_survivors_timeline")]

    operations = [migrations.RunPython(forward, backward)]
