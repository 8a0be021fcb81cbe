"""The case page's "Documents" panel (registered in cases/panels.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mukti.cases.models import Case
from mukti.core.http import AuthedRequest
from mukti.documents import selectors


def case_documents(request: AuthedRequest, case: Case, page: Mapping[str, Any]) -> dict[str, Any]:
    return {"documents": selectors.case_documents(case=case, user=request.user)}
