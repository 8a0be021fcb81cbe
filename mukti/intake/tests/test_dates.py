"""The date grammar: every form a field report uses, resolved in narrative order."""

from __future__ import annotations

import datetime as dt

import pytest

from mukti.intake.dates import resolve
from mukti.intake.extraction import extract

REF = dt.date(2024, 11, 30)


def one(text: str, reference: dt.date | None = REF) -> tuple[str | None, str, str]:
    mentions = resolve(text, reference)
    assert len(mentions) == 1, [m.text for m in mentions]
    m = mentions[0]
    assert text[m.start : m.end] == m.text
    return m.iso(), m.precision(), m.text


@pytest.mark.parametrize(
    ("text", "iso", "precision", "phrase"),
    [
        ("on 20th April 2024 we met", "2024-04-20", "day", "20th April 2024"),
        ("on 2nd September, 2024 we met", "2024-09-02", "day", "2nd September, 2024"),
        ("on 20/04/2024 we met", "2024-04-20", "day", "20/04/2024"),
        ("On 03.02.2025 at noon", "2025-02-03", "day", "03.02.2025"),
        ("on April 20, 2024 we met", "2024-04-20", "day", "April 20, 2024"),
        ("in March 2025 she left", "2025-03", "month", "in March 2025"),
        ("early November 2024", "2024-11", "approximate", "early November 2024"),
        ("in the first week of November", "2024-11", "approximate", "the first week of November"),
        ("in the middle of March", "2024-03", "approximate", "the middle of March"),
        ("She was trafficked in 2022.", "2022", "year", "in 2022"),
        ("through early 2024", "2024", "approximate", "early 2024"),
    ],
)
def test_explicit_and_vague_dates(text: str, iso: str, precision: str, phrase: str) -> None:
    assert one(text) == (iso, precision, phrase)


def test_a_date_without_a_year_takes_the_latest_year_not_after_the_reference_date() -> None:
    assert one("On 20th April, we learned")[:2] == ("2024-04-20", "day")
    assert one("On 20th December, we learned")[:2] == ("2023-12-20", "day")


def test_a_date_without_a_year_takes_its_year_from_the_narrative_before_it() -> None:
    mentions = resolve("It began on 19th February 2024. On 20th April we went.", None)
    assert [m.iso() for m in mentions] == ["2024-02-19", "2024-04-20"]
    mentions = resolve("It began on 10 December 2024. On 5 January we went.", REF)
    assert [m.iso() for m in mentions] == ["2024-12-10", "2025-01-05"]


def test_without_reference_the_newest_full_date_in_the_text_gives_the_year() -> None:
    mentions = resolve("On 20th April we went. Earlier, on 19th February 2024, she left.", None)
    assert mentions[0].iso() == "2024-04-20"


def test_without_any_year_the_date_stays_unresolved_and_says_so() -> None:
    (m,) = resolve("On 20th April we went.", None)
    assert m.date is None
    assert m.precision() == "unknown"
    assert m.month_day == "04-20"
    assert "without a year" in (m.note or "")


@pytest.mark.parametrize(
    ("text", "time"),
    [("At 10:55 pm, they came", "22:55"), ("at 22:55 hrs a raid", "22:55"),
     ("at 9.40 pm the AHTU", "21:40"), ("at 6:15 am the team", "06:15"),
     ("at 12 am exactly", "00:00"), ("from 10 pm to", "22:00"), ("at about 14:10 hrs", "14:10")],
)  # fmt: skip
def test_times(text: str, time: str) -> None:
    (m,) = resolve(text, REF)
    assert m.time == time


def test_a_sum_of_money_or_a_section_is_not_a_time() -> None:
    assert resolve("He paid Rs 18.50 under Section 3.4 of the Act", REF) == []


@pytest.mark.parametrize(
    ("phrase", "iso"),
    [
        ("three weeks later", "2024-05-11"),
        ("Two days later", "2024-04-22"),
        ("a week earlier", "2024-04-13"),
        ("the next day", "2024-04-21"),
        ("the following morning", "2024-04-21"),
        ("that night", "2024-04-20"),
        ("the same day", "2024-04-20"),
    ],
)
def test_relative_dates_count_from_the_last_stated_date(phrase: str, iso: str) -> None:
    mentions = resolve(f"On 20 April 2024 we met. {phrase}, we went.", None)
    assert [m.iso() for m in mentions] == ["2024-04-20", iso]


def test_a_month_later_is_an_approximate_month() -> None:
    mentions = resolve("On 20 April 2024 we met. A month later we went.", None)
    assert (mentions[1].iso(), mentions[1].precision()) == ("2024-05", "approximate")


def test_a_weekday_resolves_only_next_to_a_date() -> None:
    mentions = resolve("On 7 December 2024 the girls were rescued. On Sunday they were seen.", None)
    assert mentions[1].iso() == "2024-12-08"


def test_a_weekday_far_from_any_date_and_without_reference_is_left_unresolved() -> None:
    (m,) = resolve("On Friday the team went.", None)
    assert m.date is None
    assert "unresolved" in (m.note or "")


def test_a_weekday_in_a_press_story_is_the_last_one_up_to_its_date() -> None:
    (m,) = resolve("Police rescued nine girls on Saturday night.", dt.date(2024, 12, 9))
    assert m.iso() == "2024-12-07"


def test_on_a_friday_is_never_resolved_and_the_event_says_why() -> None:
    result = extract("On a Friday the police raided the flat.", reference_date=REF)
    (event,) = result["events"]
    assert event["date"] is None
    assert event["date_precision"] == "unknown"
    assert "weekday" in event["note"]


def test_a_future_clause_does_not_move_the_narrative_date() -> None:
    text = (
        "On 20th April 2024 the SP verified the address. But they would execute the rescue "
        "the next day. At 10:55 pm, the police officer and Mazina came to Rajbari Outpost."
    )
    rescue = next(e for e in extract(text)["events"] if e["type"] == "rescue")
    assert (rescue["date"], rescue["time"], rescue["date_precision"]) == (
        "2024-04-20",
        "22:55",
        "time",
    )


def test_a_flashback_does_not_move_the_narrative_date() -> None:
    text = (
        "We met the OC on 11 November 2024. He said a complaint was filed a week earlier, "
        "on 4 November. Mousumi told our counsellor that she had been beaten."
    )
    statement = next(e for e in extract(text)["events"] if e["type"] == "statement_recorded")
    assert statement["date"] == "2024-11-11"


def test_an_event_takes_the_date_just_after_its_verb_over_one_before() -> None:
    text = "Shirin, who had been repatriated in August 2022, deposed by video on 9 March 2023."
    hearing = next(e for e in extract(text)["events"] if e["type"] == "court_hearing")
    assert hearing["date"] == "2023-03-09"


def test_an_event_without_a_date_inherits_the_last_stated_one() -> None:
    text = "On 20th April 2024 we met the SSP. The AHTU verified the details."
    verified = next(e for e in extract(text)["events"] if e["type"] == "verified")
    assert verified["date"] == "2024-04-20"
    assert verified["date_inherited"] is True


def test_late_that_week_is_an_approximate_month_after_the_last_date() -> None:
    mentions = resolve("On 17 March 2025 we wrote. Late that week the room was locked.", None)
    assert (mentions[1].iso(), mentions[1].precision()) == ("2025-03", "approximate")
