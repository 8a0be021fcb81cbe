"""`mukti worker` runs the queue through django_tasks_db's public interface, so an upgrade of the
package cannot stop alerts silently, and queues one clock scan at a time."""

from __future__ import annotations

import ast
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

import mukti


def test_no_module_reaches_into_the_queue_packages_internals() -> None:
    """Its management commands' classes are not its interface: the command itself is."""
    internal = ("django_tasks_db.management", "django_tasks.management")
    offenders = []
    for path in Path(mukti.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            offenders += [f"{path.name}: {n}" for n in names if n.startswith(internal)]
    assert offenders == []


@pytest.mark.django_db(transaction=True)  # the queue's worker commits like a real one
def test_a_scan_is_not_queued_again_while_the_last_one_waits(settings: Any) -> None:
    from mukti.deadlines.management.commands.worker import ScanSchedule

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    schedule = ScanSchedule()
    assert schedule.tick() is True
    assert schedule.tick() is False  # the first is still waiting for the worker
    assert DBTaskResult.objects.count() == 1
    call_command(
        "db_worker", queue_name="*", batch=True, reload=False, startup_delay=False,
        stdout=io.StringIO(),
    )  # fmt: skip
    assert schedule.tick() is True  # the last one ran: the next minute's scan is queued
    assert [r.status for r in DBTaskResult.objects.order_by("enqueued_at")] == [
        "SUCCESSFUL", "READY"
    ]  # fmt: skip
