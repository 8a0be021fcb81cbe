from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from mukti.audit.models import AuditRecord
from mukti.audit.services import (
    AnchorError,
    anchor_make,
    anchors_parse,
    keyed_digest,
    verify_chain,
)


class Command(BaseCommand):
    help = (
        "Work with the audit log. `mukti audit verify` checks the keyed hash chain end to end; "
        "`mukti audit anchor` prints the signed head of the chain, to keep off this machine."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser(
            "verify", help="Walk the chain; exit 1 naming the first bad record."
        )
        verify.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="FILE_OR_STRING",
            help="An anchor printed earlier by `mukti audit anchor`, or a file of them (one a "
            "line). The chain must still reach and match each. May be given more than once.",
        )
        digest = sub.add_parser(
            "digest",
            help="Print how failed sign-ins with this (unknown) username are named in the log.",
        )
        digest.add_argument("name")
        sub.add_parser(
            "anchor",
            help="Print the signed head of the chain (sequence number, hash, signature). Keep "
            "it elsewhere; `verify --anchor` then detects records removed after it was printed.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "anchor":
            self.stdout.write(str(anchor_make()))
            return
        if options["subcommand"] == "digest":
            digest = keyed_digest("username", options["name"].strip().lower()[:150])
            self.stdout.write(f"unknown username {digest[:16]}")
            return
        anchors = []
        for given in options["anchor"]:
            path = Path(given)
            is_file = not given.startswith("mukti-audit") and path.is_file()
            text = path.read_text() if is_file else given
            try:
                anchors += anchors_parse(text)
            except AnchorError as error:
                raise CommandError(
                    f"Cannot use the anchor {given!r}: {error}.", returncode=2
                ) from None
        total = AuditRecord.objects.count()
        with tqdm(total=total, unit="rec", desc="Verifying", disable=None, file=self.stderr) as bar:
            result = verify_chain(on_record=lambda: bar.update(1), anchors=anchors)
        if not result.ok:
            raise CommandError(f"Audit chain broken: {result.problem}.", returncode=1)
        anchored = f", {len(anchors)} anchors matched" if anchors else ""
        self.stdout.write(f"Audit chain intact: {result.checked} records verified{anchored}.")
