"""Failed sign-ins are counted by a keyed hash of the name typed, never the text itself (it may
be a password typed into the wrong box). Rows already kept are hashed in place, then the column
shrinks to a digest's length. The hashing is frozen here as ``audit.services.keyed_digest``
does it today."""

import hashlib
import hmac

from django.conf import settings
from django.db import migrations, models


def _digest(typed):
    key = hmac.new(
        settings.MUKTI_AUDIT_KEY.encode(), b"mukti.digest.username", hashlib.sha256
    ).digest()
    text = typed.strip().lower()[:150]
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def hash_names(apps, schema_editor):
    LoginFailure = apps.get_model("accounts", "LoginFailure")
    for failure in LoginFailure.objects.all():
        failure.username = _digest(failure.username)
        failure.save(update_fields=["username"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_move_second_factors_out_of_plain_text")]

    operations = [
        # One way: the names typed are not kept anywhere to write back.
        migrations.RunPython(hash_names, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="loginfailure",
            name="username",
            field=models.CharField(max_length=64),
        ),
    ]
