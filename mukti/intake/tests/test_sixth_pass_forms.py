"""General forms read in the sixth pass of issue 23: places and officials as US, South-East Asian
and cross-border releases write them, and the steps of chats, letters, donor stories and
cross-border reports. One test per form, each with sentences written for the test (none is taken
from the corpus or from any narrative of it)."""

from __future__ import annotations

import datetime as dt

import pytest

from mukti.intake.extraction import extract
from mukti.intake.tests.helpers import events, officials, places, rules_of


def place_rules(text: str) -> dict[str, str]:
    return {p["name"]: p["rule"] for p in extract(text)["places"]}


# Places


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Agents searched a house on East Lincoln Avenue in the early hours.",
            "East Lincoln Avenue",
        ),
        ("The girl was found at a motel off the Gulf Freeway.", "Gulf Freeway"),
        ("He rented a unit at 1180 Harbor Boulevard for the women.", "Harbor Boulevard"),
        ("The van was stopped on North Oak Street near the school.", "North Oak Street"),
    ],
)
def test_a_street_named_with_its_kind_is_a_place(text: str, name: str) -> None:
    assert place_rules(text).get(name) == "place:street"


def test_a_highway_with_a_number_or_a_newspaper_is_no_street() -> None:
    assert "National Highway" not in places("The truck was held on the National Highway 27.")
    assert not any("Street" in p for p in places("A reporter of the Wall Street Journal wrote."))


def test_a_county_is_named_with_its_word() -> None:
    found = place_rules("The workers were housed on a farm in Tattnall County last spring.")
    assert found.get("Tattnall County") == "place:county"


def test_a_city_named_with_its_word_unless_the_gazetteer_names_it() -> None:
    assert place_rules("She lived with her aunt in Tagum City.").get("Tagum City") == (
        "place:named_city"
    )
    # A city the gazetteer knows keeps its own name, and its police is the city's.
    assert "Mumbai City" not in places("He wrote to the Mumbai City Police.")


def test_a_province_is_named_without_its_word() -> None:
    found = place_rules("The boys were from Kampong Speu province and worked at sea.")
    assert found.get("Kampong Speu") == "place:province"
    both = places("Recruiters went to Nakhon Phanom and Mukdahan provinces in May.")
    assert {"Nakhon Phanom", "Mukdahan"} <= set(both)
    after = places("The children came from the provinces of Kratie and Stung Treng.")
    assert {"Kratie", "Stung Treng"} <= set(after)


def test_a_barangay_is_named_with_its_word() -> None:
    found = place_rules("Agents entered a house in Barangay San Isidro at dawn.")
    assert found.get("Barangay San Isidro") == "place:barangay"
    assert not any(p.startswith("Barangay") for p in places("The Barangay Captain came."))


def test_an_airport_is_a_place() -> None:
    found = place_rules("Two women were stopped at Mactan-Cebu International Airport on Monday.")
    assert any(rule == "place:airport" for rule in found.values())


def test_a_dateline_in_capitals_names_its_town() -> None:
    text = "CEBU CITY – Police rescued eight minors from a house on Friday.\n"
    assert "Cebu City" in places(text)
    town = "VALDOSTA, Ga. – A farm labor contractor was indicted today.\n"
    assert "Valdosta" in places(town)
    # Words in capitals at a line's start that are no town.
    assert places("PRESS RELEASE – 4 March 2025\nThe unit rescued three women.") == []


def test_a_news_dateline_in_capitals_with_a_colon_names_its_town() -> None:
    assert "Cuttack" in places("CUTTACK, Mar 4: Nine boys were rescued from a hotel.")


def test_a_town_before_a_us_state_s_abbreviation() -> None:
    found = place_rules("Agents arrested a labor contractor in Hinesville, Ga., on Tuesday.")
    assert found.get("Hinesville") == "place:town_before_state_abbreviation"


def test_a_town_before_its_state_after_and() -> None:
    assert "Bowling Green" in places("They ran spas in Louisville and Bowling Green, Kentucky.")


def test_where_someone_lives_is_a_place() -> None:
    assert place_rules("The agent, a resident of Lalgarh, was arrested.").get("Lalgarh") == (
        "place:resident_of"
    )
    assert "Ocala" in places("Trent Ryle, 41, of Ocala pleaded guilty.")


