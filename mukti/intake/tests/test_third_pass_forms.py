"""General forms of English read in the third pass of issue 23 (tuned on the development
narratives only), one test per form, each with sentences written for the test (none is taken from
the corpus)."""

from __future__ import annotations

import datetime as dt

import pytest

from mukti.intake.dates import resolve
from mukti.intake.extraction import extract, sentences
from mukti.intake.tests.helpers import REPORT_DAY, events, places, rules_of


def rules(text: str, reference: dt.date | None = REPORT_DAY) -> list[str]:
    return [e["rule"] for e in extract(text, reference_date=reference)["events"]]


# Dates


def test_a_month_abbreviated_with_a_stop_is_a_date_and_no_sentence_end() -> None:
    text = "The trader pleaded guilty Sept. 4, 2024. He was sentenced today."
    assert len(sentences(text)) == 2
    assert next(m.iso() for m in resolve(text, REPORT_DAY)) == "2024-09-04"
    assert ("court_hearing", "2024-09-04") in events(text)


def test_a_day_and_month_just_before_the_report_take_the_report_s_year() -> None:
    # The story is told from years back; "on March 12" is eight days before the report.
    text = "The workers were recruited in June 2021. The two owners were arrested on March 12."
    assert ("arrest", "2025-03-12") in events(text)


def test_about_some_weeks_ago_is_a_month() -> None:
    dates = resolve("The case came to light about three weeks ago.", REPORT_DAY)
    assert [m.iso() for m in dates] == ["2025-02"]


def test_a_flashback_told_after_the_event_in_another_clause_is_not_its_date() -> None:
    text = (
        "On 10 March 2025 the team searched the flat. The room was found empty; the neighbours "
        "said the tenants had left a week earlier."
    )
    assert ("rescue_attempt_failed", "2025-03-10") in events(text)


def test_what_someone_said_of_the_past_does_not_move_the_story_back() -> None:
    text = (
        "The girl was rescued on 9 March 2025. She stated that her friend was taken away in "
        "the first week of February. The friend could not be traced."
    )
    assert events(text)[-1] == ("unable_to_trace", "2025-03-09")


# Events


def test_a_tally_of_a_unit_s_work_is_not_an_event() -> None:
    text = "So far this year the railway police have rescued 118 children and arrested 22 agents."
    assert events(text) == []
    assert extract(text, reference_date=REPORT_DAY)["victims_rescued"] == 0


def test_a_future_after_the_trigger_is_not_an_event() -> None:
    assert events("Release certificates will be issued to the workers on Monday.") == []
    assert events("An FIR is to be registered once the father arrives.") == []


def test_a_noun_trigger_whose_verb_is_a_plan_is_not_an_event() -> None:
    assert events("Repatriation of the two boys is planned for the second week of April.") == []
    # A verb trigger stays an event when a plan follows it.
    assert [k for k, _ in events("The boys were rescued and will be produced tomorrow.")] == [
        "rescue"
    ]


def test_produced_before_the_cwc_then_restored_is_no_shelter() -> None:
    text = "On 3 March 2025 the boys were produced before the CWC and given to their parents."
    assert events(text) == [("repatriation", "2025-03-03")]


def test_a_place_checked_then_nothing_found_is_one_failed_attempt() -> None:
    text = (
        "On 4 March 2025 the team checked the two guest houses near the bus stand. Nothing found."
    )
    assert events(text) == [("rescue_attempt_failed", "2025-03-04")]


def test_a_rescue_told_again_the_same_day_is_one_rescue() -> None:
    text = (
        "Police rescued four women from a lodge on 2 March 2025. The raid followed a tip-off. "
        "The four women were rescued from the second floor."
    )
    assert [kind for kind, _ in events(text)].count("rescue") == 1


def test_a_rescue_told_as_having_happened_before_is_another_rescue() -> None:
    text = (
        "Police rescued four women from a lodge on 2 March 2025. The owner was arrested. Three "
        "girls who had been rescued earlier from a hotel were also brought to the shelter on "
        "2 March 2025."
    )
    assert [kind for kind, _ in events(text)].count("rescue") == 2


