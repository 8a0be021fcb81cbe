"""Entities, spans and the whole sample report."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from mukti.intake.extraction import Gazetteer, extract, normalise, sentences

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SAMPLE = (CORPUS / "dev" / "d01-field-report-north-24-parganas.txt").read_text(encoding="utf-8")


def test_every_span_points_at_its_text() -> None:
    result = extract(SAMPLE)
    for event in result["events"]:
        start, end = event["span"]
        assert SAMPLE[start:end] == event["evidence"]
        t_start, t_end = event["trigger"]
        assert start <= t_start < t_end <= end
    plain = normalise(SAMPLE)  # names are read with odd spaces made plain, at the same offsets
    assert len(plain) == len(SAMPLE)
    for key, field in (("victims", "name"), ("places", "name"), ("organisations", "name")):
        for item in result[key]:
            assert plain[item["span"][0] : item["span"][1]] == item[field], item
            assert item["rule"]
    for official in result["officials"]:
        assert official["rule"].startswith("title:")


def test_the_sample_report_reads_as_a_caseworker_would() -> None:
    result = extract(SAMPLE)
    expected = json.loads((CORPUS / "dev" / "d01-field-report-north-24-parganas.json").read_text())
    assert [(e["type"], e["date"]) for e in result["events"]] == [
        (e["type"], e["date"]) for e in expected["events"]
    ]
    rescue = next(e for e in result["events"] if e["type"] == "rescue")
    assert rescue["time"] == "22:55"
    assert rescue["evidence"].startswith("At 10:55 pm, the police officer, Mazina")
    assert result["reference_date"] == "2024-02-19"  # the newest full date in the text
    assert result["arrests"] == 0
    assert result["victims_rescued"] == 1
    (mazina,) = result["victims"]
    assert (mazina["name"], mazina["nationality"], mazina["gender"]) == (
        "Mazina",
        "Bangladeshi",
        "female",
    )
    officials = {o["abbrev"]: o for o in result["officials"]}
    assert officials["SSP"]["title"] == "Senior Superintendent of Police"
    assert officials["SP"]["jurisdiction"] == "Basirhat"
    assert officials["OC"]["jurisdiction"] == "Rajbari Outpost"
    assert [o["abbrev"] for o in result["organisations"]] == ["AHTU"]
    kinds = {p["name"]: p["kind"] for p in result["places"]}
    assert kinds["North 24 Parganas"] == "district"
    assert kinds["Rajbari Outpost"] == "police_unit"
    assert kinds["Bangladesh"] == "country"
    assert "Shelly" not in kinds and "Shreyosi" not in [v["name"] for v in result["victims"]]


def test_sentences_split_without_a_space_but_not_after_abbreviations_or_in_numbers() -> None:
    text = (
        "The AHTU verified it.They were unable. Mr. Ajay Minz met on 03.02.2025 at 9.40 pm. Rs. 50"
    )
    parts = [text[s:e] for s, e in sentences(text)]
    assert parts == [
        "The AHTU verified it.",
        "They were unable.",
        "Mr. Ajay Minz met on 03.02.2025 at 9.40 pm.",
        "Rs. 50",
    ]


def test_non_breaking_spaces_keep_spans_exact() -> None:
    text = "On\u00a020th\u00a0April\u00a02024 the police rescued\u202fRina."
    result = extract(text)
    (event,) = result["events"]
    assert event["date"] == "2024-04-20"
    assert text[event["span"][0] : event["span"][1]] == text  # the original characters


def test_a_directory_gazetteer_adds_places_the_built_in_one_lacks() -> None:
    text = "Rina was found near the Kalupur Gate market and taken to Dum Dum thana."
    assert "Kalupur Gate" not in [p["name"] for p in extract(text)["places"]]
    gazetteer = Gazetteer([("Kalupur Gate", "locality")])
    names = {p["name"]: p for p in extract(text, gazetteer=gazetteer)["places"]}
    assert names["Kalupur Gate"]["rule"] == "place:gazetteer"
    assert names["Dum Dum thana"]["kind"] == "police_unit"


def test_titles_by_abbreviation_name_and_person() -> None:
    text = (
        "We met the Dy. SP (Mapusa) and Inspector Rakesh Malhotra. The Addl. SP and the "
        "SDPO Basirhat were told. The Deputy Commissioner of Police (North-West), Usha Rangnani, "
        "said so. The IC of the AHTU, Mr. Ajay Minz, agreed."
    )
    officials = {o["title"]: o for o in extract(text)["officials"]}
    assert officials["Deputy Superintendent of Police"]["jurisdiction"] == "Mapusa"
    assert officials["Inspector"]["name"] == "Rakesh Malhotra"
    assert officials["Additional Superintendent of Police"]["abbrev"] == "Addl. SP"
    assert officials["Sub-Divisional Police Officer"]["jurisdiction"] == "Basirhat"
    dcp = officials["Deputy Commissioner of Police"]
    assert (dcp["jurisdiction"], dcp["name"]) == ("North-West", "Usha Rangnani")
    assert officials["Inspector in Charge"]["name"] == "Ajay Minz"
    assert "Superintendent of Police" not in officials


def test_organisations_by_name_or_abbreviation() -> None:
    text = "The Border Security Force handed them to the CWC and the Sashastra Seema Bal."
    assert [o["abbrev"] for o in extract(text)["organisations"]] == ["BSF", "CWC", "SSB"]


def test_victims_with_age_pseudonym_and_nationality_but_not_staff_or_accused() -> None:
    text = (
        "Case note - Rashmi (pseudonym), 14, Sonitpur, Assam\n\n"
        "Our outreach worker Bina went with her father. The women, Sarita (19) and Kamala (22), "
        "both from Nepal, were found. Deepak Sahu, 41, was arrested."
    )
    victims = {v["name"]: v for v in extract(text)["victims"]}
    assert set(victims) == {"Rashmi", "Sarita", "Kamala"}
    assert victims["Rashmi"]["pseudonym"] is True
    assert victims["Rashmi"]["minor"] is True
    assert (victims["Sarita"]["age"], victims["Sarita"]["minor"]) == (19, False)
    assert victims["Kamala"]["nationality"] == "Nepali"


def test_people_arrested_and_rescued_are_counted_once() -> None:
    text = (
        "Police rescued nine minor girls and arrested three operators on 7 December 2024. "
        "The three operators, Bablu Singh, Chhotu Ram and Sanjay Mahto, were arrested that night. "
        "On 9 December 2024 the AHTU rescued Anjali and two other young women."
    )
    result = extract(text)
    assert result["arrests"] == 3
    assert result["victims_rescued"] == 12


def test_an_empty_text_gives_an_empty_draft() -> None:
    result = extract("", reference_date=dt.date(2024, 1, 1))
    assert result["events"] == [] and result["victims"] == []
    assert result["reference_date"] == "2024-01-01"


def test_a_part_of_a_group_is_not_its_count_and_an_arrested_boy_is_not_a_survivor() -> None:
    text = (
        "On 24 February 2025, 71 people, including 26 children, were rescued. "
        "The boy, Sahil, and his uncle were arrested on the spot."
    )
    result = extract(text)
    assert result["victims_rescued"] == 71
    assert result["arrests"] == 2
    assert result["victims"] == []