def test_a_police_note_s_r_o_is_where_the_accused_lives() -> None:
    found = place_rules("Two accused, Mintu Das r/o Bhatpara and Rabi Sah r/o vill. Naugachia.")
    assert found.get("Bhatpara") == "place:resident_of"
    assert "Naugachia" in found


def test_a_shelter_named_in_hindi_and_a_ward_s_number_are_no_places() -> None:
    found = places(
        "The girls were kept at Balika Griha, Araria. The house at Ward No. 9 was empty."
    )
    assert "Balika Griha" not in found and "Ward No" not in found


def test_a_unit_named_first_and_an_official_s_name_stay_on_their_line() -> None:
    text = "Subject: Missing girl of village Tilpara, PS Dubrajpur\n\nRespected Madam,"
    assert "PS Dubrajpur" in places(text)
    head = extract("SUPERINTENDENT OF POLICE, BIRBHUM\nPRESS NOTE\nDate: 4.3.2025")["officials"]
    assert head[0]["name"] is None


def test_one_police_station_written_two_ways_is_one_place() -> None:
    text = (
        "We went to Mohanpur PS on 2 May. The officer in charge of Mohanpur Police Station "
        "refused to register a case."
    )
    found = places(text)
    assert "Mohanpur Police Station" in found and "Mohanpur PS" not in found


def test_both_areas_of_the_x_and_y_area() -> None:
    assert {"Kidderpore", "Watgunge"} <= set(
        places("They searched the Kidderpore and Watgunge area.")
    )


def test_no_place_runs_across_a_line_or_in_an_office_s_name() -> None:
    text = "Office to Combat Trafficking in Persons\nPress statement, 4 March 2025"
    assert places(text) == []
    assert "United States" not in places("United States Attorney Maria Lowe made the announcement.")


def test_a_title_is_no_place() -> None:
    assert places("Spoke to Addl Collector about the raid.") == []


def test_south_east_asian_provinces_and_us_cities_in_the_gazetteer() -> None:
    found = places("The girls came from Svay Rieng and were taken to Nonthaburi, then Toledo.")
    assert {"Svay Rieng", "Nonthaburi", "Toledo"} <= set(found)


# Officials


def test_an_office_named_by_a_title_is_no_official() -> None:
    assert officials("The Pima County Sheriff's Office assisted in the case.") == []
    text = "The Department of Health Office of Inspector General investigated the case."
    assert officials(text) == []


def test_an_ngo_s_head_is_no_official_but_an_agency_s_is() -> None:
    assert officials("Executive Director Rosa Lim of the shelter spoke.") == []
    assert officials("Yours faithfully,\nSecretary, Asha Jyoti Samiti, Purnia") == []
    assert officials("NBI Director Ramon Dizon said the operation took a month.") == ["Director"]


def test_a_rank_and_the_function_after_the_comma_are_one_official() -> None:
    found = officials("Lt Col Farid Ahmed, Commanding Officer of 12 BGB, said the group was held.")
    assert found == ["Commanding Officer"]
    listed = officials("The team had SI Ravi Kumar, ASI Mohan Das and two constables.")
    assert {"Sub-Inspector", "Assistant Sub-Inspector"} <= set(listed)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Pol. Gen. Anan Srisuk, the national police chief, visited the shelter.",
            "Police General",
        ),
        ("PCAPT Liza Reyes led the team.", "Police Captain"),
        ("Brig. Gen. Hartono told reporters the recruiters were held.", "Brigadier General"),
        ("Lt Col Nazmul Haque led the patrol.", "Lieutenant Colonel"),
        ("Commandant Rajiv Bhalla of the 85th Battalion received the women.", "Commandant"),
        ("Inspector General Tom Beyer announced the results.", "Inspector General"),
        ("Judge Alma Ortiz sentenced him to 12 years.", "Judge"),
        ("The Superintendent of the government home received her.", "Superintendent"),
        ("DSWD Secretary Rosa Tan visited the children.", "Secretary"),
        ("Task Force Officer Dean Price arrested him.", "Task Force Officer"),
        ("The IG of the frontier, Ashok Rana, met the families.", "Inspector General"),
        ("Commander Suda Kaew of the division said four were held.", "Commander"),
        ("The Additional Deputy Commissioner visited the camp.", "Additional Deputy Commissioner"),
    ],
)
def test_each_sixth_pass_title(text: str, title: str) -> None:
    assert title in officials(text)


