"""Organisations: every existing account joins one organisation, "Our organisation" (an
administrator renames it with `mukti organisation rename`)."""

import django.db.models.deletion
from django.db import migrations, models


def first_organisation(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Organisation = apps.get_model("accounts", "Organisation")
    if not User.objects.exists():
        return
    organisation, _ = Organisation.objects.get_or_create(name="Our organisation")
    User.objects.update(organisation=organisation)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_two_factor_reset_requests_need_approval")]

    operations = [
        migrations.CreateModel(
            name="Organisation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, unique=True, verbose_name="name")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
            ],
            options={"ordering": ["name"]},
        ),
        migrations.AddField(
            model_name="user",
            name="organisation",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="users",
                to="accounts.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.RunPython(first_organisation, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="users",
                to="accounts.organisation",
                verbose_name="organisation",
            ),
        ),
    ]
