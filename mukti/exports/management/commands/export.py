from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from mukti.accounts.models import Organisation
from mukti.core.errors import ApplicationError
from mukti.exports import ctdc, services


class Bar:
    """One tqdm bar per stage on stderr (hidden when stderr is not a terminal)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.bar: tqdm[Any] | None = None

    def stage(self, label: str, total: int) -> None:
        self.close()
        self.bar = tqdm(total=total, desc=label, unit="row", disable=None, file=self.stream)

    def advance(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def organisation_named(name: str | None) -> Organisation:
    if name:
        found = Organisation.objects.filter(name__iexact=name.strip()).first()
        if found is None:
            raise CommandError(f"No organisation is called {name!r}.", returncode=2)
        return found
    names = list(Organisation.objects.order_by("name").values_list("name", flat=True)[:2])
    if len(names) != 1:
        raise CommandError(
            "Say which organisation's survivors to export: --organisation NAME "
            "(see mukti organisation list).",
            returncode=2,
        )
    return Organisation.objects.get(name=names[0])


class Command(BaseCommand):
    help = (
        "Export for a named partner the survivors whose data-sharing consent in force names it: "
        "'htcds' (HTCDS v2.0, a zip of one CSV per table, or --format json) or 'dataset' (the "
        "anonymised dataset in CTDC's shape, k-anonymous). Audited. See docs/htcds.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["htcds", "dataset"])
        parser.add_argument("--partner", required=True, help="As named in the consents.")
        parser.add_argument("--organisation", help="Needed when there are several.")
        parser.add_argument("--format", choices=services.FORMATS, default="zip")
        parser.add_argument("--k", type=int, default=ctdc.K, help="dataset only; at least 11")
        parser.add_argument("--output", type=Path, help="File to write (default: its name).")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = organisation_named(options["organisation"])
        bar = Bar(self.stderr)
        try:
            if options["what"] == "htcds":
                export = services.htcds_export(
                    actor=None, organisation=organisation, partner=options["partner"],
                    fmt=options["format"], progress=bar,
                )  # fmt: skip
            else:
                export = services.dataset_export(
                    actor=None, organisation=organisation, partner=options["partner"],
                    k=options["k"], progress=bar,
                )  # fmt: skip
        except ApplicationError as error:
            raise CommandError(error.message, returncode=2) from None
        finally:
            bar.close()
        path: Path = options["output"] or Path(export.filename)
        path.write_bytes(export.body)
        rows = ", ".join(f"{table}: {count}" for table, count in export.rows.items())
        self.stdout.write(
            f"Wrote {path}: {export.survivors} survivor(s) included, {export.left_out} left out "
            f"(no data-sharing consent in force naming {export.partner}); rows: {rows}."
        )
        if options["what"] == "dataset":
            self.stdout.write(
                f"{export.generalised} row(s) generalised, {export.suppressed} suppressed "
                f"(k = {options['k']})."
            )
        if export.note:
            self.stdout.write(export.note)
