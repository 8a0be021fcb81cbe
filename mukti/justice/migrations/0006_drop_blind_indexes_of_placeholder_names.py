# Written by hand: a data step only.

from django.db import migrations

# As typed for a man whose name was not known, before the name became optional (justice.keys
# PLACEHOLDER_NAMES at the time of this migration, copied: a migration must not change with
# the code). Their digests made every such man "the same person" as every other.
PLACEHOLDER_NAMES = (
    "unknown", "not known", "name not known", "name unknown", "unnamed", "unidentified",
    "na", "n/a", "nil", "none", "?", "??", "x",
)


def drop_placeholder_keys(apps, schema_editor):
    from mukti.core.crypto import blind_index_candidates
    from mukti.justice.keys import NAME

    AccusedKey = apps.get_model("justice", "AccusedKey")
    digests = [d for name in PLACEHOLDER_NAMES for d in blind_index_candidates(NAME, name)]
    AccusedKey.objects.filter(digest__in=digests).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("justice", "0005_accused_name_optional_when_described"),
    ]

    operations = [
        migrations.RunPython(drop_placeholder_keys, migrations.RunPython.noop),
    ]
