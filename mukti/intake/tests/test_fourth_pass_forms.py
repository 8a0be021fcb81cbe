"""General forms read in the fourth pass of issue 23: ways any writer tells each step, a few date
forms, places written with their part or kind, and titles outside Indian police ranks. One test
per form, each with sentences written for the test (none is taken from the corpus)."""

from __future__ import annotations

import pytest

from mukti.intake.tests.helpers import events, officials, places, rules_of

# Events: one form each, with the rule that reads it.

FOURTH_FORMS = [
    ("On 4 March the team carried out a joint raid at the factory.", "rescue",
     "rescue.conducted_operation"),
    ("The police held the kiln owner on 4 March.", "arrest", "arrest.held_accused"),
    ("Her aunt approached us on 4 March.", "information_received",
     "information_received.approached_us"),
    ("On 4 March we sought help from the Labour Department.", "authority_contacted",
     "authority_contacted.reported_to"),
    ("A case under Sections 370 and 374 IPC was registered on 4 March.", "fir_registered",
     "fir_registered.case_under_registered"),
    ("4/3 - Statement done at the PS.", "statement_recorded", "statement_recorded.statement_done"),
    ("On 4 March the boy returned to his village.", "repatriation",
     "repatriation.returned_to_village"),
    ("The agent appeared before the magistrate on 4 March.", "court_hearing",
     "court_hearing.appeared_in_court"),
    ("The women were lodged in a government home on 4 March.", "shelter_placement",
     "shelter_placement.lodged_in_home"),
    ("In 2023 she was forced into domestic work.", "trafficked", "trafficked.forced_into"),
    ("On 4 March the boy was located in a hostel.", "location_identified",
     "location_identified.was_located"),
    ("When the team reached the lodge, the girls had been moved.", "rescue_attempt_failed",
     "rescue_attempt_failed.had_been_moved"),
    ("The manager was found guilty on 4 March.", "conviction", "conviction.found_guilty"),
    ("4/3 - two girls from the village taken to Surat by a contractor.", "trafficked",
     "trafficked.people_taken_to_place"),
    ("The police station told the mother to come back later.", "authority_contacted",
     "authority_contacted.authority_told_family"),
    ("We kept going back to the thana with the father.", "authority_contacted",
     "authority_contacted.going_to_thana"),
    ("Her phone records led the police to the flat.", "location_identified",
     "location_identified.led_to"),
    ("In March the girls finally came back, thin and tired.", "repatriation",
     "repatriation.came_back"),
    ("The contractor was made to pay the workers.", "other", "other.made_to_pay"),
    ("The agent has been named in a police case.", "fir_registered",
     "fir_registered.named_in_case"),
    ("The border guards handed the broker over to the police, and the accused was handed over "
     "to the police.", "referred", "referred.accused_handed_to_police"),
    ("The two victims were recovered and taken to a clinic.", "rescue",
     "rescue.victims_were_recovered"),
    ("On 4 March the workers were returned to Thailand.", "repatriation",
     "repatriation.returned_to_country"),
    ("4/3 - Went to the PS with the father. Missing diary done.", "fir_registered",
     "fir_registered.diary_done"),
    ("4/3 - SSB stopped 3 girls at the bridge with a man.", "rescue", "rescue.stopped_people"),
    ("She went for a hotel job through an agent in 2023.", "trafficked",
     "trafficked.through_an_agent"),
    ("In 2023 a neighbour offered to find her work in a hotel.", "trafficked",
     "trafficked.offered_to_find_work"),
    ("A missing complaint was finally registered in April 2023.", "fir_registered",
     "fir_registered.finally_registered"),
    ("In January 2023 the partner found Rekha during a raid in Pune.", "rescue",
     "rescue.during_a_raid"),
    ("In May 2023 our worker brought Rekha back to Malda.", "repatriation",
     "repatriation.brought_name_back"),
    ("On 4 March our team visited the lodge to verify the information.", "verified",
     "verified.went_to_verify"),
    ("On 4 March CCTV footage was collected from the station.", "evidence_collected",
     "evidence_collected.money_footage_collected"),
    ("The police have failed to trace her so far.", "unable_to_trace",
     "unable_to_trace.failed_to_trace"),
    ("On 4 March the SHO refused to conduct the raid without orders.", "rescue_deferred",
     "rescue_deferred.refused_raid"),
    ("The raid on 4 March was unsuccessful.", "rescue_attempt_failed",
     "rescue_attempt_failed.raid_unsuccessful"),
    ("On 4 March a tip-off was received about minors at a hotel.", "information_received",
     "information_received.tip_off_received"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "rule"), FOURTH_FORMS)
def test_each_fourth_pass_form_gives_its_event_with_a_named_rule(
    text: str, kind: str, rule: str
) -> None:
    assert rules_of(text, kind) == [f"trigger:{rule}"]


def test_taken_into_federal_custody_is_an_arrest() -> None:
    assert events("The recruiter was taken into federal custody on 4 March.") == [
        ("arrest", "2025-03-04")
    ]


