"""Each engagement carries its case's organisation, and the responsiveness indexes start with it.

At a million cases in fifty organisations the one-year responsiveness table read, through the
case, either every organisation's requests of the year or every request the organisation ever
made, and kept its own of the year (docs/benchmarks.md).
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def from_the_case(apps, schema_editor):
    Engagement = apps.get_model("rescue", "Engagement")
    Case = apps.get_model("cases", "Case")
    Engagement.objects.update(
        organisation=Subquery(
            Case.objects.filter(pk=OuterRef("case_id")).values("organisation")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0009_user_language"),
        ("cases", "0014_survivor_whole_name_keys"),
        ("rescue", "0006_operation_cancel_reason"),
    ]

    operations = [
        migrations.AddField(
            model_name="engagement",
            name="organisation",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organisation",
            ),
        ),
        migrations.RunPython(from_the_case, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="engagement",
            name="organisation",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organisation",
            ),
        ),
        migrations.RemoveIndex(model_name="engagement", name="engagement_period_office"),
        migrations.RemoveIndex(model_name="engagement", name="engagement_period_official"),
        migrations.AddIndex(
            model_name="engagement",
            index=models.Index(
                fields=[
                    "organisation",
                    "asked_at",
                    "office",
                    "answer",
                    "rescue_followed",
                    "asked_precise",
                    "answered_at",
                ],
                name="engagement_org_period_office",
            ),
        ),
        migrations.AddIndex(
            model_name="engagement",
            index=models.Index(
                fields=[
                    "organisation",
                    "asked_at",
                    "official",
                    "answer",
                    "rescue_followed",
                    "asked_precise",
                    "answered_at",
                ],
                name="engagement_org_period_official",
            ),
        ),
    ]
