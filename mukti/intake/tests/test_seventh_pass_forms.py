"""General forms read in the seventh pass of issue 23: the steps of chats (English and Hindi
written in Latin letters), letters, press notes, releases and cross-border reports; their dates
(day headings, datelines on their own line, relative days, a letter's own day, flashbacks told
after the event); and officials named by a function and a rank. One test per form, each with
sentences written for the test (none is taken from the corpus or from any narrative of it)."""

from __future__ import annotations

import datetime as dt

import pytest

from mukti.intake.extraction import extract
from mukti.intake.tests.helpers import events, officials, rules_of

# Events: one form each, with the rule that reads it.

SEVENTH_FORMS = [
    ("4/3 - Rina's father called at 9 pm, she is in a lodge in Howrah", "information_received",
     "information_received.relative_called"),
    ("4/3 - Asha Kiran Raxaul called: two girls seen at the bus stand", "information_received",
     "information_received.relative_called"),
    ("4/3 - Sir, call from the girl's aunt just now", "information_received",
     "information_received.call_from_relative"),
    ("4/3 raat ko Pinki ki didi ka call aaya", "information_received",
     "information_received.hinglish_call_came"),
    ("On 4 March a teacher told us that two sisters had stopped coming to school.",
     "information_received", "information_received.person_reported_to_us"),
    ("4/3 - Aunt reported Puja missing, gone with a boy from the market", "information_received",
     "information_received.person_reported_to_us"),
    ("4/3 - thana Domjur ko inform kiya", "authority_contacted",
     "authority_contacted.hinglish_informed"),
    ("4/3 - Pinki mil gayi, Sealdah station pe", "rescue", "rescue.hinglish_name_found"),
    ("4/3 - dalal pakda gaya", "arrest", "arrest.hinglish_caught"),
    ("4/3 - 183 statement ho gaya", "statement_recorded",
     "statement_recorded.hinglish_statement_done"),
    ("On 4 March the girl was found by the GRP at the station.", "rescue",
     "rescue.found_by_authority"),
    ("On 4 March the Pune police found her in a lodge.", "rescue", "rescue.police_found_her"),
    ("On 4 March the police picked them up from a flat in Baguiati.", "rescue",
     "rescue.picked_up_from"),
    ("On 4 March agents removed the worker, a young mother, from the residence.", "rescue",
     "rescue.removed_victim_from"),
    ("On 4 March the BGB detained two women and a tout near the fence.", "rescue",
     "rescue.border_detained_women_and_tout"),
    ("On 4 March the girls gave statements to investigators.", "statement_recorded",
     "statement_recorded.gave_statements"),
    ("4/3 - she is now at the home in Bolpur", "shelter_placement",
     "shelter_placement.now_at_home"),
    ("After the raid on 4 March she spent two months at our home in Kalimpong.",
     "shelter_placement", "shelter_placement.spent_time_at_home"),
    ("We hereby refer her case to your office for legal aid.", "referred",
     "referred.we_refer_transfer_case"),
    ("As the boys live in your district, we are now transferring the case to you.", "referred",
     "referred.we_refer_transfer_case"),
    ("After her restoration to her family on 4 March, she went back to school.", "repatriation",
     "repatriation.after_her_restoration"),
    ("4/3 - both boys got back home", "repatriation",
     "repatriation.reached_came_home"),
    ("4/3 - agent held at Howrah", "arrest", "arrest.man_held"),
    ("On 4 March a specific case under the ITPA has been started at Usthi PS.", "fir_registered",
     "fir_registered.case_under_sections_started"),
    ("4/3 - medical at district hospital done", "medical_care",
     "medical_care.medical_at_hospital"),
    ("On 4 March the IC said raid only after the address is confirmed.", "rescue_deferred",
     "rescue_deferred.only_after"),
    ("On 4 March our volunteer went as a customer to the spa.", "verified",
     "verified.went_as_customer"),
    ("From 2021 he made her work without pay in his house.", "trafficked",
     "trafficked.made_work_without_pay"),
    ("On 4 March the Tahsildar released 14 bonded workers from the kiln.", "rescue",
     "rescue.released_workers_active"),
    ("She was found during a police raid in Kamathipura on 4 March.", "rescue",
     "rescue.found_during_raid"),
    ("On 4 March she crossed back through Benapole.", "repatriation",
     "repatriation.crossed_back_received_by_family"),
    ("On 4 March she was received by her father at the check post.", "repatriation",
     "repatriation.crossed_back_received_by_family"),
    ("4/3 - Picked up from Kalyani station, girls safe", "rescue",
     "rescue.picked_up_from_telegraphic"),
    ("In March she came to live at our home in Siliguri.", "shelter_placement",
     "shelter_placement.came_to_live_at_home"),
    ("On 4 March the children were turned over to the city social welfare office.",
     "shelter_placement", "shelter_placement.turned_over_to_welfare"),
    ("On 4 March two phones were recovered from his possession.", "evidence_collected",
     "evidence_collected.recovered_from_possession"),
    ("On 4 March the jury returned a guilty verdict.", "conviction", "conviction.guilty_verdict"),
    ("4/3 - address confirmed from her live location", "location_identified",
     "location_identified.address_confirmed"),
    ("On 4 March the team stopped the child marriage in Hingalganj.", "rescue",
     "rescue.stopped_the_marriage"),
    ("Accordingly Domjur PS Case No. 55/25 dated 04/03/2025 was taken up.", "fir_registered",
     "fir_registered.case_no_dated"),
    ("4/3 - Siliguri partner forwarded: girl 15, seen at a hotel", "information_received",
     "information_received.partner_forwarded"),
    ("On 4 March the Khulna desk shared details of a girl in Pune.", "information_received",
     "information_received.partner_forwarded"),
    ("4/3 - our partner and the police got her out from a room in Okhla", "rescue",
     "rescue.got_her_out_from"),
    ("Basing on reliable information, the team went to the lodge on 4 March.",
     "information_received", "information_received.basing_on_information"),
    ("On 4 March agents identified six workers as potential victims.", "rescue",
     "rescue.identified_as_victims"),
    ("On 4 March she was examined at the Civil Hospital, Karnal.", "medical_care",
     "medical_care.examined_at_hospital"),
    ("On 4 March the RPF detected five minor boys travelling with an escort.", "rescue",
     "rescue.detected_children_travelling"),
    ("On 4 March the girls were handed over to the Nepal Police at Birgunj.", "repatriation",
     "repatriation.handed_to_home_country"),
    ("On 4 March the tout was sent to Hili police station for necessary legal action.",
     "referred", "referred.accused_sent_to_police_for_action"),
    ("In May a neighbour in the colony alerted our partner.", "information_received",
     "information_received.someone_alerted_us"),
    ("On 4 March the NBI received a request for assistance from her sister.",
     "information_received", "information_received.request_for_assistance"),
    ("On 4 March the tout was held by the BGB near the fence.", "arrest", "arrest.man_held"),
    ("During investigation, the girl was traced and recovered on 4 March from a flat.", "rescue",
     "rescue.traced_and_recovered"),
    ("The raid on 4 March stemmed from a CyberTip sent by a US centre.", "information_received",
     "information_received.operation_stemmed_from"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "rule"), SEVENTH_FORMS)
