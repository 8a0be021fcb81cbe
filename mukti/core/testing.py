"""What the never-drift state machines share (for tests only: it imports Hypothesis)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings


def drift_settings(*, steps: int, examples: int | None = None, default: int = 25) -> settings:
    """Hypothesis settings of a never-drift state machine: ``examples`` sequences of up to
    ``steps`` changes; without ``examples``, ``MUKTI_DRIFT_EXAMPLES`` of them (CI sets 10 on
    PostgreSQL), else ``default``. No deadline (a step writes to the database), no health check
    (each sequence builds records), no example database (each run explores afresh)."""
    if examples is None:
        examples = int(os.environ.get("MUKTI_DRIFT_EXAMPLES", str(default)))
    return settings(
        max_examples=examples,
        stateful_step_count=steps,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
