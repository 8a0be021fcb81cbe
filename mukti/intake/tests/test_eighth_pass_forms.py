"""General forms read in the eighth pass of issue 23, from the misses on the dev narratives of the
third batch's writers (C and D): contacts told in a chat's present and in Hindi, an authority
that sends the family elsewhere, tip-offs told as "on information that", trafficking told in a
few words, verifications and home reports, transfers and witnesses; the dates of notes headed by
a day, of seasons and years told alone, of a date of birth, of a judgment's verdict in the past
and of weekdays under a dateline; and the titles these writers use. One test per form, each with
sentences written for the test (none is taken from the corpus or from any narrative of it)."""

from __future__ import annotations

import datetime as dt

import pytest

from mukti.intake.extraction import extract
from mukti.intake.tests.helpers import events, officials, places, rules_of

# Events: one form each, with the rule that reads it.

EIGHTH_FORMS = [
    ("[04/03, 8:10 pm] Gita: Calling GRP Howrah now", "authority_contacted",
     "authority_contacted.chat_calling_authority"),
    ("4/3 - I am informing CWC Bankura about the boy", "authority_contacted",
     "authority_contacted.chat_calling_authority"),
    ("4/3 - speaking to Domjur police station, they are checking", "authority_contacted",
     "authority_contacted.chat_calling_authority"),
    ("[04/03, 9:02 pm] Ramesh: SDPO Barasat se baat hui", "authority_contacted",
     "authority_contacted.hinglish_spoke_to_authority"),
    ("[04/03, 9:05 pm] Ramesh: Main SP ko call karta hu", "authority_contacted",
     "authority_contacted.hinglish_spoke_to_authority"),
    ("On 4 March, with no reply from the Embassy, three reminders were sent.",
     "authority_contacted", "authority_contacted.reminders_sent"),
    ("4/3 - went to Kulpi PS, duty officer said go to the AHTU office", "referred",
     "referred.authority_said_go_to"),
    ("On 4 March, on information that two boys were held in a hotel, the RPF reached Howrah.",
     "information_received", "information_received.on_information_that"),
    ("On 4 March, upon specific input received from a shopkeeper, the GRP checked the train.",
     "information_received", "information_received.on_information_that"),
    ("The raid on 4 March followed a complaint from a teacher in Basanti.",
     "information_received", "information_received.operation_followed_complaint"),
    ("4/3 - informer from Canning called, two girls at the bus stand with a man",
     "information_received", "information_received.source_called"),
    ("Her uncle had \"sold\" her to a dance bar in Pune.", "trafficked",
     "trafficked.sold_in_quotes"),
    ("The two sisters had been brought by a \"didi\" who promised them jobs.", "trafficked",
     "trafficked.brought_by_agent"),
    ("Her son went to Surat with a contractor three months back.", "trafficked",
     "trafficked.went_with_a_man"),
    ('She came to Pune a year ago with "Raju", a boy she met online.', "trafficked",
     "trafficked.went_with_a_man"),
    ("The families had been taken by one labour sardar to a kiln in Karnataka.", "trafficked",
     "trafficked.taken_by_agent"),
    ("4/3 - teen ladke ek dalal ke saath bus me baithe hai", "trafficked",
     "trafficked.hinglish_with_a_man"),
    ("4/3 - Home verification in Sandeshkhali with the DCPU.", "verified",
     "verified.home_verification_done"),
    ("4/3 - HIR of Puja received from the DCPU.", "other", "other.home_report_done"),
    ("On 4 March the district office confirmed her identity and address.", "verified",
     "verified.confirmed_identity"),
    ("In March undercover officers confirmed that minors were working at the bar.", "verified",
     "verified.undercover_confirmed"),
    ("On 4 March, after verifying the tip-off, the team went to the lodge.", "verified",
     "verified.after_verifying"),
    ("In March our partner in Dhaka carried out family tracing.", "verified",
     "verified.carried_out_tracing"),
    ("On 4 March the CWC ordered her transfer to CWC Malda.", "referred",
     "referred.ordered_transfer_to_authority"),
    ("4/3 - called our partner in Siwan for home verification of the boy", "referred",
     "referred.called_partner_for"),
    ("On 4 March the girl was examined as PW-2 before the Special Court.", "court_hearing",
     "court_hearing.examined_as_witness"),
    ("On 4 March the boys were handed over to a partner NGO at the Raxaul border.",
     "repatriation", "repatriation.handed_over_at_border"),
    ("On 4 March the handover was done at the zero line in the presence of both forces.",
     "repatriation", "repatriation.handed_over_at_border"),
    ("On 4 March the two sisters were escorted by train to Malda.", "repatriation",
     "repatriation.escorted_home"),
    ("On 4 March her father lodged a missing complaint at Kakdwip police station.",
     "authority_contacted", "authority_contacted.lodged_complaint_at_police"),
    ("4/3 - Kalu Sheikh (38) arrested at the lodge", "arrest", "arrest.name_age_arrested"),
    ("4/3 - SDPO not picking up. Left msg with his reader", "authority_contacted",
     "authority_contacted.left_message_called_back"),
    ("[04/03, 6:10 pm] Mita: DSP called back, team ready", "authority_contacted",
     "authority_contacted.left_message_called_back"),
    ("[04/03, 6:12 pm] Mita: SP office me reader ne letter le liya", "authority_contacted",
     "authority_contacted.left_message_called_back"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "rule"), EIGHTH_FORMS)
