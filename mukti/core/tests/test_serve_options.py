"""`mukti serve`'s options: one request at a time per worker by default (gunicorn's sync worker,
so requests wait in one queue all workers take from); worker restarts off unless asked, since a
restarting gunicorn thread worker drops the connections it has accepted but not yet read
(docs/deploy.md)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command

from mukti.core.management.commands.serve import Command, gunicorn_options


def test_workers_are_not_restarted_after_a_number_of_requests_unless_asked() -> None:
    options = gunicorn_options(bind="127.0.0.1:0", workers=2, threads=2, timeout=60)
    assert options["max_requests"] == 0 and options["max_requests_jitter"] == 0
    asked = gunicorn_options(
        bind="127.0.0.1:0", workers=2, threads=2, timeout=60, max_requests=5000
    )
    assert asked["max_requests"] == 5000 and asked["max_requests_jitter"] == 500


def test_one_thread_is_the_sync_worker_and_more_are_the_thread_worker(monkeypatch: Any) -> None:
    assert (
        gunicorn_options(bind="127.0.0.1:0", workers=2, threads=1, timeout=60)["worker_class"]
        == "sync"
    )
    assert (
        gunicorn_options(bind="127.0.0.1:0", workers=2, threads=3, timeout=60)["worker_class"]
        == "gthread"
    )
    # The default is one thread (MUKTI_THREADS unset); the variable still chooses more.
    command = Command()
    monkeypatch.delenv("MUKTI_THREADS", raising=False)
    assert command.create_parser("mukti", "serve").parse_args([]).threads == 1
    monkeypatch.setenv("MUKTI_THREADS", "4")
    assert Command().create_parser("mukti", "serve").parse_args([]).threads == 4


def test_a_request_may_take_five_minutes_unless_told_otherwise(monkeypatch: Any) -> None:
    """A sync worker busy past the timeout is killed: long enough for a large export."""
    monkeypatch.delenv("MUKTI_TIMEOUT", raising=False)
    assert Command().create_parser("mukti", "serve").parse_args([]).timeout == 300
    monkeypatch.setenv("MUKTI_TIMEOUT", "900")
    assert Command().create_parser("mukti", "serve").parse_args([]).timeout == 900
    with pytest.raises(CommandError, match="--timeout must be at least 1"):
        call_command("serve", timeout=0)


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
