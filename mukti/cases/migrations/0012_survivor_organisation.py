"""A survivor belongs to the organisation of her case; pseudonyms are unique within one."""

import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


def from_her_case(apps, schema_editor):
    Survivor = apps.get_model("cases", "Survivor")
    CaseSurvivor = apps.get_model("cases", "CaseSurvivor")
    for survivor_id, organisation_id in CaseSurvivor.objects.order_by("pk").values_list(
        "survivor_id", "case__organisation_id"
    ):
        Survivor.objects.filter(pk=survivor_id, organisation_id=None).update(
            organisation_id=organisation_id
        )
    # A survivor in no case (never made by the services) joins the first organisation.
    Organisation = apps.get_model("accounts", "Organisation")
    first = Organisation.objects.order_by("pk").first()
    if first is not None:
        Survivor.objects.filter(organisation_id=None).update(organisation_id=first.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_organisations"),
        ("cases", "0011_case_organisation"),
    ]

    operations = [
        migrations.AddField(
            model_name="survivor",
            name="organisation",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.RunPython(from_her_case, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="survivor",
            name="organisation",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.AlterField(
            model_name="survivor",
            name="pseudonym",
            field=models.CharField(max_length=80, verbose_name="pseudonym"),
        ),
        migrations.AddConstraint(
            model_name="survivor",
            constraint=models.UniqueConstraint(
                models.F("organisation"),
                django.db.models.functions.text.Lower("pseudonym"),
                name="survivor_pseudonym_unique_in_organisation",
            ),
        ),
    ]
