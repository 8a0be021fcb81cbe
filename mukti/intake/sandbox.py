"""Read a .docx or .pdf in a child process with hard limits on time, memory and output.

A 46 KB PDF can inflate to gigabytes or keep a parser busy for twenty minutes. The parsing runs
in ``python -m mukti.intake.sandbox``, which caps its own address space (RLIMIT_AS), CPU time
(RLIMIT_CPU) and file writes (RLIMIT_FSIZE = 0) before reading a byte, and stops as soon as the
text passes the length limit. The parent kills it after a wall-clock timeout too. A limit hit is
told to the person in plain words.

The child does not set Django up (that would take longer than most reads): it only needs the
reading functions of ``loader``, whose messages it returns untranslated for the parent to
translate.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from dataclasses import dataclass

logger = logging.getLogger(__name__)

# What the child answers when a limit is hit (its stdout is one JSON object).
TOO_LONG = "too_long"
NO_MEMORY = "no_memory"


@dataclass(frozen=True)
class Limits:
    seconds: int  # CPU seconds; the wall-clock limit is twice this plus start-up
    memory_mb: int
    max_chars: int


class LimitHit(Exception):
    """A limit was hit; ``kind`` is TOO_LONG, NO_MEMORY or "time"."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


class Unreadable(Exception):
    """The child said why the file cannot be read (an untranslated loader message)."""


def read_bounded(data: bytes, kind: str, limits: Limits) -> str:
    """The text of a "docx" or "pdf" file, read by a limited child process."""
    command = [
        sys.executable,
        "-m",
        "mukti.intake.sandbox",
        kind,
        str(limits.seconds),
        str(limits.memory_mb),
        str(limits.max_chars),
    ]
    try:
        done = subprocess.run(  # noqa: S603 - our own module, argv fixed here
            command, input=data, capture_output=True, timeout=limits.seconds * 2 + 5, check=False
        )
    except subprocess.TimeoutExpired:
        raise LimitHit("time") from None
    if done.returncode < 0:  # killed by RLIMIT_CPU (SIGXCPU, then SIGKILL)
        raise LimitHit("time")
    if done.returncode != 0:
        if b"MemoryError" in done.stderr:  # dead of memory before it could say so
            raise LimitHit(NO_MEMORY)
        logger.error("intake reader failed: %s", done.stderr.decode(errors="replace")[-2000:])
        raise Unreadable("could not be read")
    answer = json.loads(done.stdout)
    if "text" in answer:
        return answer["text"]
    if answer.get("limit"):
        raise LimitHit(answer["limit"])
    raise Unreadable(answer["error"])


def _limit_self(seconds: int, memory_mb: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 1024 * 1024,) * 2)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def _child(kind: str, seconds: int, memory_mb: int, max_chars: int) -> dict[str, str]:
    from django.conf import settings

    settings.configure(USE_I18N=False)  # messages go back untranslated, as their msgids
    _limit_self(seconds, memory_mb)
    data = sys.stdin.buffer.read()
    from mukti.intake import loader

    try:
        if kind == "docx":
            text = loader.docx_text(data, max_chars=max_chars)
        else:
            text = loader.pdf_text(data, max_chars=max_chars)
    except loader.TextTooLong:
        return {"limit": TOO_LONG}
    except loader.UnreadableText as error:
        return {"error": str(error)}
    except MemoryError:
        return {"limit": NO_MEMORY}
    return {"text": text}


if __name__ == "__main__":
    kind, seconds, memory_mb, max_chars = sys.argv[1], *map(int, sys.argv[2:5])
    try:
        answer = _child(kind, seconds, memory_mb, max_chars)
    except MemoryError:
        answer = {"limit": NO_MEMORY}
    sys.stdout.write(json.dumps(answer))