def test_her_statement_given_to_the_police_is_no_contact_with_an_authority() -> None:
    assert events("She gave her statement to the police on 4 March.") == [
        ("statement_recorded", "2025-03-04")
    ]


def test_shifted_to_a_rescue_home_is_the_placement_not_where_she_was_held() -> None:
    text = "The rescued women were shifted to a rescue home on 4 March."
    assert events(text) == [("shelter_placement", "2025-03-04")]


def test_an_adjective_is_no_arrest() -> None:
    assert events("The detained broker is a man from the next village.") == []


# Dates


def test_a_date_written_year_first_is_a_day() -> None:
    assert events("She was rescued on 2025-03-04.") == [("rescue", "2025-03-04")]


def test_a_weekday_followed_by_its_date_takes_the_date() -> None:
    assert events("She was rescued on Tuesday, March 4.") == [("rescue", "2025-03-04")]
    assert events("She was rescued on Tuesday, 4 March 2025.") == [("rescue", "2025-03-04")]


def test_a_season_of_a_year_is_the_year() -> None:
    assert events("She was trafficked in the summer of 2022.") == [("trafficked", "2022")]


def test_between_two_years_starts_at_the_first() -> None:
    text = "Between 2019 and 2022 the defendants recruited workers from Mexico."
    assert events(text) == [("trafficked", "2019")]


# Places


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("She worked in a house in Dwarka sec 12.", "Dwarka sec 12"),
        ("A flat in Mayur Vihar Phase 1 was raided.", "Mayur Vihar Phase 1"),
        ("We went to Rohini Sec 9 PS.", "Rohini Sec 9 PS"),
    ],
)
def test_a_locality_with_its_numbered_part(text: str, name: str) -> None:
    assert name in places(text)


def test_a_quarter_with_its_side_in_brackets_but_a_known_city_s_zone_is_the_city() -> None:
    assert "Andheri (East)" in places("She was found in a flat in Andheri (East).")
    assert places("The unit of Jaipur (East) acted.") == ["Jaipur"]


def test_a_police_office_named_by_its_kind_first() -> None:
    assert places("She was handed over to the District Police Office, Parsa.") == [
        "District Police Office, Parsa"
    ]
    assert places("They went to the District Police Office in Dolakha.") == [
        "District Police Office, Dolakha"
    ]
    assert "Border Out Post Hakimpur" in places("Troops of the Border Out Post Hakimpur acted.")


def test_a_police_district() -> None:
    assert "Murshidabad Police District" in places("The Murshidabad Police District acted.")


def test_two_places_joined_by_an_en_dash_are_one_crossing_but_a_hyphen_keeps_two() -> None:
    assert "Raxaul\u2013Birgunj border" in places("They crossed at the Raxaul\u2013Birgunj border.")
    assert places("They crossed at Petrapole-Benapole.") == ["Petrapole", "Benapole"]


def test_a_known_town_s_station_is_the_town() -> None:
    assert places("She was found at Howrah station.") == ["Howrah"]


def test_two_months_joined_by_a_hyphen_are_no_place() -> None:
    assert places("The girls worked there in January-February.") == []


def test_districts_of_more_states_are_known() -> None:
    assert {"Bahraich", "Alwar", "Rewari"} <= set(places("Bahraich, Alwar and Rewari."))


# Officials


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("The Deputy Inspector General of Police said so.", "Deputy Inspector General of Police"),
        ("The Chief District Officer of Dolakha said so.", "Chief District Officer"),
        ("The UNO of Sharsha said so.", "Upazila Nirbahi Officer"),
        ("Pol. Lt. Gen. Somchai said so.", "Police Lieutenant General"),
        ("Assistant Attorney General Jane Roe said so.", "Assistant Attorney General"),
        ("Trial Attorney John Roe prosecuted the case.", "Trial Attorney"),
        ("The Governor of Tak said so.", "Governor"),
        ("L/SI Rina Das and L/C Puja went.", "Lady Sub-Inspector"),
        ("The PP asked for time.", "Public Prosecutor"),
    ],
)
def test_titles_outside_the_indian_police_ranks(text: str, title: str) -> None:
    assert title in officials(text)


def test_an_official_told_with_an_indefinite_article_in_lower_case_is_no_particular_one() -> None:
    assert officials("A trial attorney of the Division joined later.") == []
    assert officials("A Trial Attorney, Jane Roe, joined later.") == ["Trial Attorney"]


def test_a_day_month_and_year_joined_by_dashes_as_forms_write_it() -> None:
    assert events("She was rescued on 4-Mar-2025.") == [("rescue", "2025-03-04")]


def test_days_after_the_rescue_count_from_the_rescue_just_told() -> None:
    text = "She was rescued on 4 March. Two days after the rescue, she was sent home."
    assert events(text) == [("rescue", "2025-03-04"), ("repatriation", "2025-03-06")]


