from django.db import migrations


def create_head(apps, schema_editor):
    AuditHead = apps.get_model("audit", "AuditHead")
    AuditHead.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    """The chain's single head row, which every append locks."""

    dependencies = [("audit", "0001_hash_chained_audit_log")]

    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