def test_agencies_of_releases_are_organisations() -> None:
    text = (
        "Homeland Security Investigations and the Federal Bureau of Investigation worked with "
        "the National Bureau of Investigation and the IOM."
    )
    found = {o["abbrev"] for o in extract(text)["organisations"]}
    assert {"HSI", "FBI", "NBI", "IOM"} <= found


# Events: one form each, with the rule that reads it.

SIXTH_FORMS = [
    ("On 4 March all 19 labourers were released from the kiln.", "rescue",
     "rescue.people_released"),
    ("On 4 March the RPF stopped a man with three girls at the station.", "rescue",
     "rescue.stopped_someone_with"),
    ("4/3 - boy held. FIR at GRP Sealdah u/s 143 BNS", "fir_registered",
     "fir_registered.fir_at_unit"),
    ("4/3 - girls medical at Sadar hospital", "medical_care", "medical_care.medical_at"),
    ("4/3 - CWC order done. Rekha to Sneha Niketan home", "shelter_placement",
     "shelter_placement.name_to_home"),
    ("4/3 - decoy visit by our partner, two minors seen", "verified", "verified.decoy_visit"),
    ("On 4 March the customer gave the hotel name and the room number.", "location_identified",
     "location_identified.told_the_place"),
    ("On 4 March we informed our partner organisation in Surat.", "referred",
     "referred.informed_partner_org"),
    ("4/3 - CWC order for restoration received", "repatriation",
     "repatriation.restoration_order"),
    ("On 4 March we phoned the SDM about the kiln.", "authority_contacted",
     "authority_contacted.called_authority"),
    ("On 4 March the Labour Officer said they will visit next week.", "rescue_deferred",
     "rescue_deferred.said_will_go_later"),
    ("4/3 - Seema went with a man from the market, he said job in a salon", "trafficked",
     "trafficked.went_with_for_job"),
    ("On 4 March the DCPU traced her family in Malda.", "other", "other.family_traced"),
    ("On 4 March her brother reported her missing at Domjur police station.",
     "authority_contacted", "authority_contacted.reported_at_station"),
    ("On 4 March a missing diary (No. 77/25) was recorded.", "fir_registered",
     "fir_registered.diary_was_recorded"),
    ("On 4 March the two girls were handed over to us at the Jogbani border.", "repatriation",
     "repatriation.handed_over_to_us_at_border"),
    ("On 4 March we received four women who had been rescued in Surat.", "repatriation",
     "repatriation.received_rescued_people"),
    ("On 4 March the boy went back to his parents.", "repatriation",
     "repatriation.went_back_to_family"),
    ("4/3 - team visited the factory, 12 boys seen at the looms", "verified",
     "verified.team_visited_place"),
    ("4/3 - missing complaint accepted at Sonarpur PS, GD 118", "fir_registered",
     "fir_registered.complaint_taken_at_ps"),
    ("4/3 - her uncle rang the helpline late at night", "information_received",
     "information_received.called_helpline"),
    ("4/3 - sister got a whatsapp msg from Nisha, she is scared", "information_received",
     "information_received.got_message_from"),
    ("4/3 - Nisha recovered from a hotel in Paharganj", "rescue",
     "rescue.name_recovered_from"),
    ("On 4 March the GRP caught them near the gate with a placement agent.", "rescue",
     "rescue.caught_them_with_agent"),
    ("We are referring to you Ms. K., 19, for legal aid.", "referred",
     "referred.we_are_referring"),
    ("On 4 March the BSF returned nine women to the BGB through a flag meeting.", "repatriation",
     "repatriation.flag_meeting"),
    ("On 4 March the two boys were sent back through the Rupaidiha border.", "repatriation",
     "repatriation.sent_back_across"),
    ("On 4 March both men made their initial appearance in federal court.", "court_hearing",
     "court_hearing.initial_appearance"),
    ("On 4 March the suspects were brought to the city prosecutor for inquest proceedings.",
     "other", "other.inquest"),
    ("On 4 March the man was handed over to the Sonauli police.", "arrest",
     "arrest.man_handed_to_police"),
    ("On 4 March her grandmother walked into our office in Diamond Harbour.",
     "information_received", "information_received.family_walked_in"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "rule"), SIXTH_FORMS)
def test_each_sixth_pass_form_gives_its_event_with_a_named_rule(
    text: str, kind: str, rule: str
) -> None:
    assert f"trigger:{rule}" in rules_of(text, kind)


def test_people_released_on_bail_are_no_rescue() -> None:
    assert rules_of("On 4 March the women were released on bail.", "rescue") == []


