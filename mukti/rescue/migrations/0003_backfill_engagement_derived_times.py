import datetime as dt

from django.db import migrations
from django.db.models import Exists, OuterRef, Q, Subquery


def backfill(apps, schema_editor):
    Engagement = apps.get_model("rescue", "Engagement")
    Event = apps.get_model("cases", "Event")
    event = Event.objects.filter(pk=OuterRef("event_id"))
    Engagement.objects.update(
        asked_at=Subquery(event.values("occurred_at")[:1]),
        asked_precise=Exists(event.filter(precision="time")),
    )
    rescue_after = Event.objects.filter(
        Q(type="rescue") | Q(type="rescue_attempt", outcome="rescued"),
        case_id=OuterRef("case_id"),
        occurred_at__gte=OuterRef("asked_at"),
        occurred_at__lte=OuterRef("asked_at") + dt.timedelta(days=3),
    )
    Engagement.objects.filter(asked_at__isnull=False).update(rescue_followed=Exists(rescue_after))


class Migration(migrations.Migration):
    """Fill the derived request time and "a rescue followed" of existing engagements."""

    dependencies = [("rescue", "0002_engagement_derived_times"), ("cases", "0004_event_indexes_for_periods_and_rescues")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
