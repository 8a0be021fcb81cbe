from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet


class CappedPaginator(Paginator):
    """Counts at most ``cap`` rows: "1,000+ cases" is as useful as "73,796 cases" to someone who
    must narrow the search anyway, and counting every match of a common word is the slowest
    part of a list page at national scale."""

    cap = 1000
    object_list: QuerySet[Any]  # it pages querysets only

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap
