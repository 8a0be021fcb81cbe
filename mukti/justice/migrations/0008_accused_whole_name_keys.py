from django.db import migrations


def reindex_accused(apps, schema_editor):
    """Rewrite the blind indexes of every accused person (justice.keys: pure): names are now
    also indexed whole (core.names.whole_keys) and an initial "y" is said as "j"."""
    from mukti.justice import keys

    accused = apps.get_model("justice", "Accused")
    accused_keys = apps.get_model("justice", "AccusedKey")
    for person in accused.objects.iterator():
        have = set(accused_keys.objects.filter(accused=person).values_list("digest", flat=True))
        wanted = keys.digests(name=person.name, aliases=person.aliases, phone=person.phone)
        accused_keys.objects.filter(accused=person, digest__in=have - wanted).delete()
        accused_keys.objects.bulk_create(
            accused_keys(accused=person, digest=digest) for digest in wanted - have
        )


class Migration(migrations.Migration):
    dependencies = [("justice", "0007_accused_name_sound_keys")]

    operations = [migrations.RunPython(reindex_accused, migrations.RunPython.noop)]