def test_each_seventh_pass_form_gives_its_event_with_a_named_rule(
    text: str, kind: str, rule: str
) -> None:
    assert f"trigger:{rule}" in rules_of(text, kind)


def test_a_relative_who_called_back_gave_no_information() -> None:
    text = "4/3 - when the mother called back, the number was off"
    assert rules_of(text, "information_received") == []


def test_workers_released_as_an_adjective_are_no_rescue() -> None:
    assert rules_of("Mon: released families left by train for Bolangir", "rescue") == []


def test_an_accused_held_her_captive_is_no_arrest() -> None:
    assert rules_of("The agent held her captive for a month.", "arrest") == []


def test_officers_who_located_her_and_recovered_her_are_one_rescue() -> None:
    found = rules_of("On 4 March officers located the girl at a lodge and recovered her.", "rescue")
    assert found == ["trigger:rescue.recovered_person"]


def test_compensation_asked_for_is_no_compensation_paid() -> None:
    text = "We write to you for interim compensation under the scheme."
    assert rules_of(text, "other") == []


# Where a text's head ends


def test_chat_lines_told_by_the_writer_are_no_headline() -> None:
    text = (
        "Update from the field 5 March\n"
        "Yesterday evening the mother came to our office, girl missing\n"
        "This morning we met SP Nadia with the mother\n"
    )
    found = [kind for kind, _ in events(text, dt.date(2025, 3, 5))]
    assert found == ["information_received", "authority_contacted"]


