"""The case page's "Referrals" panel (registered in cases/panels.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mukti.cases.models import Case
from mukti.core.http import AuthedRequest
from mukti.referrals import selectors


def case_referrals(request: AuthedRequest, case: Case, page: Mapping[str, Any]) -> dict[str, Any]:
    return {"referrals": selectors.case_referrals(case=case)}
