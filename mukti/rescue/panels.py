"""The case page's escalation and rescue panel (registered in cases/panels.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mukti.cases.models import Case
from mukti.core.http import AuthedRequest
from mukti.rescue import selectors
from mukti.rescue.models import Answer

# The answers a caseworker can record with one tap on the chain, without opening the form.
QUICK_ANSWERS = (Answer.VERIFIED, Answer.UNABLE_TO_TRACE, Answer.AGREED, Answer.NO_RESPONSE)


def quick_choices() -> list[tuple[str, str]]:
    return [(a.value, str(a.label)) for a in QUICK_ANSWERS]


def case_rescue(request: AuthedRequest, case: Case, page: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "chains": selectors.case_chains(case=case),
        "operations": selectors.case_operations(case=case),
        "quick_answers": quick_choices(),
    }