def test_lines_opened_by_a_day_without_a_year_are_no_headline() -> None:
    text = (
        "4 March - Maiti partner called: girl seen in Siliguri\n5 March - informed AHTU Siliguri\n"
    )
    assert events(text) == [
        ("information_received", "2025-03-04"),
        ("authority_contacted", "2025-03-05"),
    ]


def test_a_day_heading_line_opens_a_body() -> None:
    text = "Tue 4 March\nGirl found by AHTU at noon, she is safe\n"
    assert events(text) == [("rescue", "2025-03-04")]


def test_a_report_titled_follow_up_note_is_no_plan() -> None:
    text = "Follow-up note on K.\nShe was rescued on 4 March from a hotel in Digha."
    assert events(text) == [("rescue", "2025-03-04")]


# Dates


def test_an_initial_before_she_ends_the_sentence() -> None:
    text = "On 4 March the police rescued P. She was restored to her family on 9/3."
    assert events(text) == [("rescue", "2025-03-04"), ("repatriation", "2025-03-09")]


def test_today_on_a_line_opened_by_yesterday_is_the_report_s_day() -> None:
    text = (
        "Yesterday, police raided a house and rescued a girl. The accused was forwarded to court "
        "today."
    )
    found = events(text, dt.date(2025, 3, 20))
    assert found[0] == ("rescue", "2025-03-19")
    assert found[-1] == ("court_hearing", "2025-03-20")


def test_a_day_after_while_trying_to_is_the_day_of_what_stopped_it() -> None:
    text = (
        "KHULNA, March 7: BGB detained two women and a tout while they were trying to cross the "
        "border on Wednesday night."
    )
    assert events(text, dt.date(2025, 3, 7))[0] == ("rescue", "2025-03-05")


def test_a_letter_s_referral_is_on_the_letter_s_day_and_is_the_letter() -> None:
    text = (
        "To the Child Welfare Committee, Howrah\nDate: 12/03/2025\nSir,\nThe girl was rescued "
        "on 4 March and her statement was recorded on 6 March. We are now referring her to the "
        "Committee for care and protection."
    )
    assert events(text) == [
        ("rescue", "2025-03-04"),
        ("statement_recorded", "2025-03-06"),
        ("referred", "2025-03-12"),
    ]


def test_a_letter_to_an_authority_on_one_line_is_a_contact() -> None:
    text = "To the District Magistrate, Nadia\nSir, the boys were rescued on 4 March."
    assert [kind for kind, _ in events(text)] == ["rescue", "authority_contacted"]


def test_a_judgment_s_verdict_in_the_present_takes_the_judgment_s_day() -> None:
    text = (
        "Judgment delivered on 14.03.2025\nThe victim was recovered on 02.05.2019. The accused "
        "is found guilty and convicted."
    )
    assert events(text)[-1] == ("conviction", "2025-03-14")


def test_on_the_day_of_the_arrest_is_the_arrest_s_day() -> None:
    text = (
        "In January, HSI received a tip. Agents arrested the man on 4 March. On the day of the "
        "arrest, agents removed the worker from the home."
    )
    assert events(text)[-1] == ("rescue", "2025-03-04")


def test_a_flashback_in_what_someone_said_after_the_event_does_not_date_it() -> None:
    text = (
        "4 March - team went with police to the room. The room was empty, neighbours said the "
        "family left two days earlier."
    )
    assert ("rescue_attempt_failed", "2025-03-04") in events(text)


def test_short_day_headings_count_back_from_the_report() -> None:
    text = (
        "Sat: got a msg from a driver about two girls at a dhaba\nMon - raid done, girls rescued\n"
    )
    assert events(text, dt.date(2025, 3, 17)) == [
        ("information_received", "2025-03-15"),
        ("rescue", "2025-03-17"),
    ]


def test_a_day_and_month_after_a_short_weekday() -> None:
    text = "Sat 15/3: Childline received information from a neighbour.\nSun 16/3: girl rescued."
    assert events(text) == [("information_received", "2025-03-15"), ("rescue", "2025-03-16")]


