"""What the benchmarks share: pointing Django at a benchmark database, and percentiles."""

from __future__ import annotations

import os
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configure(database: str, postgres_url: str, data_dir: str) -> None:
    """Point Django at a benchmark database before ``django.setup()``: an SQLite file under
    ``var/<data_dir>-sqlite/``, or the PostgreSQL database ``postgres_url`` (created if missing)
    with its development secrets under ``var/<data_dir>-postgres/``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mukti.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["MUKTI_DATA_DIR"] = str(ROOT / "var" / f"{data_dir}-{database}")
    if database == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        return
    import psycopg

    server, name = postgres_url.rsplit("/", 1)
    with psycopg.connect(server + "/postgres", autocommit=True) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            db.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = postgres_url


def percentile(values: list[float], p: int) -> float:
    """The p-th percentile (1–99), inclusive method; the one value when there is only one."""
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min) on {os.cpu_count()} cores"
