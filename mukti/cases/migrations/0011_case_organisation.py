"""Each case belongs to its lead's organisation."""

import django.db.models.deletion
from django.db import migrations, models


def from_the_lead(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    User = apps.get_model("accounts", "User")
    for user_id, organisation_id in User.objects.values_list("pk", "organisation_id"):
        Case.objects.filter(lead_id=user_id).update(organisation_id=organisation_id)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_organisations"),
        ("cases", "0010_police_informed_event_type"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="organisation",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cases",
                to="accounts.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.RunPython(from_the_lead, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="case",
            name="organisation",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cases",
                to="accounts.organisation",
                verbose_name="organisation",
            ),
        ),
    ]