def test_each_eighth_pass_form_gives_its_event_with_a_named_rule(
    text: str, kind: str, rule: str
) -> None:
    assert f"trigger:{rule}" in rules_of(text, kind)


def test_a_manager_caught_in_a_chat_is_an_arrest() -> None:
    assert "arrest" in [kind for kind, _ in events("4/3 - raid hua, manager pakda gaya")]


def test_a_man_calling_himself_an_agent_is_no_contact() -> None:
    text = "A man calling himself a SP officer took the money."
    assert rules_of(text, "authority_contacted") == []


def test_after_speaking_to_the_sp_is_no_new_contact() -> None:
    text = "After speaking to the SP, we waited outside."
    assert "trigger:authority_contacted.chat_calling_authority" not in rules_of(
        text, "authority_contacted"
    )


def test_information_from_our_own_organisation_is_not_received() -> None:
    text = "She was rescued on 4 March by the police, on information from our organisation."
    assert "information_received" not in [kind for kind, _ in events(text)]


def test_a_verification_asked_for_is_none_done() -> None:
    text = "On 4 March we wrote to the High Commission for nationality verification."
    assert "verified" not in [kind for kind, _ in events(text)]
    text = "4/3 - Home verification requested through the DCPU of Gaya."
    assert "verified" not in [kind for kind, _ in events(text)]


def test_a_list_of_three_authorities_is_three_contacts() -> None:
    text = "On 4 March we informed the SDM, the District Labour Officer and the Kulti police."
    found = extract(text, reference_date=dt.date(2025, 3, 20))["events"]
    assert [(e["type"], e["date"]) for e in found] == [("authority_contacted", "2025-03-04")] * 3
    assert [e["rule"] for e in found][1:] == [
        "trigger:authority_contacted.each_authority_listed"
    ] * 2


def test_two_authorities_in_one_sentence_stay_one_contact() -> None:
    text = "On 4 March we informed the Kulti police and the District Child Protection Officer."
    assert events(text) == [("authority_contacted", "2025-03-04")]


def test_a_station_named_after_its_officer_is_the_same_authority() -> None:
    text = "On 4 March we wrote to the OC, Kulti PS, and the SDM and the DCPO."
    assert len(events(text)) == 3


