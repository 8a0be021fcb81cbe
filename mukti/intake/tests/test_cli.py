"""``mukti extract`` keeps to the extraction contract (shared with outside tools)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from mukti.intake.tests.helpers import docx_bytes

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "dev"
SAMPLE = CORPUS / "d01-field-report-north-24-parganas.txt"
EVENT_TYPES = {
    "trafficked", "information_received", "location_identified", "authority_contacted",
    "referred", "verified", "unable_to_trace", "rescue_deferred", "rescue_attempt_failed",
    "rescue", "arrest", "evidence_collected", "statement_recorded", "fir_registered",
    "medical_care", "shelter_placement", "repatriation", "court_hearing", "conviction", "other",
}  # fmt: skip
PLACE_KINDS = {
    "country",
    "state",
    "district",
    "city",
    "locality",
    "police_unit",
    "facility",
    "other",
}
PRECISIONS = {"time", "day", "month", "year", "approximate", "unknown"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = 0
    try:
        call_command("extract", *args)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def check_contract(obj: dict) -> None:
    text = Path(obj["source"]).read_text(encoding="utf-8")
    assert set(obj) >= {"source", "reference_date", "victims", "places", "officials",
                        "organisations", "events", "arrests", "victims_rescued"}  # fmt: skip
    for victim in obj["victims"]:
        assert set(victim) >= {"name", "pseudonym", "minor", "age", "nationality", "gender", "span"}
    for place in obj["places"]:
        assert set(place) >= {"name", "kind", "span"} and place["kind"] in PLACE_KINDS
    for official in obj["officials"]:
        assert set(official) >= {"title", "abbrev", "jurisdiction", "name", "span"}
    for organisation in obj["organisations"]:
        assert set(organisation) >= {"name", "abbrev", "span"}
    for event in obj["events"]:
        assert set(event) >= {"type", "date", "date_precision", "time", "span", "evidence"}
        assert event["type"] in EVENT_TYPES and event["date_precision"] in PRECISIONS
        assert text[event["span"][0] : event["span"][1]] == event["evidence"]
        assert event["time"] is None or len(event["time"]) == 5
    assert isinstance(obj["arrests"], int) and isinstance(obj["victims_rescued"], int)


def test_one_file_gives_one_json_object(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(SAMPLE), "--reference-date", "2024-11-30")
    assert (code, err) == (0, "")
    obj = json.loads(out)
    check_contract(obj)
    assert obj["source"] == str(SAMPLE)
    assert obj["reference_date"] == "2024-11-30"
    assert obj["events"][1] == {
        **obj["events"][1],
        "type": "trafficked",
        "date": "2024-02-19",
        "date_precision": "day",
    }


def test_several_files_give_one_line_each_in_input_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = sorted(str(p) for p in CORPUS.glob("*.txt"))[:3]
    code, out, _ = run(capsys, *reversed(files))
    lines = out.splitlines()
    assert code == 0
    assert [json.loads(line)["source"] for line in lines] == list(reversed(files))
    for line in lines:
        check_contract(json.loads(line))


def test_jsonl_for_one_file_and_json_for_several_when_asked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, str(SAMPLE), "--format", "jsonl")
    assert len(out.splitlines()) == 1 and json.loads(out)["source"] == str(SAMPLE)
    _, out, _ = run(capsys, str(SAMPLE), str(SAMPLE), "--format", "json")
    assert [o["source"] for o in json.loads(out)] == [str(SAMPLE), str(SAMPLE)]


def test_bad_files_are_named_on_stderr_and_the_others_still_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = {
        "empty.txt": b"",
        "latin1.txt": b"caf\xe9",
        "binary.txt": b"\x00\x01\x02\x03",
        "big.txt": b"a" * 1_000_001,
        "fake.docx": b"not a zip",
        "bengali.txt": "আমরা প্রথম মাজিনার কথা জানতে পারি".encode(),
        "noevents.txt": b"The weather was fine and we had tea in the garden.",
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    good = tmp_path / "report.docx"
    good.write_bytes(docx_bytes(["On 20th April 2024 the police rescued Mazina."]))
    names = [str(tmp_path / n) for n in bad] + [str(tmp_path / "missing.txt"), str(good)]
    code, out, err = run(capsys, *names)
    assert code == 2
    errors = err.splitlines()
    assert len(errors) == len(bad) + 1
    for name, line in zip(names[:-1], errors, strict=True):
        assert line.startswith(f"mukti extract: {name}: ")
    assert errors[5].endswith(
        "is written in Bengali, which is not supported yet: only English is read"
    )
    assert "does not exist" in errors[-1]
    (line,) = out.splitlines()
    assert json.loads(line)["events"][0]["type"] == "rescue"


def test_a_bad_reference_date_is_refused() -> None:
    with pytest.raises(CommandError, match="not a date in the form YYYY-MM-DD: '30/11/2024'"):
        call_command("extract", str(SAMPLE), "--reference-date", "30/11/2024")


def test_the_command_line_needs_no_database(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"}
    missing = tmp_path / "missing.txt"
    result = subprocess.run(
        [sys.executable, "-c", "from mukti.cli import main; main()", "extract", str(SAMPLE),
         str(missing)],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == f"mukti extract: {missing}: does not exist\n"
    assert json.loads(result.stdout)["victims"][0]["name"] == "Mazina"