def test_n_days_later_before_a_clause_that_opens_with_a() -> None:
    text = "On 4 March we wrote to the SDM. Two days later a joint team released all 12 workers."
    assert events(text)[-1] == ("rescue", "2025-03-06")


def test_the_day_of_a_tip_off_told_after_the_rescue_is_background() -> None:
    text = (
        "Two girls were rescued at Hatia station on Monday. Acting on a tip-off received on "
        "Sunday, RPF checked the train. A man with them was arrested."
    )
    assert events(text, dt.date(2025, 3, 18))[-1] == ("arrest", "2025-03-17")


def test_an_earlier_day_told_after_prompted_by_is_background() -> None:
    text = (
        "Officers raided a parlour on 1 March after an investigation prompted by a complaint in "
        "February. The owner was detained."
    )
    assert events(text)[-1] == ("arrest", "2025-03-01")


def test_a_court_step_s_month_is_in_the_release_s_year() -> None:
    text = "Police arrested him on Nov. 9, 2023. A jury convicted him in February."
    assert events(text, dt.date(2025, 6, 20))[-1] == ("conviction", "2025-02")


def test_a_dateline_alone_on_its_line_is_no_day_of_the_story() -> None:
    text = (
        "Birgunj, 20 March\nA girl who had been lured by an agent on 11 March was intercepted at "
        "the border the next day."
    )
    assert ("rescue", "2025-03-12") in events(text)


def test_told_to_come_the_next_day_does_not_date_the_visit() -> None:
    text = "4/3 - went to Domkal PS with the mother, OC told to come next day"
    assert events(text) == [("authority_contacted", "2025-03-04")]


# Officials


def test_a_function_then_a_rank_and_a_name_is_one_official() -> None:
    found = officials("Battalion Commander Lt Col Arif Khan said the women were safe.")
    assert found == ["Battalion Commander"]


def test_a_rank_s_name_then_a_function_in_lower_case_is_one_official() -> None:
    text = "Lt Col Arif Khan, commanding officer of 17 BGB, said the women were safe."
    assert officials(text) == ["Commanding Officer"]


def test_plural_us_titles_before_names() -> None:
    text = "Assistant U.S. Attorneys Dana Lee and Omar Hill are prosecuting the case."
    assert officials(text) == ["Assistant United States Attorney"]
    unnamed = "Assistant U.S. Attorneys and a trial attorney prosecuted the case."
    assert officials(unnamed) == []


def test_an_io_with_a_rank_is_one_official() -> None:
    assert officials("IO ASI Bimal Das took her statement.") == ["Investigating Officer"]


def test_the_extraction_names_each_new_rule() -> None:
    found = extract("4/3 - dalal pakda gaya", reference_date=dt.date(2025, 3, 20))["events"]
    assert found[0]["rule"] == "trigger:arrest.hinglish_caught"


def test_a_stretch_from_in_or_about_is_dated_by_its_start() -> None:
    text = "From in or about June 2018 through in or about March 2020, the man lured four women."
    assert events(text) == [("trafficked", "2018-06")]


def test_a_year_after_approximately_or_late() -> None:
    assert events("Between approximately 2017 and 2019, he lured three girls.") == [
        ("trafficked", "2017")
    ]
    assert events("In late 2019 he lured two girls to Pune.") == [("trafficked", "2019")]


def test_last_friday_counts_back_from_the_report_not_from_the_story() -> None:
    text = "Police rescued 12 women on Tuesday (March 5). The owner was arrested last Friday."
    assert events(text, dt.date(2024, 3, 8)) == [("rescue", "2024-03-05"), ("arrest", "2024-03-01")]


def test_a_month_that_opens_a_sentence_moves_the_story_on() -> None:
    text = (
        "In August 2022 the police brought her out of the flat. In March, the labour court "
        "awarded her back wages."
    )
    assert events(text, dt.date(2023, 12, 1))[-1] == ("other", "2023-03")


def test_a_second_verb_after_could_not_is_its_own_clause() -> None:
    text = "On 4 March the escort could not give a satisfactory reply and was apprehended."
    assert rules_of(text, "arrest") != []


def test_found_out_she_was_working_in_a_place() -> None:
    text = "On 10 March the partner found out that the girl was working in a hotel in Digha."
    assert rules_of(text, "location_identified") == [
        "trigger:location_identified.learned_learnt_came"
    ]
