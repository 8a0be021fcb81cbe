"""The deadline clocks panel of the case page (registered in cases/panels.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mukti.cases.models import Case
from mukti.core.http import AuthedRequest
from mukti.deadlines import selectors


def case_clocks(request: AuthedRequest, case: Case, page: Mapping[str, Any]) -> dict[str, Any]:
    return {"clocks": selectors.case_clocks(case=case, user=request.user)}
