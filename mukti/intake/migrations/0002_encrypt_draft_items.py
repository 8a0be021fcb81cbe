"""A draft's extraction quotes the narrative (names, the sentences events were read from): it is
encrypted like the narrative itself. The JSON column is replaced by an encrypted text column, and
existing drafts are copied across (each value encrypted with the newest field key)."""

import mukti.core.crypto
from django.db import migrations


def encrypt_items(apps, schema_editor):
    Draft = apps.get_model("intake", "Draft")
    for draft in Draft.objects.only("pk", "items").iterator():
        draft.sealed_items = draft.items
        draft.save(update_fields=["sealed_items"])


def decrypt_items(apps, schema_editor):
    Draft = apps.get_model("intake", "Draft")
    for draft in Draft.objects.only("pk", "sealed_items").iterator():
        draft.items = draft.sealed_items
        draft.save(update_fields=["items"])


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_draft")]

    operations = [
        migrations.AddField(
            model_name="draft",
            name="sealed_items",
            field=mukti.core.crypto.EncryptedJSONField(
                blank=True, default=dict, verbose_name="extracted items"
            ),
        ),
        migrations.RunPython(encrypt_items, decrypt_items),
        migrations.RemoveField(model_name="draft", name="items"),
        migrations.RenameField(model_name="draft", old_name="sealed_items", new_name="items"),
    ]