def test_a_complaint_given_to_an_authority_is_no_information_received() -> None:
    text = "4/3 - complaint given to the SDM and the Labour Officer"
    assert rules_of(text, "information_received") == []


def test_no_fir_is_no_registration() -> None:
    assert rules_of("No FIR has been registered so far.", "fir_registered") == []


def test_an_accused_not_there_is_no_failed_rescue() -> None:
    assert rules_of("5/3 - owner not there, manager taken to PS", "rescue_attempt_failed") == []


def test_a_noun_step_with_tomorrow_in_a_chat_is_a_plan() -> None:
    text = "4/3 - girls in shelter. Statement u/s 183 tomorrow\n5/3 - 183 statement done"
    assert events(text) == [
        ("shelter_placement", "2025-03-04"),
        ("statement_recorded", "2025-03-05"),
    ]


def test_brought_to_the_border_by_our_partner_is_no_trafficking() -> None:
    text = "On 4 March the girls were brought to Raxaul by our partner in Patna."
    assert rules_of(text, "trafficked") == []


# Dates


def test_a_weekday_under_a_dateline_is_the_last_such_day_up_to_it() -> None:
    text = "GOALPARA, 5 March 2025: Police rescued three girls from a bus on Sunday."
    assert events(text, dt.date(2025, 3, 20)) == [("rescue", "2025-03-02")]


def test_last_and_this_month_count_from_the_report() -> None:
    assert events("Last February the AHTU rescued her.") == [("rescue", "2025-02")]
    assert events("She was rescued last October.") == [("rescue", "2024-10")]
    assert events("This may take weeks. She was rescued on 4 March.") == [("rescue", "2025-03-04")]


def test_the_next_day_after_a_flashback_counts_from_the_story_s_day() -> None:
    text = (
        "On 9 March we received two women who had been rescued in Pune in January. Their "
        "statements were recorded the next day."
    )
    found = events(text)
    assert ("statement_recorded", "2025-03-10") in found


def test_a_story_s_first_trafficking_under_a_title_stays_undated() -> None:
    text = (
        "A New Start for Lata\n\nLata was sold to a dhaba owner by her cousin. In May 2023 the "
        "police rescued her."
    )
    assert events(text)[0] == ("trafficked", None)


def test_a_sentencing_told_again_with_no_day_of_its_own_is_the_same() -> None:
    text = (
        "Thursday, May 8, 2025\n\nTAMPA - Lyle Grant was sentenced on Wednesday to 15 years in "
        "prison. Grant was arrested on March 3, 2022. He was sentenced by U.S. District Judge "
        "Ann Vogel."
    )
    assert [kind for kind, _ in events(text, dt.date(2025, 5, 8))].count("conviction") == 1


def test_a_plea_in_a_month_without_a_year_after_an_old_story_is_the_release_s_year() -> None:
    text = (
        "Thursday, May 8, 2025\n\nLyle Grant was arrested on March 3, 2022 in Tampa. Grant "
        "pleaded guilty in January."
    )
    assert ("court_hearing", "2025-01") in events(text, dt.date(2025, 5, 8))


def test_forms_widened_in_the_sixth_pass_keep_their_rules() -> None:
    assert rules_of("4/3 - her aunt came to centre with a photo", "information_received") == [
        "trigger:information_received.family_came"
    ]
    assert rules_of("4/3 - girl handed to father at CWC office", "repatriation") == [
        "trigger:repatriation.given_to_parents"
    ]
    text = "On 4 March an FIR (No. 88/2025) was registered at Kotwali police station."
    assert rules_of(text, "fir_registered") == ["trigger:fir_registered.fir_registered_lodged"]


def test_an_order_still_pending_is_no_event_but_a_home_pending_inquiry_is() -> None:
    assert rules_of("4/3 - CWC order for repatriation pending", "repatriation") == []
    text = "On 4 March she was sent to a government home pending inquiry."
    assert rules_of(text, "shelter_placement") != []


def test_a_bare_month_after_a_story_of_years_before_continues_the_story() -> None:
    text = "In March 2021 the police rescued him from a factory in Surat. In May he came home."
    assert events(text)[-1] == ("repatriation", "2021-05")


def test_a_chat_line_s_day_after_its_sender() -> None:
    text = "Update\nRina (field): 3/3 girls at CWC.\nRina (field): 4/3 girls handed to parents."
    assert events(text)[-1] == ("repatriation", "2025-03-04")


