from django.db import migrations


def index_name_sounds(apps, schema_editor):
    """Add the blind indexes of each name word's sound and skeleton (justice.keys: pure), so
    that accused persons already recorded are found across scripts and spellings."""
    from mukti.justice import keys

    accused = apps.get_model("justice", "Accused")
    accused_keys = apps.get_model("justice", "AccusedKey")
    for person in accused.objects.iterator():
        have = set(accused_keys.objects.filter(accused=person).values_list("digest", flat=True))
        wanted = keys.digests(name=person.name, aliases=person.aliases, phone=person.phone)
        accused_keys.objects.bulk_create(
            accused_keys(accused=person, digest=digest) for digest in wanted - have
        )


class Migration(migrations.Migration):
    dependencies = [("justice", "0006_drop_blind_indexes_of_placeholder_names")]

    operations = [migrations.RunPython(index_name_sounds, migrations.RunPython.noop)]
