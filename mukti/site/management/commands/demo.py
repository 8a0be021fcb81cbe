from __future__ import annotations

import signal
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.servers.basehttp import get_internal_wsgi_application, run

from mukti.accounts.demo import demo_users_never_signed_in, users_load_demo
from mukti.accounts.services import user_issue_password
from mukti.care.demo import care_load_demo
from mukti.core.devserver import PromptWSGIServer
from mukti.deadlines.services import clocks_rebuild
from mukti.directory.demo import directory_load_demo
from mukti.documents.demo import documents_load_demo
from mukti.justice.demo import justice_load_demo
from mukti.site.demo import cases_load_demo, demo_recorded_as_it_happened


class Command(BaseCommand):
    help = (
        "Set up a demo instance (migrate, load fictional demo data, issue a one-time admin "
        "password) and serve it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--no-serve", action="store_true", help="Set everything up, print the login, exit."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        admin = users_load_demo()
        directory_load_demo(actor=admin)
        cases_load_demo()
        care_load_demo()
        justice_load_demo()
        documents_load_demo()
        demo_recorded_as_it_happened()
        clocks_rebuild()
        password = user_issue_password(actor=None, user=admin)
        host, port = options["host"], options["port"]
        self.stdout.write(f"Admin login: {admin.username} / {password}")
        # The other demo users' passwords appear here, on the server operator's console, and
        # nowhere on the web: an administrator never sees anyone's password (docs/security.md).
        # Only those who never signed in get one, so a run does not undo a chosen password.
        others = [
            f"{user.username} / {user_issue_password(actor=None, user=user)}"
            for user in demo_users_never_signed_in()
        ]
        self.stdout.write(
            "Other demo users (one-time passwords, shown only on this console): "
            + (", ".join(others) or "none left to issue (each has signed in)")
        )
        if options["no_serve"]:
            return
        # The task worker (alerts, e-mails to the console, clock rebuilds) runs beside the server
        # and stops with it.
        worker = subprocess.Popen(
            [sys.executable, "-m", "mukti.cli", "worker"], stdout=subprocess.DEVNULL
        )
        self.stdout.write(f"Task worker started (pid {worker.pid}).")
        # `kill` (SIGTERM) stops the demo like Ctrl+C does, so the worker is stopped with it.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        self.stdout.write(f"Serving on http://{host}:{port}/")
        sys.stdout.flush()
        try:
            run(
                host,
                port,
                get_internal_wsgi_application(),
                threading=True,
                server_cls=PromptWSGIServer,
            )
        except OSError as error:
            raise CommandError(
                f"Cannot serve on {host}:{port} ({error.strerror}). "
                "Is another server using it? Try: make demo PORT=8123"
            ) from None
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")
        finally:
            worker.terminate()
            worker.wait(timeout=10)
