"""Dump everything ``extract()`` returns on the dev narratives, to check that a change to the
extractor leaves its output byte for byte as it was.

    python -m bench.extract_dump /tmp/before.json   # on the old code
    python -m bench.extract_dump /tmp/after.json    # on the new code
    cmp /tmp/before.json /tmp/after.json

Each dev narrative is extracted twice: as ``bench extract`` scores it (with its reference date and
source) and bare; then each narrative joined with the next, as ``bench extract``'s throughput
measures them. Only the dev split is read.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from typing import Any

from bench.extract import extract_as_scored, joined, load


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return {"__date__": value.isoformat()}
    if isinstance(value, (set, frozenset)):
        return {"__set__": sorted(repr(v) for v in value)}
    raise TypeError(f"cannot dump {type(value).__name__}: {value!r}")


def dump() -> list[dict[str, Any]]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mukti.settings")
    from mukti.intake.extraction import extract

    documents = load("dev")
    found: list[dict[str, Any]] = [
        {"source": path.name, "as_scored": extract_as_scored(path, text, expected),
         "bare": extract(text)}
        for path, text, expected in documents
    ]  # fmt: skip
    for (path, _, _), text in zip(documents, joined(documents), strict=True):
        found.append({"source": f"{path.name} + next", "joined": extract(text)})
    return found


def main(argv: list[str]) -> int:
    out = argv[0] if argv else "-"
    if out.startswith("-") and out != "-":
        # "--help" or any other option: the usage, not a file of that name.
        sys.stdout.write((__doc__ or "") + "\n")
        return 0 if out in ("-h", "--help") else 2
    data = json.dumps(dump(), indent=1, ensure_ascii=False, default=_plain)
    if out == "-":
        sys.stdout.write(data + "\n")
    else:
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(data + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
