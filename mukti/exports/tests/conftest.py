from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from mukti.accounts.models import User

PARTNER = "Counter Trafficking Data Collaborative"
OTHER = "Shakti Vahini"


@pytest.fixture
def caseload(case: Any, cast: dict[str, User]) -> SimpleNamespace:
    """Eleven survivors whose data-sharing consent names PARTNER (Bangladeshi), and eleven of each
    way a consent can fail to cover it (Nepali): none at all, withdrawn, expired, another partner.
    Each group of eleven is large enough to be published by the anonymised dataset if it were
    let through, so a leak would show there too."""
    from mukti.care import services as care
    from mukti.cases import services as cases
    from mukti.core.fuzzydate import parse_when

    meera = cast["caseworker"]
    groups: dict[str, list[Any]] = {}
    for group in ("consented", "none", "withdrawn", "expired", "other_partner"):
        groups[group] = []
        for n in range(11):
            survivor = cases.survivor_add(
                actor=meera,
                case=case,
                pseudonym=f"{group}-{n}",
                age_years=22,
                nationality="BD" if group == "consented" else "NP",
                identity={"legal_name": f"Legal Name {group} {n}"},
            )
            groups[group].append(survivor)
            if group == "consented":
                care.consent_record(
                    actor=meera, case=case, survivor=survivor, purpose="data_sharing",
                    given_on=dt.date(2024, 5, 2), partner=PARTNER,
                )  # fmt: skip
            elif group == "withdrawn":
                consent = care.consent_record(
                    actor=meera, case=case, survivor=survivor, purpose="data_sharing",
                    given_on=dt.date(2024, 5, 2), partner=PARTNER,
                )  # fmt: skip
                care.consent_withdraw(
                    actor=meera, consent=consent, withdrawn_on=dt.date(2024, 9, 1),
                    expected_version=consent.version,
                )  # fmt: skip
            elif group == "expired":
                care.consent_record(
                    actor=meera, case=case, survivor=survivor, purpose="data_sharing",
                    given_on=dt.date(2024, 5, 2), partner=PARTNER,
                    expires_on=dt.date(2024, 11, 1),
                )  # fmt: skip
            elif group == "other_partner":
                care.consent_record(
                    actor=meera, case=case, survivor=survivor, purpose="data_sharing",
                    given_on=dt.date(2024, 5, 2), partner=OTHER,
                )  # fmt: skip
    # Kusum (the case fixture's survivor) has no consent at all either.
    groups["none"].append(case.case_survivors.get(survivor__pseudonym="Kusum").survivor)
    # A story consent names no partner and is not a data-sharing consent.
    care.consent_record(
        actor=meera, case=case, survivor=groups["none"][0], purpose="story",
        given_on=dt.date(2024, 5, 2),
    )  # fmt: skip
    # Where one consented and one refused survivor were held: only hers may be exported.
    cases.event_record(
        actor=meera, case=case, type="trafficked", when=parse_when("2 Mar 2024"),
        survivors=[groups["consented"][0]],
    )  # fmt: skip
    cases.event_record(
        actor=meera, case=case, type="location_identified", when=parse_when("5 Mar 2024"),
        survivors=[groups["withdrawn"][0]],
    )  # fmt: skip
    refused = [s for name, members in groups.items() if name != "consented" for s in members]
    return SimpleNamespace(case=case, groups=groups, consented=groups["consented"], refused=refused)
