from django.db import migrations


def reindex_survivors(apps, schema_editor):
    """Rewrite the blind indexes of every survivor (cases.names.identity_keys: pure): names are
    now also indexed whole (core.names.whole_keys) and an initial "y" is said as "j"."""
    from mukti.cases.names import PURPOSE, identity_keys
    from mukti.core.crypto import blind_index

    identities = apps.get_model("cases", "ProtectedIdentity")
    keys = apps.get_model("cases", "SurvivorKey")
    for identity in identities.objects.iterator():
        wanted = {
            blind_index(PURPOSE, key)
            for key in identity_keys(
                legal_name=identity.legal_name,
                aliases=identity.aliases,
                family_contacts=identity.family_contacts,
                home_address=identity.home_address,
            )
        }
        have = set(
            keys.objects.filter(survivor_id=identity.survivor_id).values_list("digest", flat=True)
        )
        keys.objects.filter(survivor_id=identity.survivor_id, digest__in=have - wanted).delete()
        keys.objects.bulk_create(
            keys(survivor_id=identity.survivor_id, digest=digest) for digest in wanted - have
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0013_survivor_blind_indexes_and_same_person")]

    operations = [migrations.RunPython(reindex_survivors, migrations.RunPython.noop)]
