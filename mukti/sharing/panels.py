"""The case page's "Sharing" panel (registered in cases/panels.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mukti.cases.models import Case
from mukti.core.http import AuthedRequest
from mukti.sharing import selectors


def case_sharing(request: AuthedRequest, case: Case, page: Mapping[str, Any]) -> dict[str, Any]:
    return {"sharing": selectors.case_panel(case=case)}
