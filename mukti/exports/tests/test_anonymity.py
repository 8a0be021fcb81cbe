"""The anonymised dataset is k-anonymous for any caseload, and ``mukti check-k`` says so or names
the smallest group."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mukti.accounts.models import User
from mukti.cli import main
from mukti.exports import ctdc, services
from mukti.exports.tests.conftest import PARTNER

victims = st.builds(
    ctdc.Victim,
    age=st.one_of(st.none(), st.integers(0, 90)),
    gender=st.sampled_from(["female", "male", "transgender", "other", "unknown"]),
    citizenship=st.sampled_from(["BD", "NP", "IN", "MM", ""]),
    country_of_exploitation=st.sampled_from(["IN", "BD", ""]),
    exploitation=st.lists(
        st.sampled_from(sorted(ctdc.EXPLOITATION_FLAG)), max_size=3, unique=True
    ).map(tuple),
    year=st.integers(2015, 2026),
)


@settings(max_examples=300, deadline=None)
@given(caseload=st.lists(victims, max_size=400), k=st.integers(ctdc.K, 30))
def test_any_caseload_is_k_anonymous_and_every_record_is_accounted_for(
    caseload: list[ctdc.Victim], k: int
) -> None:
    result = ctdc.anonymise(caseload, k=k)
    checked = ctdc.check(ctdc.to_csv(result.rows))
    assert checked.satisfies(k)
    assert len(result.rows) + result.suppressed == len(caseload)
    assert result.generalised <= len(result.rows)
    assert all(list(r) == list(ctdc.COLUMNS) for r in result.rows)


@settings(max_examples=50, deadline=None)
@given(caseload=st.lists(victims, min_size=1, max_size=200))
def test_a_group_large_enough_as_recorded_is_published_as_recorded(
    caseload: list[ctdc.Victim],
) -> None:
    as_recorded = [ctdc.row(v, 0) for v in caseload]
    sizes: dict[tuple[str, ...], int] = {}
    for r in as_recorded:
        sizes[ctdc.key(r)] = sizes.get(ctdc.key(r), 0) + 1
    large = sum(n for n in sizes.values() if n >= ctdc.K)
    assert ctdc.anonymise(caseload).by_step.get(0, 0) == large


def test_small_groups_are_generalised_before_they_are_suppressed() -> None:
    # Eleven women of 19 to 25 registered over three years: no exact group has eleven, but
    # "18--29" over "2020--2024" does.
    caseload = [
        ctdc.Victim(19 + n % 7, "female", "BD", "IN", ("sexual",), 2020 + n % 3) for n in range(11)
    ]
    lone = ctdc.Victim(60, "male", "MM", "IN", ("organs",), 2021)
    result = ctdc.anonymise([*caseload, lone])
    assert (result.generalised, result.suppressed) == (11, 1)
    assert {(r["ageBroad"], r["yearOfRegistration"]) for r in result.rows} == {
        ("18--29", "2020--2024")
    }
    assert {r["majorityStatus"] for r in result.rows} == {"Adult"}


def test_the_export_of_a_generated_caseload_satisfies_k(
    caseload: SimpleNamespace, cast: dict[str, User]
) -> None:
    export = services.dataset_export(
        actor=cast["data_officer"], organisation=cast["data_officer"].organisation,
        partner=PARTNER,
    )  # fmt: skip
    assert ctdc.check(export.body.decode()).satisfies(11)
    assert export.rows == {"dataset": 11}


def run(*argv: str) -> tuple[int, str, str]:
    from contextlib import redirect_stderr, redirect_stdout

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            main(list(argv))
        except SystemExit as exit:
            code = int(exit.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_check_k_passes_a_k_anonymous_file(tmp_path: Path) -> None:
    rows = [ctdc.row(ctdc.Victim(22, "female", "BD", "IN", ("sexual",), 2024), 0)] * 12
    path = tmp_path / "ok.csv"
    path.write_text(ctdc.to_csv(rows))
    code, out, _err = run("check-k", str(path), "--k", "11")
    assert code == 0
    assert "12 rows, 11-anonymous" in out


def test_check_k_fails_naming_the_smallest_group(tmp_path: Path) -> None:
    rows = [ctdc.row(ctdc.Victim(22, "female", "BD", "IN", ("sexual",), 2024), 0)] * 12
    rows += [ctdc.row(ctdc.Victim(40, "male", "NP", "IN", ("labour",), 2023), 0)] * 3
    path = tmp_path / "leaky.csv"
    path.write_text(ctdc.to_csv(rows))
    code, _out, err = run("check-k", str(path), "--k", "11")
    assert code == 1
    assert "NOT 11-anonymous: the smallest group has 3 row(s)" in err
    assert "ageBroad=39--47, gender=Male, citizenship=NP" in err
    assert "yearOfRegistration=2023" in err


def test_check_k_refuses_a_file_of_another_shape(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("name,age\nRokeya,22\n")
    code, _out, err = run("check-k", str(path))
    assert code == 2
    assert "lacks the column(s) ageBroad, gender" in err


@pytest.mark.django_db
def test_an_empty_dataset_is_a_header_and_a_note_and_passes_check_k(
    cast: dict[str, User], tmp_path: Path
) -> None:
    export = services.dataset_export(
        actor=cast["data_officer"], organisation=cast["data_officer"].organisation,
        partner=PARTNER,
    )  # fmt: skip
    lines = export.body.decode().splitlines()
    assert lines[0].split(",") == list(ctdc.COLUMNS)
    assert lines[1].startswith("# No survivor of Sundarban Rescue Network has a data-sharing")
    assert len(lines) == 2
    path = tmp_path / "empty.csv"
    path.write_bytes(export.body)
    code, out, _err = run("check-k", str(path))
    assert code == 0
    assert "no rows" in out


def test_k_under_eleven_is_refused(db: None, cast: dict[str, User]) -> None:
    from mukti.core.errors import ApplicationError

    with pytest.raises(ApplicationError, match="at least 11"):
        services.dataset_export(
            actor=None, organisation=cast["data_officer"].organisation, partner=PARTNER, k=5
        )
