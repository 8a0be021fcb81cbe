from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mukti.accounts.models import User
from mukti.care import services as care
from mukti.cases.models import Case


def kusum(case: Case) -> Any:
    return case.case_survivors.get().survivor


@pytest.fixture
def story_consent(case: Case, cast: dict[str, User]) -> Any:
    return care.consent_record(
        actor=cast["caseworker"], case=case, survivor=kusum(case), purpose="story",
        given_on=dt.date.today() - dt.timedelta(days=30),
    )  # fmt: skip
