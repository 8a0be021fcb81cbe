"""``mukti extract FILE... [--reference-date YYYY-MM-DD] [--format json|jsonl]``

Reads narratives and prints what the extractor finds, per the extraction contract. Touches no
database. A file that cannot be read (or in which no event is recognised) gets a one-line error on
standard error naming it; the others are still printed, and the run exits with status 2.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from argparse import ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand

from mukti.intake.extraction import Extractor
from mukti.intake.loader import MAX_BYTES, UnreadableText, text_from_bytes


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {value!r}") from None


class Command(BaseCommand):
    help = "Extract a structured draft (JSON) from narrative files. Needs no database."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--reference-date", type=_date, default=None)
        parser.add_argument("--format", choices=["json", "jsonl"], default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        files: list[str] = options["files"]
        output = options["format"] or ("json" if len(files) == 1 else "jsonl")
        extractor = Extractor()
        results: list[dict[str, Any]] = []
        failed = False
        for name in files:
            try:
                result = self._one(extractor, name, options["reference_date"])
            except UnreadableText as error:
                failed = True
                sys.stderr.write(f"mukti extract: {name}: {error}\n")
                sys.stderr.flush()
                continue
            if output == "jsonl":
                sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
                sys.stdout.flush()
            else:
                results.append(result)
        if output == "json" and results:
            # One file: one object. Several files asked for as json: an array of the objects.
            document = results[0] if len(files) == 1 else results
            sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
            sys.stdout.flush()
        if failed:
            sys.exit(2)

    def _one(self, extractor: Extractor, name: str, reference: dt.date | None) -> dict[str, Any]:
        try:
            with open(name, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except IsADirectoryError:
            raise UnreadableText("is a directory, not a file") from None
        except FileNotFoundError:
            raise UnreadableText("does not exist") from None
        except OSError as error:
            raise UnreadableText(f"cannot be read ({error.strerror or error})") from None
        text = text_from_bytes(data, name)
        result = extractor.extract(text, reference_date=reference, source=name)
        if not result["events"]:
            raise UnreadableText("no events recognised: is this a narrative of what happened?")
        return result
