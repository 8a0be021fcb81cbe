"""Partners' names in consents with their spaces collapsed, as the consent form now stores them,
so that "Shakti  Vahini" and "Shakti Vahini" are the one partner the exports and referrals ask for."""

from typing import Any

from django.db import migrations


def collapse(apps: Any, schema_editor: Any) -> None:
    Consent = apps.get_model("care", "Consent")
    for consent in Consent.objects.exclude(partner="").only("pk", "partner").iterator():
        tidy = " ".join(consent.partner.split())
        if tidy != consent.partner:
            Consent.objects.filter(pk=consent.pk).update(partner=tidy)


class Migration(migrations.Migration):
    dependencies = [("care", "0003_medico_legal_examination_kind")]
    operations = [migrations.RunPython(collapse, migrations.RunPython.noop)]
