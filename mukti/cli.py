"""The ``mukti`` command: Django's management commands under one name, with plain errors.

A configuration or connection problem is reported in one line (exit status 2), not a traceback.
"""

from __future__ import annotations

import os
import sys

ALIASES = {"check-k": "check_k"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mukti.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    # Commands whose documented name is not a Python module's (``mukti check-k``).
    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as error:
        sys.stderr.write(f"mukti: configuration error: {error}\n")
        sys.exit(2)

    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    try:
        execute_from_command_line(["mukti", *args])
    except OperationalError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        sys.stderr.write(f"mukti: cannot use the database: {first}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
