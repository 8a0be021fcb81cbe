"""Move each authenticator key out of django-otp's plain-text table into Authenticator (where the
field keys encrypt it), and each unused recovery code into RecoveryCode as a keyed hash; then
delete the plain-text rows. People keep their authenticator app and their unused codes (the old
codes are shorter: the security page says so and offers new ones).

The hashing is frozen here, as ``accounts.models.recovery_code_digests`` does it today.
"""

from django.conf import settings
from django.db import migrations
from django.utils.crypto import salted_hmac


def _digest(code):
    normal = "".join(ch for ch in code.lower() if ch not in " -\t")
    normal = normal.translate(str.maketrans({"o": "0", "i": "1", "l": "1"}))
    return salted_hmac(
        "mukti.accounts.recovery_code", normal, secret=settings.SECRET_KEY, algorithm="sha256"
    ).hexdigest()


def move(apps, schema_editor):
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    StaticToken = apps.get_model("otp_static", "StaticToken")
    Authenticator = apps.get_model("accounts", "Authenticator")
    RecoveryCodes = apps.get_model("accounts", "RecoveryCodes")
    RecoveryCode = apps.get_model("accounts", "RecoveryCode")
    for old in TOTPDevice.objects.order_by("pk"):
        Authenticator.objects.create(
            user_id=old.user_id,
            name=old.name,
            confirmed=old.confirmed,
            key=old.key,  # encrypted by the field as it is saved
            step=old.step,
            t0=old.t0,
            digits=old.digits,
            tolerance=old.tolerance,
            drift=old.drift,
            last_t=old.last_t,
            last_used_at=old.last_used_at,
        )
    for old in StaticDevice.objects.order_by("pk"):
        device = RecoveryCodes.objects.create(
            user_id=old.user_id, name=old.name, confirmed=old.confirmed
        )
        digests = {_digest(t.token) for t in StaticToken.objects.filter(device_id=old.pk)}
        RecoveryCode.objects.bulk_create(
            [RecoveryCode(device=device, digest=digest) for digest in sorted(digests)]
        )
    StaticToken.objects.all().delete()
    StaticDevice.objects.all().delete()
    TOTPDevice.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_second_factors_with_encrypted_keys_and_hashed_codes"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    # One way: the plain-text keys are not written back.
    operations = [migrations.RunPython(move, migrations.RunPython.noop)]
