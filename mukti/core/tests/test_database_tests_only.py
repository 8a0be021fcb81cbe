"""CI's PostgreSQL run leaves out the tests that use no database (MUKTI_DATABASE_TESTS_ONLY=1,
mukti/conftest.py): never one that does, through pytest-django or by itself."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

FILES = [
    "mukti/deadlines/tests/test_clock_arithmetic.py",  # pure arithmetic: no database
    "mukti/deadlines/tests/test_clocks.py",  # pytest-django's database, through `cast`
    "mukti/deadlines/tests/test_crash.py",  # its own instance on the configured database
]


def collected(only: bool) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "MUKTI_DATABASE_TESTS_ONLY"}
    if only:
        env["MUKTI_DATABASE_TESTS_ONLY"] = "1"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", "", "-p", "no:xdist",
         "-p", "no:cacheprovider", *FILES],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return [line for line in result.stdout.splitlines() if "::" in line]


@pytest.mark.slow
def test_the_database_run_keeps_every_test_that_uses_a_database_and_only_those() -> None:
    everything = collected(only=False)
    kept = collected(only=True)
    files = {test.split("::")[0] for test in kept}
    assert files == set(FILES[1:])
    assert kept == [t for t in everything if not t.startswith(FILES[0])]
