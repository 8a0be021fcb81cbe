"""`mukti serve`: the site under gunicorn, as production runs it.

Django's development server (`mukti demo`, `runserver`) is for one person on one machine;
gunicorn runs several worker processes, restarts one that hangs, and is what the systemd unit in
deploy/ starts. Behind a TLS proxy (deploy/Caddyfile) it listens on loopback only.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


def gunicorn_options(
    *, bind: str, workers: int, threads: int, timeout: int, max_requests: int = 0
) -> dict[str, Any]:
    return {
        "bind": bind,
        "workers": workers,
        # One thread: gunicorn's sync worker, which accepts a connection only when it is free,
        # answers one request and closes it. Requests wait in the one listening queue that
        # every worker takes from, so none waits behind a busy worker while another is idle.
        # A thread worker takes connections as they come and keeps them alive: a user's next
        # requests queue behind whatever that worker is doing. 50 users on 2 workers, runs
        # alternating: p95 146-178 ms with one thread, 202-236 ms with two, and less CPU per
        # request (docs/benchmarks.md). The sync worker needs a proxy that buffers slow uploads
        # and downloads (deploy/Caddyfile does).
        "worker_class": "sync" if threads == 1 else "gthread",
        "threads": threads,
        # A sync worker that has not finished its request after this long is killed and
        # restarted (a thread worker's were not: its main loop kept answering gunicorn's
        # heartbeat). A case report PDF takes a few seconds; an HTCDS export of 10,000 cases
        # took 16 s on a loaded machine, so a large organisation's can take minutes.
        "timeout": timeout,
        "graceful_timeout": 30,
        # Workers are not restarted after a number of requests unless asked (a slow leak would
        # be bounded by it): a gthread worker (two threads or more) that restarts drops the
        # connections it has taken but not yet read, and each restart lost a few requests under
        # load (docs/deploy.md).
        # A worker's memory stayed flat over 1,200 requests (docs/benchmarks.md).
        "max_requests": max_requests,
        "max_requests_jitter": max_requests // 10,
        # The proxy on this machine sets X-Forwarded-Proto; Django trusts it (settings.py).
        "forwarded_allow_ips": "127.0.0.1,::1",
        "accesslog": "-",
        "errorlog": "-",
        # Access lines carry no query string: search words and filters can name people.
        "access_log_format": '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms',
    }


def freeze_start_up() -> None:
    """Move everything loaded so far out of the garbage collector's sight (``gc.freeze``).

    Django, the apps, their URL patterns and views live as long as the process; left in the
    collector's oldest generation, every full collection in a worker walked all of them again
    (54–74 ms, in 3–4 of 100 case-page requests: issue 24). Called in gunicorn's master before
    it forks the workers, which inherit the frozen objects (and share their pages longer, as
    the collector no longer writes to them); the in-process benchmark calls it after its
    set-up, so that it measures what a worker does. Then the collector's thresholds
    (``GC_THRESHOLDS``), which the workers inherit too.
    """
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 -- imports every view now, once, not per worker
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


# The youngest generation collected after 7,000 new container objects instead of 700: a case
# page makes some 2,000 that live until its answer is sent, and with Python's default the
# collector ran about four times a page, at 6-8 ms of CPU a page all told (measured with
# gc.callbacks, in-process, 80 requests); at 7,000, 1.6-5.5 ms. The older generations keep
# their default ratios. (Python 3.13 raised its own default to 2,000.)
GC_THRESHOLDS = (7000, 10, 10)


class Command(BaseCommand):
    help = "Serve the site under gunicorn (production). Put a TLS proxy in front (deploy/)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default=os.environ.get("MUKTI_BIND", "127.0.0.1:8000"),
            help="Address to listen on (default %(default)s; MUKTI_BIND).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("MUKTI_WORKERS", "0")) or (os.cpu_count() or 1) + 1,
            help="Worker processes (default: cores + 1; MUKTI_WORKERS).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("MUKTI_THREADS", "1")),
            help="Threads per worker (default %(default)s: gunicorn's sync worker; more: its "
            "thread worker; MUKTI_THREADS).",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=int(os.environ.get("MUKTI_TIMEOUT", "300")),
            help="Seconds a request may take before its worker is restarted (default "
            "%(default)s; MUKTI_TIMEOUT).",
        )
        parser.add_argument(
            "--max-requests",
            type=int,
            default=int(os.environ.get("MUKTI_MAX_REQUESTS", "0")),
            help="Restart a worker after about this many requests, if its memory grows; 0: "
            "never (default %(default)s; MUKTI_MAX_REQUESTS).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from gunicorn.app.base import BaseApplication

        from mukti.wsgi import application

        if options["workers"] < 1 or options["threads"] < 1:
            raise CommandError("--workers and --threads must be at least 1.")
        if options["timeout"] < 1:
            raise CommandError("--timeout must be at least 1 second.")
        if options["max_requests"] < 0:
            raise CommandError("--max-requests must be 0 (never restart) or more.")
        if not settings.PRODUCTION:
            self.stderr.write(
                "Note: MUKTI_ENV is not 'production': development settings (secrets in var/, "
                "no secure cookies). Set MUKTI_ENV=production on a real server (docs/deploy.md)."
            )
        config = gunicorn_options(
            bind=options["bind"],
            workers=options["workers"],
            threads=options["threads"],
            timeout=options["timeout"],
            max_requests=options["max_requests"],
        )

        class Server(BaseApplication):
            def load_config(self) -> None:
                assert self.cfg is not None  # made by BaseApplication before it loads
                for key, value in config.items():
                    if value is not None:
                        self.cfg.set(key, value)

            def load(self) -> Any:
                return application

        each = (
            "one request at a time each"
            if options["threads"] == 1
            else f"{options['threads']} threads each"
        )
        self.stdout.write(
            f"Serving on http://{options['bind']}/ with {options['workers']} workers ({each}). "
            "Ctrl+C stops."
        )
        self.stdout.flush()
        freeze_start_up()
        Server().run()
