"""Each clock carries its case's organisation, so that an organisation's lists and reports read
its clocks through indexes that start with it. Existing clocks take their case's in one UPDATE:
2 min 17 s for 1.47 million clocks on PostgreSQL (about 11 minutes at a million cases); run
VACUUM (ANALYZE) on deadlines_clock afterwards (docs/deploy.md, upgrades)."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    clock = quote(apps.get_model("deadlines", "Clock")._meta.db_table)
    case = quote(apps.get_model("cases", "Case")._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {clock} SET organisation_id = c.organisation_id "  # noqa: S608
                f"FROM {case} c WHERE c.id = {clock}.case_id"
            )
        else:
            cursor.execute(
                f"UPDATE {clock} SET organisation_id = "  # noqa: S608
                f"(SELECT c.organisation_id FROM {case} c WHERE c.id = {clock}.case_id)"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0009_user_language"),
        ("cases", "0016_organisation_first_index"),
        ("deadlines", "0006_lateness_month"),
    ]

    operations = [
        migrations.AddField(
            model_name="clock",
            name="organisation",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organisation",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="clock",
            name="organisation",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organisation",
            ),
        ),
        migrations.RemoveIndex(model_name="clock", name="clock_rule_due"),
        migrations.AddIndex(
            model_name="clock",
            index=models.Index(
                condition=models.Q(satisfied_at__isnull=True),
                fields=["organisation", "recorded_late", "due_at", "id"],
                name="clock_org_open_alertable",
            ),
        ),
        migrations.AddIndex(
            model_name="clock",
            index=models.Index(
                fields=["organisation", "rule", "due_at"], name="clock_org_rule_due"
            ),
        ),
    ]
