"""`mukti worker`: run the database task queue and, every minute, the scan that tells people
about clocks entering their warning period or breached.

The queue is run by django_tasks_db's own `db_worker` command, its documented interface (its
internal classes may change in any release, and alerts must not stop silently with an upgrade);
that command also stops gracefully on Ctrl+C or SIGTERM, finishing the task in hand.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections
from django_tasks import TaskResult

from mukti.deadlines.tasks import clocks_scan

logger = logging.getLogger(__name__)


class ScanSchedule:
    """Queues the clock scan, but never a second one while the last is still waiting or running
    (a long rebuild holding the worker would otherwise pile scans up behind it)."""

    def __init__(self) -> None:
        self.pending: TaskResult[int] | None = None

    def tick(self) -> bool:
        if self.pending is not None:
            self.pending.refresh()
            if not self.pending.is_finished:
                return False
        self.pending = clocks_scan.enqueue()
        return True


def _scan_every(seconds: int) -> None:
    schedule = ScanSchedule()
    while True:
        close_old_connections()
        try:
            schedule.tick()
        except DatabaseError:
            # The database is down or locked for longer than its timeout: say so, try again.
            logger.exception("Could not queue the clock scan; trying again in %s s.", seconds)
        time.sleep(seconds)


class Command(BaseCommand):
    help = "Run queued tasks (e-mails, clock rebuilds) and scan the clocks for alerts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Scan once, run every queued task, then exit."
        )
        parser.add_argument(
            "--scan-every",
            type=int,
            default=settings.MUKTI_CLOCK_SCAN_SECONDS,
            help="Seconds between clock scans (default %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        every = max(1, options["scan_every"])
        worker_id = f"{socket.gethostname()}-{os.getpid()}"[:64]
        self.stdout.write(f"Worker {worker_id}: scanning clocks every {every} s. Ctrl+C stops.")
        if options["once"]:
            clocks_scan.enqueue()
            self._run_queue(worker_id, options["verbosity"], batch=True)
            return
        scans = threading.Thread(target=_scan_every, args=(every,), name="clock-scan", daemon=True)
        scans.start()
        try:
            self._run_queue(worker_id, options["verbosity"], batch=False)
        finally:
            self.stdout.write("Worker stopped.")

    def _run_queue(self, worker_id: str, verbosity: int, *, batch: bool) -> None:
        """Run every queue until stopped, or (``batch``) until nothing is left to run."""
        # db_worker installs its own Ctrl+C and SIGTERM handlers; put back whoever called us.
        handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
        try:
            call_command(
                "db_worker", queue_name="*", batch=batch, interval=1, reload=False,
                startup_delay=False, worker_id=worker_id, verbosity=verbosity,
                stdout=self.stdout, stderr=self.stderr,
            )  # fmt: skip
        finally:
            for number, handler in handlers.items():
                signal.signal(number, handler)
