"""General English forms of events and dates, one test per form, each with a sentence written
for the test (none is taken from the corpus)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from mukti.intake.dates import PATTERNS, find_dates, resolve
from mukti.intake.extraction import extract, triggers
from mukti.intake.extraction.lists import trigger_index
from mukti.intake.guards import trie_regex
from mukti.intake.tests.helpers import REPORT_DAY, events


def one(text: str, kind: str, reference: dt.date | None = REPORT_DAY) -> dict[str, Any]:
    found = [e for e in extract(text, reference_date=reference)["events"] if e["type"] == kind]
    assert len(found) == 1, events(text, reference)
    return found[0]


# Dates


def test_a_day_of_the_month_alone_takes_the_running_month() -> None:
    text = "On 3 February 2025 the aunt called us. The raid took place on the 14th."
    assert [m.iso() for m in resolve(text, REPORT_DAY)] == ["2025-02-03", "2025-02-14"]


def test_a_day_alone_after_the_report_day_is_in_the_month_before() -> None:
    # Written on 20 March with no date told yet: "on 27th" is 27 February.
    assert [m.iso() for m in resolve("Her brother came to the office on 27th.", REPORT_DAY)] == [
        "2025-02-27"
    ]


def test_a_day_alone_is_not_a_floor_or_an_attempt() -> None:
    assert resolve("She was kept on the 4th floor.", REPORT_DAY) == []


def test_later_before_any_date_is_told_has_no_date() -> None:
    text = "Some weeks later the boy left with a contractor. On 2 March 2025 police rescued him."
    assert events(text) == [("trafficked", None), ("rescue", "2025-03-02")]


def test_today_in_a_dated_chat_line_is_that_line_s_day() -> None:
    text = "[11/3, 9:40 am] Field: the boy was produced before the CWC today."
    assert events(text) == [("shelter_placement", "2025-03-11")]


def test_a_dateline_with_a_colon_is_a_date() -> None:
    assert [m.iso() for m in resolve("PATNA, March 12: Police rescued two boys.", REPORT_DAY)] == [
        "2025-03-12"
    ]


def test_a_weekday_after_a_flashback_in_the_same_clause_still_dates_what_follows() -> None:
    text = (
        "PATNA, March 12: A boy who went missing a month ago, was rescued from a dhaba on "
        "Monday, police said. Two men were arrested from the spot."
    )
    assert events(text, dt.date(2025, 3, 12)) == [
        ("trafficked", "2025-02"),
        ("rescue", "2025-03-10"),
        ("arrest", "2025-03-10"),
    ]


def test_the_end_of_a_remand_is_not_a_date_told() -> None:
    text = (
        "On 3 March 2025 the owner was remanded in custody till March 28. The boy was taken "
        "for a medical examination."
    )
    assert events(text) == [("court_hearing", "2025-03-03"), ("medical_care", "2025-03-03")]


def test_what_the_court_did_takes_the_judgment_s_date() -> None:
    text = (
        "Sessions Court, Cuttack\nJudgment pronounced on 14 February 2025\n\nThe boy was "
        "rescued on 3 June 2023. Charges were framed on 9 January 2024.\nThe Court held the "
        "charges proved and convicted the contractor."
    )
    assert events(text)[-1] == ("conviction", "2025-02-14")


# Events


def test_a_trigger_running_into_the_next_line_does_not_hide_the_next_line_s_event() -> None:
    text = "[5/3 10:00 am] Lead: FIR?\n[5/3 4:15 pm] Field: FIR registered at Kotwali PS."
    assert one(text, "fir_registered")["date"] == "2025-03-05"


GENERAL_FORMS = [
        ("4/3 - Call recd from the aunt at our Jaipur desk.", "information_received",
         "information_received.complaint_recd"),
        ("In January her son went with a labour contractor to Chennai.", "trafficked",
         "trafficked.went_with_to"),
        ("A cousin offered to take him to Surat for work in a mill.", "trafficked",
         "trafficked.offered_to_take"),
        ("The recruiter drove them to Pune in a van.", "trafficked", "trafficked.drove_person"),
        ("6/3 - The driver gave address of the farmhouse in Karjat.", "location_identified",
         "location_identified.gave_got_address"),
        ("Agents located the boys at a hostel in Vapi.", "location_identified",
         "location_identified.gave_got_address"),
        ("7/3 - Took mother to AHTU Dhanbad.", "authority_contacted",
         "authority_contacted.took_family_to"),
        ("8/3 - Details mailed to SP Bokaro.", "authority_contacted",
         "authority_contacted.info_to_authority"),
        ("The boy was safely recovered from a dhaba in Karnal.", "rescue",
         "rescue.safely_recovered"),
        ("The team searched the godown. Nothing was found.", "rescue_attempt_failed",
         "rescue_attempt_failed.nothing_found"),
        ("The team reached the lodge but found the room locked.", "rescue_attempt_failed",
         "rescue_attempt_failed.nothing_found"),
        ("Statements of the boys being taken by the IO now.", "statement_recorded",
         "statement_recorded.statements_being_taken"),
        ("Sadar PS case no. 88/25 u/s 143 BNS against the contractor.", "fir_registered",
         "fir_registered.case_no_under"),
        ("The boy was produced CWC Bokaro the same evening.", "shelter_placement",
         "shelter_placement.produced_cwc_short"),
        ("The children were turned over to social workers for protective custody.",
         "shelter_placement", "shelter_placement.produced_cwc_short"),
        ("Travel permits were issued by the embassy.", "repatriation",
         "repatriation.permits_brought_back"),
        ("The three women were handed over to the Nepal authorities at the border.",
         "repatriation", "repatriation.permits_brought_back"),
        ("The contractor pleaded guilty in the sessions court.", "court_hearing",
         "court_hearing.plea_bail_order"),
        ("The magistrate granted custody of the girl to her grandmother.", "court_hearing",
         "court_hearing.plea_bail_order"),
        ("The jury found him guilty of forced labour.", "conviction",
         "conviction.convicting_found_guilty"),
        ("A grand jury returned an indictment against the owner.", "other", "other.indictment"),
        ("On 2 March 2025 a shopkeeper informed us that two boys were begging at the depot.",
         "information_received", "information_received.informed_us"),
        ("Based on secret information, the RPF checked the Howrah train.",
         "information_received", "information_received.on_the_basis_of"),
        ("Our volunteer went posing as a buyer to the spa.", "verified",
         "verified.posing_confirmed_that"),
        ("The boys told the police that the contractor kept their wages.", "statement_recorded",
         "statement_recorded.victims_told_police"),
        ("Labour officers entered the mill and brought the children out.", "rescue",
         "rescue.brought_them_out"),
        ("Informed the IO and the Kolkata partner NGO.", "referred", "referred.informed_partner"),
        ("The boys and the agent were handed over to Katni GRP for further legal action.",
         "referred", "referred.handed_over_for_action"),
        ("The contractor's SIM was found active in Nashik on 4 March 2025.", "location_identified",
         "location_identified.active_moved_showed"),
        ("The call records showed the boys at a brick kiln in Sangli.", "location_identified",
         "location_identified.active_moved_showed"),
        ("The mother said the boy had been moved to a farm in Kutch.", "location_identified",
         "location_identified.active_moved_showed"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "rule"), GENERAL_FORMS)
def test_each_general_form_gives_its_event_with_a_named_rule(
    text: str, kind: str, rule: str
) -> None:
    assert one(text, kind)["rule"] == f"trigger:{rule}"


@pytest.mark.parametrize(
    "text",
    [
        "She went with the police to the house in Malda.",  # not trafficking: the police
        "The accused was out on bail at the time.",  # background, not a hearing
        "Statements of the girls will be recorded on Monday.",  # a plan
        "Sub: production of a rescued minor boy before the Committee.",  # an adjective
        "Their bus tickets had been booked only the day before.",  # not a case booked
    ],
)
def test_the_general_forms_leave_these_alone(text: str) -> None:
    kinds = {e["type"] for e in extract(text, reference_date=REPORT_DAY)["events"]}
    left_alone = {"trafficked", "court_hearing", "statement_recorded", "rescue", "fir_registered"}
    assert not kinds & left_alone, kinds


def test_one_trafficking_told_step_by_step_is_one_event() -> None:
    text = (
        "In May 2024 an agent lured the boy with a job in a hotel. He took him across the river "
        "at night and kept him locked in a room. On 2 March 2025 police rescued him."
    )
    assert events(text) == [("trafficked", "2024-05"), ("rescue", "2025-03-02")]


def test_a_section_heading_and_a_purpose_are_not_events() -> None:
    text = "3. Repatriation\nThe boys are in a shelter home, awaiting their repatriation to Nepal."
    assert [kind for kind, _ in events(text)] == ["shelter_placement"]


def test_confirming_where_she_is_held_is_locating_her_not_a_second_event() -> None:
    text = "On 3 March 2025 a neighbour confirmed that the boy was being held at a farm in Kutch."
    assert [kind for kind, _ in events(text)] == ["location_identified"]


def test_a_suspicion_is_not_an_event() -> None:
    text = "We have reason to suspect that the boy was sold to a contractor."
    assert events(text) == []


def test_a_note_written_by_its_author_is_no_contact_with_an_authority() -> None:
    assert events("Written on 2 March 2025 by Rekha Das, Programme Officer") == []


def test_an_authority_writing_to_another_is_a_referral() -> None:
    event = one("The AHTU said they have written to the BSF about the boys.", "referred")
    assert event["rule"] == "trigger:referred.authority_to_authority"


def test_an_ngo_writing_to_an_authority_stays_a_contact() -> None:
    assert one("Our lawyer wrote to the SP about the boys.", "authority_contacted")


def test_the_head_of_a_press_release_is_not_an_event() -> None:
    text = (
        "District Police\nPress Note\n\nFour boys rescued from a dhaba, owner arrested\n\n"
        "On 2 March 2025 the police rescued four boys from a dhaba near Karnal. The owner was "
        "arrested the same day."
    )
    assert events(text) == [("rescue", "2025-03-02"), ("arrest", "2025-03-02")]


def test_a_chat_or_a_dated_note_has_no_head() -> None:
    assert events("2/3 - boy rescued from dhaba\n3/3 - owner arrested") == [
        ("rescue", "2025-03-02"),
        ("arrest", "2025-03-03"),
    ]


def _scan_per_type(text: str) -> list[tuple[int, int, int, str]]:
    found = []
    for kind, trigger_set in enumerate(triggers()):
        for match in trigger_set.pattern.finditer(text):
            found.append((match.start(), kind, match.end(), trigger_set.trigger_of(match).rule))
    return sorted(found)


def _scan_by_index(text: str) -> list[tuple[int, int, int, str]]:
    found, free_from = [], [0] * len(triggers())
    for word in re.finditer(r"\b[A-Za-z]", text, re.ASCII):
        position, tried = word.start(), -1
        for kind, _, prefix, pattern in trigger_index().at(text[position : position + 2].lower()):
            if kind == tried or position < free_from[kind]:
                continue
            if len(prefix) > 2 and text[position : position + len(prefix)].lower() != prefix:
                continue
            match = pattern.match(text, position)
            if match is not None:
                tried, free_from[kind] = kind, match.end()
                rule = triggers()[kind].trigger_of(match).rule
                found.append((match.start(), kind, match.end(), rule))
    return sorted(found)


def test_the_word_start_index_finds_what_a_scan_per_type_finds() -> None:
    from mukti.intake.tests.test_triggers import EXAMPLES
    from mukti.intake.tests.test_wider_rules import WIDER_FORMS

    texts = [t for t, _ in EXAMPLES] + [t for t, _, _ in WIDER_FORMS + GENERAL_FORMS]
    text = " ".join(texts)  # one text: the types' matches must not overlap either
    assert _scan_by_index(text) == _scan_per_type(text)
    assert len(_scan_by_index(text)) > len(texts)


def test_the_gazetteer_trie_finds_the_longest_name_as_the_sorted_list_did() -> None:
    names = ["Sant", "Santa", "Santa Cruz", "Santacruz", "Kochi", "Kolkata", "Kol"]
    trie = re.compile(r"(?<!\w)(?:" + trie_regex(names) + r")(?!\w)")
    longest_first = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    plain = re.compile(r"(?<!\w)(?:" + longest_first + r")(?!\w)")
    text = "Sant, Santa; Santa Cruz and Santacruz, Santax, Kol to Kolkata via Kochi."
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


def _dates_by_scanning(text: str) -> list[tuple[str, int, int]]:
    taken: list[tuple[int, int]] = []
    found = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            if kind == "numeric_date" and not (1 <= int(match["month"]) <= 12):
                continue
            taken.append((start, end))
            found.append((kind, start, end))
    return sorted(found, key=lambda f: f[1])


def test_the_date_index_finds_what_a_scan_per_pattern_finds() -> None:
    text = (
        "On 20/04/2024 at 10:55 pm, and on 2/9 (3/9), in March last year, on 14th April 2024, "
        "April 14, 2024, early November, on the 3rd, in March 2023, mid-2022, in 2021, since "
        "June, three weeks later, about a fortnight ago, the next morning, yesterday, on a "
        "Friday, ref12.03.2024 and x3/4, KOLKATA, March 4: 22:55 hrs, Rs 18.50."
    )
    got = [(m.kind, m.start, m.end) for m in find_dates(text) if m.kind != "time"]
    assert got == [f for f in _dates_by_scanning(text) if f[0] != "time"]
    assert len(got) > 15
