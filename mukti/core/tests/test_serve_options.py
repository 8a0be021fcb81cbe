"""`mukti serve`'s worker restarts: off unless asked, since a restarting gunicorn thread worker
drops the connections it has accepted but not yet read (docs/deploy.md)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from mukti.core.management.commands.serve import gunicorn_options


def test_workers_are_not_restarted_after_a_number_of_requests_unless_asked() -> None:
    options = gunicorn_options(bind="127.0.0.1:0", workers=2, threads=2, timeout=60)
    assert options["max_requests"] == 0 and options["max_requests_jitter"] == 0
    asked = gunicorn_options(
        bind="127.0.0.1:0", workers=2, threads=2, timeout=60, max_requests=5000
    )
    assert asked["max_requests"] == 5000 and asked["max_requests_jitter"] == 500


def test_a_negative_number_of_requests_is_refused_with_a_message() -> None:
    with pytest.raises(CommandError, match="--max-requests must be 0"):
        call_command("serve", max_requests=-1)


def test_start_up_is_frozen_and_the_young_generation_collected_less_often() -> None:
    import gc

    from mukti.core.management.commands.serve import GC_THRESHOLDS, freeze_start_up

    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    try:
        freeze_start_up()
        assert gc.get_threshold() == GC_THRESHOLDS == (7000, 10, 10)
        assert gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