def test_having_left_a_place_is_no_failed_attempt_but_an_empty_place_found_is() -> None:
    left = rules("In May 2024 two workers who had left the quarry called the union.")
    assert not any("rescue_attempt_failed" in rule for rule in left)
    text = "On 2 May 2024 the labour officers found the sheds empty."
    assert events(text) == [("rescue_attempt_failed", "2024-05-02")]


def test_treated_as_is_no_medical_care() -> None:
    assert events("The employer treated the boys like servants for two years.") == []


def test_a_written_statement_is_no_contact_with_an_authority() -> None:
    text = "On the written statement of the Sub-Inspector, a case was registered on 3 March 2025."
    assert [kind for kind, _ in events(text)] == ["fir_registered"]


def test_the_two_arrested_is_no_second_arrest() -> None:
    text = (
        "Two agents were arrested on 3 March 2025. A case was registered against the two "
        "arrested on 4 March 2025."
    )
    assert [kind for kind, _ in events(text)].count("arrest") == 1


def test_whereabouts_that_could_not_be_ascertained_is_unable_to_trace() -> None:
    text = "The whereabouts of the third girl could not be ascertained."
    assert [kind for kind, _ in events(text)] == ["unable_to_trace"]


def test_the_lede_under_a_dateline_takes_the_day_the_body_tells() -> None:
    text = (
        "Siliguri, 9 March 2025: Railway police rescued five boys and arrested an agent at the "
        "junction.\n\nOn the evening of 8 March 2025, acting on a tip-off, a team checked the "
        "coaches."
    )
    assert events(text)[:2] == [("rescue", "2025-03-08"), ("arrest", "2025-03-08")]


def test_a_rescue_told_as_a_noun_is_a_rescue() -> None:
    assert [k for k, _ in events("The rescue was carried out on 6 March 2025 by the SDM.")] == [
        "rescue"
    ]
    assert [k for k, _ in events("The raid took place on 6 March 2025.")] == ["rescue"]


def test_a_letter_that_refers_to_the_writer_s_earlier_one_is_a_contact() -> None:
    text = "This is with reference to our earlier letter dated 2 March 2025 to your office."
    assert events(text) == [("authority_contacted", "2025-03-02")]


def test_sent_back_to_a_place_is_a_repatriation() -> None:
    text = "The nine workers were sent back to Odisha on 9 March 2025."
    assert events(text) == [("repatriation", "2025-03-09")]


def test_missing_from_home_since_is_the_trafficking() -> None:
    text = "The boy has been missing from his home since 1 March 2025."
    assert events(text) == [("trafficked", "2025-03-01")]


def test_negated_further_on_or_in_its_absence_is_not_an_event() -> None:
    text = "Release certificates under Section 12 of the Act have not been issued to them."
    assert events(text) == []
    assert events("In the absence of release certificates the family cannot claim aid.") == []


# Each new trigger of the third pass, with a sentence that fires it by its own rule.
THIRD_FORMS = [
    ("The rescue was carried out by the labour officers.", "rescue", "rescue.rescue_carried_out"),
    ("Our previous letter to the Collector went unanswered.", "authority_contacted",
     "authority_contacted.our_earlier_letter"),
    ("The chargesheet has been filed in the case.", "other", "other.charge_sheet"),
    ("The raid is fixed for tomorrow.", "rescue_deferred", "rescue_deferred.raid_tomorrow"),
    ("The committee handed them over to their guardians.", "repatriation",
     "repatriation.given_to_parents"),
    ("4/3 - Nine workers found at the second kiln.", "rescue", "rescue.people_found"),
    ("4/3 - Reached Kotwali PS with the father.", "authority_contacted",
     "authority_contacted.reached_ps"),
    ("4/3 - Bihar partner sent this - boy 14, missing from Araria.", "information_received",
     "information_received.sent_this"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "rule"), THIRD_FORMS)
