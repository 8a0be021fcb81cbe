"""Tasks on the database queue, run by `mukti worker` (synchronously in tests). Each takes ids,
loads, and calls a service (STYLE.md rule 10)."""

from __future__ import annotations

from django_tasks import task

from mukti.deadlines import services


@task()
def clocks_scan() -> int:
    """Create the notifications now due, then queue their e-mails."""
    created = services.notifications_scan()
    if created:
        notifications_email.enqueue()
    return len(created)


@task()
def notifications_email() -> int:
    return services.notifications_email()


@task()
def clocks_rebuild_task(rebuild_id: int) -> int:
    return services.rebuild_run(rebuild_id)
