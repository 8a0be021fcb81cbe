"""`mukti worker`: run the database task queue and, every minute, the scan that tells people
about clocks entering their warning period or breached."""

from __future__ import annotations

import os
import socket
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django_tasks_db.management.commands.db_worker import Worker

from mukti.deadlines.tasks import clocks_scan


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
        last_scan = 0.0
        try:
            while True:
                if time.monotonic() - last_scan >= every:
                    clocks_scan.enqueue()
                    last_scan = time.monotonic()
                # Run everything queued (the scan, e-mails, rebuilds), then come back.
                Worker(
                    queue_names=["*"], interval=0, batch=True, backend_name="default",
                    startup_delay=False, max_tasks=None, worker_id=worker_id,
                    excluded_queue_names=[],
                ).run()  # fmt: skip
                if options["once"]:
                    return
                time.sleep(1)
        except KeyboardInterrupt:
            self.stdout.write("Worker stopped.")