def test_and_then_to_a_second_authority_is_a_second_contact() -> None:
    text = (
        "On 4 March her aunt went with our worker to the police station and then to the Child "
        "Protection Unit."
    )
    assert events(text) == [("authority_contacted", "2025-03-04")] * 2


def test_a_missing_complaint_lodged_is_a_contact_and_an_fir_if_registered_or_filed() -> None:
    text = "On 4 March her father lodged a missing complaint at Kakdwip police station."
    assert events(text) == [("authority_contacted", "2025-03-04")]
    text = (
        "On 4 March her father lodged a missing complaint at Kakdwip police station, which was "
        "entered as a GD."
    )
    assert sorted(kind for kind, _ in events(text)) == ["authority_contacted", "fir_registered"]
    text = "On 4 March her father filed a missing complaint at Kakdwip police station."
    assert "fir_registered" in [kind for kind, _ in events(text)]


# Dates.


def test_a_note_s_day_heading_takes_the_year_of_the_heading_before_it() -> None:
    text = (
        "02/03 - Girl received at the shelter.\n"
        "06/03 - Called Bagda PS. Her mother lodged a GD in Nov 2023 (GD dt 14.11.23). "
        "Informed CWC and the IO.\n"
        "09/03 - Her 183 statement recorded at the court.\n"
    )
    found = events(text, dt.date(2025, 6, 30))
    assert ("authority_contacted", "2025-03-06") in found
    assert found[-1] == ("statement_recorded", "2025-03-09")
    assert found.count(("authority_contacted", "2025-03-06")) >= 2


def test_a_season_of_a_year_stands_for_its_months() -> None:
    text = "In the summer of 2023 our worker met her mother. The police rescued her in September."
    assert events(text, dt.date(2024, 12, 1))[-1] == ("rescue", "2023-09")


def test_a_day_after_a_year_told_alone_is_in_that_year() -> None:
    text = "Her family moved to the kiln last year. On 19 August we wrote to the SDM."
    assert events(text, dt.date(2025, 1, 15))[-1] == ("authority_contacted", "2024-08-19")


def test_a_season_without_a_year_after_last_year_is_the_next_one() -> None:
    text = (
        "She was married off last year. In the spring, she called her brother. Our worker went "
        "with him to the police station."
    )
    assert events(text, dt.date(2025, 8, 1))[-1] == ("authority_contacted", "2025")


def test_a_season_after_an_event_is_not_a_date_of_its_own() -> None:
    text = "She went missing in the winter after the 2015 floods and was rescued in 2019."
    assert events(text, dt.date(2025, 8, 1))[-1] == ("rescue", "2019")


def test_a_week_later_after_a_flashback_counts_from_the_story_s_day() -> None:
    text = (
        "On 2 March 2025 the police rescued four women from a flat. They said they had crossed "
        "the border in the winter of 2023. The agent was arrested; the owner surrendered a week "
        "later."
    )
    assert ("arrest", "2025-03-09") in events(text)


def test_night_of_a_day_and_month_is_that_day() -> None:
    text = "14/05 - Received at the shelter. Rescued from a lodge in Howrah on the night of 12/05."
    assert events(text, dt.date(2025, 6, 1))[-1] == ("rescue", "2025-05-12")


def test_a_date_of_birth_dates_nothing() -> None:
    text = (
        "Charges were framed on 4 March 2021. The headmaster gave her date of birth as "
        "12.05.2007. The prosecution examined six witnesses."
    )
    assert events(text)[-1] == ("court_hearing", "2021-03-04")


def test_a_verdict_in_the_past_takes_the_judgment_s_day() -> None:
    text = (
        "Date of judgment: 14 March 2025\nThe girl was rescued on 2 May 2019. Both accused were "
        "convicted under section 370 IPC. The Court recommended compensation of Rs 3 lakh."
    )
    found = events(text)
    assert ("conviction", "2025-03-14") in found
    assert found[-1] == ("other", "2025-03-14")


