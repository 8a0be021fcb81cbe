"""The forms of text written by others that the extractor used to miss (issue 23), one test per
form, each read by a rule with a stable id."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mukti.intake.extraction import extract, triggers
from mukti.intake.extraction.places import headline_end

REPORT_DAY = dt.date(2024, 6, 1)


def events(text: str, reference: dt.date | None = REPORT_DAY) -> list[tuple[str, str | None]]:
    return [(e["type"], e["date"]) for e in extract(text, reference_date=reference)["events"]]


def one(text: str, kind: str, reference: dt.date | None = REPORT_DAY) -> dict[str, Any]:
    found = [e for e in extract(text, reference_date=reference)["events"] if e["type"] == kind]
    assert len(found) == 1, events(text, reference)
    return found[0]


@pytest.mark.parametrize(
    ("text", "kind", "rule"),
    [
        ("Two agents were held on 3 May 2024.", "arrest", "arrest.were_held"),
        ("The hotel manager was apprehended on 3 May 2024.", "arrest", "arrest.apprehended"),
        ("The accused were produced before the ACJM, Sealdah on 4 May 2024.", "court_hearing",
         "court_hearing.produced_before_magistrate"),
        ("On 4 May 2024 they were produced before the court.", "court_hearing",
         "court_hearing.produced_before_court"),
        ("On 4 May 2024 the women were sent to the Nari Niketan at Patna.", "shelter_placement",
         "shelter_placement.sent_to_nari_niketan"),
        ("On 4 May 2024 the girls were sent to a shelter home.", "shelter_placement",
         "shelter_placement.sent_home_shelter"),
        ("Acting on a tip-off, the AHTU reached the hotel on 2 May 2024.",
         "information_received", "information_received.acting_on_tip_off"),
        ("On 2 May 2024, acting on a complaint from her mother, police visited the hotel.",
         "information_received", "information_received.acting_on_tip_off"),
        ("On 2 May 2024 the police raided the flat but found nothing.",
         "rescue_attempt_failed", "rescue_attempt_failed.found_nothing"),
        ("After her rescue in March 2022, Rina returned to school.", "rescue",
         "rescue.noun_after_her_rescue"),
    ],
)  # fmt: skip
def test_each_form_gives_its_event_with_a_named_rule(text: str, kind: str, rule: str) -> None:
    assert one(text, kind)["rule"] == f"trigger:{rule}"


def test_rule_ids_are_names_not_line_numbers() -> None:
    rules = [t.rule for s in triggers() for t in s.alternatives.values()]
    assert len(rules) == len(set(rules))
    assert all(rule.split(":", 1)[1].split(".", 1)[0] for rule in rules)
    assert not any(rule.rsplit(":", 1)[-1].isdigit() for rule in rules)


def test_a_failed_raid_is_not_also_a_rescue() -> None:
    assert events("On 2 May 2024 the police raided the flat but found nothing.") == [
        ("rescue_attempt_failed", "2024-05-02")
    ]


def test_a_meeting_held_in_a_hall_is_no_arrest() -> None:
    assert "arrest" not in [k for k, _ in events("The hearing was held on 3 May 2024.")]
    assert "arrest" not in [k for k, _ in events("She was held captive in a flat for a month.")]


def test_the_medical_visit_is_not_a_second_trafficking() -> None:
    text = (
        "Rina was trafficked to Pune in January 2024. On 4 May 2024 she was taken to the "
        "district hospital for a medical check-up."
    )
    assert events(text) == [("trafficked", "2024-01"), ("medical_care", "2024-05-04")]


def test_the_noun_form_is_dated_by_its_own_words() -> None:
    assert one("After her rescue in March 2022, Rina returned to school.", "rescue")["date"] == (
        "2022-03"
    )


def test_a_day_and_month_without_a_year_takes_the_year_of_the_report() -> None:
    text = "On 2/9 we met the SP. On 5/9 the police rescued Rina from a hotel."
    assert events(text, dt.date(2024, 10, 1)) == [
        ("authority_contacted", "2024-09-02"),
        ("rescue", "2024-09-05"),
    ]
    dates = extract(text, reference_date=dt.date(2024, 10, 1))["dates"]
    assert {d["rule"] for d in dates} == {"date:numeric_day_month"}


def test_a_fraction_or_a_full_date_is_not_a_day_and_month() -> None:
    dates = extract("Rs 1/2 of the wage. On 2/9/2024 she left.")["dates"]
    assert [d["rule"] for d in dates] == ["date:numeric_date"]


def test_about_a_fortnight_ago_counts_back_from_the_report_date() -> None:
    text = "In March the family approached our office. About a fortnight ago police rescued Rina."
    assert events(text)[-1] == ("rescue", "2024-05-18")
    item = next(d for d in extract(text, reference_date=REPORT_DAY)["dates"] if "fortnight" in
                d["text"])  # fmt: skip
    assert item["rule"] == "date:relative_ago"


def test_yesterday_is_the_day_before_the_report_not_the_last_month_named() -> None:
    text = "In March the family approached our office. Yesterday the police rescued her."
    assert events(text) == [("information_received", "2024-03"), ("rescue", "2024-05-31")]


def test_three_weeks_later_counts_from_the_raid_it_follows() -> None:
    text = (
        "Police raided a brothel in Sonagachi on 4 March 2024 and rescued Rina. Three weeks "
        "later, she was sent to a shelter home."
    )
    assert events(text) == [("rescue", "2024-03-04"), ("shelter_placement", "2024-03-25")]


def test_an_unnamed_girl_with_her_age_is_a_survivor_to_give_a_pseudonym() -> None:
    result = extract("On 3 May 2024 a 15-year-old girl was rescued from a hotel in Digha.")
    assert result["victims"] == []  # the named survivors, as the corpus annotates them
    girl = result["unnamed_victims"][0]
    assert (girl["name"], girl["age"], girl["minor"], girl["gender"]) == (
        "a 15-year-old girl", 15, True, "female")  # fmt: skip
    assert girl["rule"] == "victim:unnamed_age" and result["case"]["minor"]["value"] is True


def test_six_minors_are_read_as_one_group_of_six() -> None:
    result = extract("Six minors were rescued from a garment factory in Surat on 3 May 2024.")
    group = result["unnamed_victims"][0]
    assert (group["name"], group["count"], group["minor"]) == ("Six minors", 6, True)
    assert group["rule"] == "victim:unnamed_group"


def test_unnamed_survivors_are_not_read_when_the_text_names_one() -> None:
    result = extract("Rina, a 15-year-old girl, was rescued with two other girls.")
    assert [v["name"] for v in result["victims"]] == ["Rina"]
    assert result["unnamed_victims"] == []


def test_accused_named_with_an_age_are_on_the_arrest() -> None:
    arrest = one(
        "On 3 May 2024 police arrested Sima Das (42) and her associate Raju Sheikh (35).", "arrest"
    )
    assert [(a["name"], a["age"]) for a in arrest["accused"]] == [
        ("Sima Das", 42), ("Raju Sheikh", 35)]  # fmt: skip
    assert arrest["accused"][0]["rule"] == "accused:with_age"


def test_the_survivor_is_not_read_as_an_accused() -> None:
    text = "On 3 May 2024 Rina, a 15-year-old girl, was rescued and Mohan Lal was arrested."
    arrest = one(text, "arrest")
    assert [a["name"] for a in arrest["accused"]] == ["Mohan Lal"]


def test_headline_words_are_not_places() -> None:
    text = (
        "Freedom at Last for Rupa and Her Sisters\n"
        "On 3 May 2024 police rescued Rupa from a brothel in Pune."
    )
    assert headline_end(text) == len("Freedom at Last for Rupa and Her Sisters")
    assert [p["name"] for p in extract(text)["places"]] == ["Pune"]


def test_a_first_sentence_is_no_headline() -> None:
    assert headline_end("Police rescued Rupa at Pune.\nShe is safe.") == 0
    assert (
        headline_end("On 3 May police rescued Rupa in Pune and took her home\nto her family.") == 0
    )