def test_cash_recovered_from_a_flat_is_no_rescue() -> None:
    assert rules_of("4/3 - Cash recovered from a flat in Salt Lake", "rescue") == []


def test_what_an_authority_directed_is_no_event() -> None:
    text = "On 4 March the CWC directed that she be shifted to a shelter in Howrah."
    assert events(text) == []


def test_an_arrest_on_the_day_of_the_raid_takes_the_raid_s_day() -> None:
    text = (
        "Police rescued four women from a spa on 2 March. Their statements were recorded on "
        "4 March. The manager was arrested on the day of the raid."
    )
    assert events(text)[-1] == ("arrest", "2025-03-02")


def test_a_part_of_a_state_named_by_its_direction() -> None:
    found = place_rules("The crews worked on onion farms across South Texas and in Eastern Oregon.")
    assert found.get("South Texas") == "place:part_of_a_state"
    assert found.get("Eastern Oregon") == "place:part_of_a_state"
    assert "West Bengal" in places("She was taken from West Bengal.")


def test_handed_to_their_relatives_is_a_return_and_sent_back_is_no_contact() -> None:
    text = "On 4 March the police handed them to their relatives after a diary was recorded."
    assert "trigger:repatriation.given_to_parents" in rules_of(text, "repatriation")
    sent = "On 4 March they were sent back across the border by the police."
    assert rules_of(sent, "authority_contacted") == []


def test_a_stretch_from_one_date_through_another_dates_its_start() -> None:
    text = "From at least June 2020 through May 2023, the couple lured workers with job promises."
    assert events(text) == [("trafficked", "2020-06")]


def test_brought_to_a_prosecutor_for_inquest_is_no_trafficking() -> None:
    text = "On 4 March the suspects were brought to the city prosecutor for inquest proceedings."
    assert events(text) == [("other", "2025-03-04")]


def test_a_quarter_and_a_metro_station_named_with_their_word() -> None:
    found = place_rules(
        "The boys lived in Sangam Vihar Extension and met near Saket metro station."
    )
    assert found.get("Sangam Vihar Extension") == "place:quarter"
    assert found.get("Saket metro station") == "place:metro_station"


def test_a_phase_in_roman_numerals() -> None:
    assert "Naraina Phase II" in places("The unit was in Naraina Phase II near the flyover.")


def test_the_place_a_unit_is_named_by() -> None:
    found = place_rules("The girls were produced before CWC Mayur Vihar the next day.")
    assert found.get("Mayur Vihar") == "place:unit_s_place"
    assert "Helpline" not in places("She called the Childline Helpline at night.")


def test_two_police_stations_told_in_one() -> None:
    found = places("Teams of Jalangi and Domkal police stations joined the search.")
    assert {"Jalangi police station", "Domkal police station"} <= set(found)


def test_a_broker_handed_over_to_the_police_is_the_arrest_unless_one_was_told() -> None:
    stopped = "On 4 March our staff stopped two girls. The broker was handed over to police."
    assert [kind for kind, _ in events(stopped)] == ["rescue", "arrest"]
    held = (
        "On 4 March the BGB intercepted two girls and arrested the broker. The broker was handed "
        "over to police."
    )
    assert [kind for kind, _ in events(held)] == ["rescue", "arrest", "referred"]


def test_a_missing_complaint_filed_with_the_police_is_no_trafficking() -> None:
    text = "On 4 March we filed a missing complaint with the police in Canning."
    assert rules_of(text, "trafficked") == []


def test_a_campaign_s_drive_and_an_extension_officer_are_no_places() -> None:
    assert places("A Special Drive was launched against child labour on Monday.") == []
    assert places("The Block Extension Officer came with the police.") == []


def test_a_degree_after_a_name_is_no_state() -> None:
    assert places("Yours faithfully,\nRina Das, MA\nCoordinator") == []
    assert "Pharr" in places("The office was in Pharr, TX 78577 until May.")


def test_offices_and_programmes_of_releases_are_no_places() -> None:
    text = (
        "The case was brought in Project Safe Childhood with help from Customs and Border "
        "Protection and Federal Protective Service."
    )
    assert places(text) == []
    assert places("The four were stopped at Terminal 3 before boarding.") == []


def test_a_nepali_municipality_is_named_with_its_word() -> None:
    found = place_rules("The girl is from Panchkhal Municipality-4 of Kavre.")
    assert found.get("Panchkhal Municipality") == "place:quarter"
