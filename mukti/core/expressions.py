"""Query expressions the planners need help with."""

from __future__ import annotations

from django.db.models import Exists


class ExistsPerRow(Exists):
    """``Exists``, evaluated row by row where it cannot be a join (under an OR).

    PostgreSQL turns such an EXISTS into a hash of every row its subquery could match, built
    once per query, when it expects the query to read many rows: it does not count the LIMIT
    of a list. Due soon's "survivor still part of the case" was a hash of every case-survivor
    link (125,000 at 100,000 cases, 40 ms) to check the 200 clocks listed (issue 24). An
    OFFSET, even of 0, keeps the planner from rewriting the subquery, so it probes the index
    once per row it reads. ``Exists`` always limits its subquery to one row, and both databases
    accept "LIMIT 1 OFFSET 0"."""

    template = "EXISTS(%(subquery)s OFFSET 0)"