def test_after_some_days_at_a_clause_start_counts_on_but_not_in_a_plan_or_a_stay() -> None:
    text = "She was rescued on 4 March 2025. After ten days she was repatriated."
    assert events(text) == [("rescue", "2025-03-04"), ("repatriation", "2025-03-14")]
    text = "On 4 March 2025 the OC told us to come back after one week. We called the SP."
    assert events(text)[-1] == ("authority_contacted", "2025-03-04")


# Sentences


def test_abbreviated_ranks_codes_and_company_names_do_not_end_a_sentence() -> None:
    text = "A case in Cr. No. 245/2024 u/s 370 IPC was registered at Kondapur PS on 4 March."
    assert events(text) == [("fir_registered", "2025-03-04")]
    assert "Cr" not in places(text)
    assert officials("Pol. Lt. Gen. Somchai met Pol. Lt. Col. Anan.") == [
        "Police Lieutenant General",
        "Police Lieutenant Colonel",
    ]


def test_a_statement_to_be_recorded_is_no_event() -> None:
    assert events("Her statement u/s 164 Cr.P.C. to be recorded.") == []


def test_a_sentencing_told_in_the_lede_and_again_in_the_body_is_one() -> None:
    text = (
        "FOR IMMEDIATE RELEASE\nMarch 20, 2025\n\n"
        "TYLER, Texas \u2013 A Tyler man has been sentenced to prison, the office said.\n\n"
        "He was sentenced to 180 months in federal prison today by the judge."
    )
    assert [kind for kind, _ in events(text)] == ["conviction"]


def test_a_nationality_and_a_division_are_no_places() -> None:
    text = (
        "The Commander of the Anti-Trafficking in Persons Division handed them to Thai officials."
    )
    assert places(text) == []


def test_chat_shorthand_for_a_call_a_visit_a_raid_and_a_return() -> None:
    assert events("4/3 - mother came to office with the photo.")[0][0] == "information_received"
    assert events("4/3 - the girl messaged from Pune.")[0][0] == "information_received"
    assert events("4/3 - partner says raid done, girls safe.")[0][0] == "rescue"
    assert events("4/3 - girl reached home, handed to parents.") == [("repatriation", "2025-03-04")]


def test_an_fir_lodged_is_no_contact_and_money_sent_to_parents_no_return() -> None:
    assert events("4/3 - FIR lodged at Kharibari PS.") == [("fir_registered", "2025-03-04")]
    assert events("On 4 March the wages were sent to the parents through the agent.") == []


def test_the_intervening_night_of_two_days_is_the_first() -> None:
    text = "On the intervening night of 13/14.03.2025, the police raided the hotel."
    assert events(text) == [("rescue", "2025-03-13")]
    assert events("On 13-14 March 2025 the police raided the hotel.") == [("rescue", "2025-03-13")]


def test_yesterday_and_last_week_count_from_the_dateline() -> None:
    text = "KOLKATA, March 4: Police rescued two girls from a hotel yesterday."
    assert events(text) == [("rescue", "2025-03-03")]
    assert events("Police rescued two girls from a hotel yesterday.") == [("rescue", "2025-03-19")]


def test_titles_are_found_where_a_scan_of_every_word_finds_them() -> None:
    from mukti.intake.extraction import lists, officials

    pattern, _ = lists.titles()
    text = (
        "The SP, the sr. superintendent of police, L/C Das, Dy.SP Rao, O/C Sen, the PP, Pol. Col."
        " Anan, a Sub Inspector, SUPERINTENDENT OF POLICE, I.O. Das and the IO met.\n"
        "Copy to: DM, SDM, CWC."
    )
    scanned = [m.span() for m in pattern.finditer(text)]
    assert [m.span() for m in officials._title_matches(pattern, text)] == scanned
    assert len(scanned) >= 10


def test_an_address_s_labelled_parts_and_a_named_area_are_places() -> None:
    found = places("Case: Rina (16), Vill- Kulpi, PO- Ramnagar, Dist- South 24 Pgs.")
    assert {"Kulpi", "Ramnagar", "South 24 Pgs"} <= set(found)
    assert "Ramganj" in places("The boys were found in Jaipur's Ramganj area.")
    assert places("They crossed in the Border area.") == []


def test_later_that_year_the_following_year_and_later_that_month() -> None:
    text = "In May 2022 she came home. The two men were arrested later that year."
    assert events(text) == [("repatriation", "2022-05"), ("arrest", "2022")]
    text = "She was trafficked in 2022. She was rescued in March the following year."
    assert events(text) == [("trafficked", "2022"), ("rescue", "2023-03")]
    text = "She was rescued on 4 March 2023. Later that month she was sent home."
    assert events(text) == [("rescue", "2023-03-04"), ("repatriation", "2023-03")]


def test_a_one_word_title_in_lower_case_is_a_word_not_a_title_told() -> None:
    assert officials("The RDO has a meeting for the minister visit.") == [
        "Revenue Divisional Officer"
    ]
    assert officials("Interior Minister Sar Kheng and the Chief Minister spoke.") == [
        "Minister",
        "Chief Minister",
    ]