def test_a_weekday_under_a_dateline_after_a_flashback_is_the_writer_s() -> None:
    text = (
        "Girl rescued, agent held\n\nKOLKATA, March 14: A girl from Basanti was rescued on "
        "Monday. She had called her aunt on February 20. Police raided the flat on Monday and "
        "she was produced before the CWC on Wednesday."
    )
    found = events(text, dt.date(2025, 3, 14))
    assert found[-1] == ("shelter_placement", "2025-03-12")


# Officials.


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Her statement was recorded by the Judicial Magistrate First Class, Olpur.",
            "Judicial Magistrate First Class",
        ),
        (
            "It was recorded by the First Class Magistrate, Kalyanpur.",
            "Judicial Magistrate First Class",
        ),
        (
            "The Principal District & Sessions Judge, Dumka, heard the case.",
            "Principal District and Sessions Judge",
        ),
        ("The case was investigated by the Inspector of Police, Aluva.", "Inspector of Police"),
        ("The Block Education Officer produced the register.", "Block Education Officer"),
        ("The District Labour Officer was informed by phone.", "District Labour Officer"),
        ("The Asst. Labour Officer, Koraput, joined the team.", "Assistant Labour Officer"),
        ("The Revenue Inspector counted the workers.", "Revenue Inspector"),
        ("The Child Protection Officer visited the area.", "Child Protection Officer"),
        ("We wrote to the Divisional Commissioner, Jodhpur.", "Divisional Commissioner"),
        ("The Village Chief confirmed her identity.", "Village Chief"),
        ("The Minister-Counsellor of the Embassy signed the letter.", "Minister-Counsellor"),
        ("She was escorted by a WPC to the court.", "Woman Police Constable"),
        ("Her mother came with the mukhiya to our office.", "Mukhiya"),
        ("The Munshi at the PS took the complaint.", "Munshi"),
        ("The tehsildar recorded the statements.", "Tehsildar"),
        ("She was produced before the Magistrate the next day.", "Magistrate"),
        ("4/3 - RPF inspector Kujur reached the platform", "Inspector"),
        ("The sub-inspector of Marhaura PS led the raid.", "Sub-Inspector"),
        ("The Additional Sessions Judge-II, Gaya, framed charges.", "Additional Sessions Judge"),
        (
            "They were prosecuted by Assistant Attorneys General Ann Ford and Eli Moss.",
            "Assistant Attorney General",
        ),
    ],
)
def test_titles_written_in_full(text: str, title: str) -> None:
    assert title in officials(text)


def test_magistrate_alone_is_the_one_named_in_full() -> None:
    text = (
        "She was produced before the Metropolitan Magistrate, Esplanade. The learned Magistrate "
        "sent her to a protective home."
    )
    assert officials(text) == ["Metropolitan Magistrate"]


def test_an_officer_counted_by_a_digit_is_no_particular_official() -> None:
    assert officials("4/3 - team of IO + 1 WPC left by train") == ["Investigating Officer"]


def test_a_rank_in_lower_case_alone_is_still_a_word() -> None:
    assert "Inspector" not in officials("The inspector came late to the station.")


# Places.


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "They were taken across the Third Lao–Thai Friendship Bridge at night.",
            "Third Lao–Thai Friendship Bridge",
        ),
        ("The boat crossed the Kosi River before dawn.", "Kosi River"),
        ("The women were received at the Hili land port.", "Hili land port"),
        ("The girl was found at the Sitabuldi bus stand.", "Sitabuldi bus stand"),
    ],
)
def test_crossings_named_with_their_word(text: str, place: str) -> None:
    assert place in places(text)


def test_a_dashed_pair_before_land_port_is_two_places() -> None:
    found = places("They were handed over at the Hili-Bhomra land port.")
    assert "Hili-Bhomra land port" not in found


def test_a_town_s_name_inside_an_ngo_s_name_is_no_place() -> None:
    assert "Kalyan" not in places("Secretary, Asha Kalyan Samiti, Malda")