def test_each_third_pass_form_gives_its_event_with_a_named_rule(
    text: str, kind: str, rule: str
) -> None:
    assert rules_of(text, kind) == [f"trigger:{rule}"]


def test_a_second_event_of_a_type_with_its_own_date_in_its_own_part_of_the_sentence() -> None:
    text = (
        "The girl was handed over to her mother on 2 March 2025 and reunited with the rest of "
        "her family in Nepal on 9 March 2025."
    )
    assert events(text) == [("repatriation", "2025-03-02"), ("repatriation", "2025-03-09")]
    # Without a date of its own, the second is the same event told on.
    assert len(events("She was rescued on 2 March 2025 and freed from the debt.")) == 1


def test_a_charge_sheet_filed_is_other() -> None:
    text = "The charge sheet was filed on 4 March 2025."
    assert events(text) == [("other", "2025-03-04")]
    assert events("As unfolded in the charge sheet, the girl was sold.") == [("trafficked", None)]


def test_as_of_this_report_is_the_report_s_day() -> None:
    text = (
        "On 2 March 2025 she went missing. As of the date of this report we are unable to "
        "trace her."
    )
    assert events(text)[-1] == ("unable_to_trace", "2025-03-20")


def test_a_rescue_put_off_to_tomorrow_is_put_off_today() -> None:
    text = "4/3 - Spoke to the SDM. Raid tomorrow 10am."
    assert events(text)[-1] == ("rescue_deferred", "2025-03-04")


def test_a_question_in_a_chat_is_not_an_event() -> None:
    assert events("4/3 - FIR registered? girls found?") == []


def test_a_participle_after_the_people_is_not_a_new_rescue() -> None:
    text = "Two girls rescued in Pune last year were received at the border."
    assert "rescue.people_found" not in " ".join(rules(text))


def test_an_authority_informed_in_shorthand_is_a_contact() -> None:
    assert [k for k, _ in events("5/3 - Railway police (GRP) Katihar informed.")] == [
        "authority_contacted"
    ]


def test_abbreviations_of_case_notes_do_not_end_a_sentence() -> None:
    text = "Missing compl. recd from the father. Sunil (approx. 25 years) took her."
    assert len(sentences(text)) == 2


def victims(text: str) -> list[str]:
    return [v["name"] for v in extract(text, reference_date=REPORT_DAY)["victims"]]


def test_one_letter_for_a_name_is_a_victim() -> None:
    assert victims('Survivors: (1) "K", 16, Khulna; (2) "P", 18, Jessore.') == ["K", "P"]
    assert victims('She was a girl from Nadia whom I will call "M". She was 14.') == ["M"]
    assert victims("The petitioner's daughter, Ms. Y, was kept in a protective home.") == ["Ms. Y"]


# Places and titles


def test_a_village_named_with_its_kind_first_is_a_place() -> None:
    found = places("Accused: Ramu Das (31), vill. Bhalukdanga, P.S. Hili. Village. Told police.")
    assert "Bhalukdanga" in found and "Told" not in found


def test_a_numbered_sector_is_a_place() -> None:
    assert "Sector 21" in places("She worked in a flat in Sector 21 for a year.")


def test_a_us_federal_district_and_a_town_before_its_state_are_places() -> None:
    text = "A grand jury in the Eastern District of Texas indicted a man of Lufkin, Texas."
    found = places(text)
    assert "Eastern District of Texas" in found and "Lufkin" in found


def test_south_east_asian_and_us_places_are_in_the_gazetteer() -> None:
    found = places("The workers flew from Manila to Bangkok and were taken to Cambodia and Ohio.")
    assert {"Manila", "Bangkok", "Cambodia", "Ohio"} <= set(found)


def test_a_senior_police_inspector_is_his_own_title() -> None:
    titles = [
        o["title"] for o in extract("Senior Police Inspector Jadhav led the team.")["officials"]
    ]
    assert titles == ["Senior Police Inspector"]
