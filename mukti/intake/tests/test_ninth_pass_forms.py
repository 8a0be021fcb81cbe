"""General forms read in the ninth pass of issue 23, from the misses on the dev narratives of the
third batch's writers (C and D): bail of a kind, inspections, release orders and wages assessed,
papers forwarded or marked between offices, a partner told, a note's letter, statement and
escort in a few words, chats in Hindi, girls received at a station or fetched by a team; and what
is no event: a paragraph's name, the Ministry of Home Affairs, "stated to be", a plan in Hindi,
"expected to be", "contacted by police", a process pending. One test per form, each with
sentences written for the test (none is taken from the corpus or from any narrative of it)."""

from __future__ import annotations

import datetime as dt

import pytest

from mukti.intake.tests.helpers import events, rules_of

NINTH_FORMS = [
    ("The hotel owner has obtained anticipatory bail from the High Court.", "court_hearing",
     "court_hearing.bail_of_a_kind"),
    ("On 4 March the accused got interim bail.", "court_hearing", "court_hearing.bail_of_a_kind"),
    ("On 4 March a joint inspection was conducted at the kiln by the labour office.", "verified",
     "verified.inspection_conducted"),
    ("On 4 March the Labour Enforcement Officer carried out a surprise inspection.", "verified",
     "verified.inspection_conducted"),
    ("Release orders were issued by the CWC on 4 March.", "other", "other.release_order"),
    ("4/3 - shelter obtained the release order from the magistrate", "other",
     "other.release_order"),
    ("On 4 March the labour office assessed their unpaid wages at Rs 40,000.", "other",
     "other.wages_deposited_assessed"),
    ("The arrears have been deposited with the SDM.", "other", "other.wages_deposited_assessed"),
    ("The addresses were forwarded to the Ministry of Home Affairs, Dhaka, on 4 March.",
     "referred", "referred.forwarded_to_authority"),
    ("On 4 March the application was marked to the AHTU for enquiry.", "referred",
     "referred.forwarded_to_authority"),
    ("4/3 - Bihar partner informed, they will visit the family.", "referred",
     "referred.partner_alerted"),
    ("4/3 - partners alerted (Pune, Nashik)", "referred", "referred.partner_alerted"),
    ("04/03 - 164 statements of both girls at Alipore court.", "statement_recorded",
     "statement_recorded.note_164_statements"),
    ("04/03 - Letter to Nepal Embassy, New Delhi, for the girl's travel document.",
     "authority_contacted", "authority_contacted.note_letter_to"),
    ("04/03 - Application to the DCPU Nadia for tracing.", "authority_contacted",
     "authority_contacted.note_letter_to"),
    ("04/03 - R. escorted to Malda by the police team.", "repatriation",
     "repatriation.note_escorted_to"),
    ("On 4 March the girls were received at the station by the district's child officials.",
     "repatriation", "repatriation.received_at_border_by"),
    ("The state sent a team of officers to bring the boys back on 4 March.", "repatriation",
     "repatriation.sent_team_to_bring_back"),
    ("[04/03, 2:10 pm] Rina: FIR darj: Kotwali PS case 45/2025, 370 IPC", "fir_registered",
     "fir_registered.hinglish_fir_done"),
    ("[04/03, 5:10 pm] Rina: 2 minors CWC Malda ke saamne produce hue", "shelter_placement",
     "shelter_placement.hinglish_produced_sent"),
    ("[04/03, 5:12 pm] Rina: dono ko balika grih Malda bheja gaya", "shelter_placement",
     "shelter_placement.hinglish_produced_sent"),
    ("[04/03, 6:40 am] Rina: we went in at 6, no one inside, only two suitcases",
     "rescue_attempt_failed",
     "rescue_attempt_failed.nobody_inside"),
    ("In March the home visit was postponed because of the elections.", "rescue_deferred",
     "rescue_deferred.step_postponed"),
    ("On 4 March we applied to the District Magistrate for her rehabilitation grant.",
     "authority_contacted", "authority_contacted.met_asked_approached"),
    ("She left her house on 04.03.2025 in the company of a cousin from Malda.", "trafficked",
     "trafficked.left_home_village"),
    ("At the second house nobody was found.", "rescue_attempt_failed",
     "rescue_attempt_failed.nobody_inside"),
    ("The DCP marked the complaint to the officer-in-charge of Bally police station.", "referred",
     "referred.forwarded_to_authority"),
    ("12-03-2025  Adjourned, the magistrate on leave.", "court_hearing",
     "court_hearing.adjourned_testimony"),
    ("On 4 March the hearing was adjourned to April.", "court_hearing",
     "court_hearing.adjourned_testimony"),
    ("On 4 March the testimony was recorded by video link.", "court_hearing",
     "court_hearing.adjourned_testimony"),
    ("On 4 March the High Court upheld the conviction.", "conviction",
     "conviction.conviction_upheld"),
    ("The conviction and sentences were confirmed in appeal on 4 March.", "conviction",
     "conviction.conviction_upheld"),
    ("The court directed the District Legal Services Authority to pay Rs 2 lakh to her.",
     "other", "other.directed_to_pay"),
    ("12-03-2025  Medical (Civil Hospital) and tests.", "medical_care",
     "medical_care.treatment_started"),
    ("On 4 March her treatment was started at the district hospital.", "medical_care",
     "medical_care.treatment_started"),
    ("12-03-2025  Home visit with the DCPU in Gosaba.", "verified", "verified.note_home_visit"),
    ("On 4 March a case under the POCSO Act was started against the hotel owner.",
     "fir_registered", "fir_registered.case_under_registered"),
    ("On the night of 4 March she escaped from the brothel and reached the bus stand.", "rescue",
     "rescue.escaped_from_captivity"),
    ("On 4 March six girls were found working in the spa without papers.", "rescue",
     "rescue.found_travelling_working"),
    ("On questioning, the boys disclosed that an agent had paid their parents.",
     "statement_recorded", "statement_recorded.on_questioning_disclosed"),
    ("On 4 March the two men were handed over to the GRP Howrah for registering a case.",
     "referred", "referred.handed_to_police_for_case"),
    ("The final report was filed against three accused on 4 March.", "other",
     "other.final_report_laid"),
    ("On 4 March the team searched the hotel and found 14 persons from Myanmar.", "rescue",
     "rescue.found_people_at_location"),
    ("Evidence secured: two phones and a ledger.", "evidence_collected",
     "evidence_collected.evidence_secured"),
    ("On 4 March the nine women were handed over to the district social office for shelter.",
     "shelter_placement", "shelter_placement.handed_to_for_shelter"),
    ("[04/03, 9:02 pm] Rina: location of the boy's number traced by the AHTU to Okhla",
     "location_identified", "location_identified.traced_number_phone"),
    ("[04/03, 9:10 pm] Rina: I am sharing the photos with our partner in Pune", "referred",
     "referred.shared_with_partner"),
    ("[04/03, 9:12 pm] Rina: sending to AHTU Pune", "authority_contacted",
     "authority_contacted.chat_calling_authority"),
    ("On 4 March the Sub-Divisional Magistrate heard the matter of their wages.",
     "court_hearing", "court_hearing.heard_the_matter"),
    ("On 4 March the kiln owner agreed to pay Rs 2 lakh in dues.", "other",
     "other.agreed_to_pay"),
    ("On 4 March, in a voice note, she said she was in Surat.", "information_received",
     "information_received.victim_said_where_she_is"),
    ("Her daughter was 12 when she disappeared in March 2019.", "trafficked",
     "trafficked.missing_since"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "rule"), NINTH_FORMS)
def test_each_ninth_pass_form_gives_its_event_with_a_named_rule(
    text: str, kind: str, rule: str
) -> None:
    assert f"trigger:{rule}" in rules_of(text, kind)


def _kinds(text: str) -> list[str]:
    return [kind for kind, _ in events(text)]


def test_a_paragraph_s_name_is_no_event() -> None:
    text = "Repatriation. The shelter wrote to the Embassy on 4 March."
    assert "repatriation" not in _kinds(text)
    assert "repatriation" not in _kinds("Steps towards repatriation.\n- On 4 March we met the SP.")
    # A verb's form is no name: "Rescued." on its line is the rescue.
    assert "rescue" in _kinds("Rescued.\nAll three girls are safe.")


def test_the_ministry_of_home_affairs_is_no_home() -> None:
    text = "On 4 March the papers were sent to the Ministry of Home Affairs for verification."
    assert "shelter_placement" not in _kinds(text)
    assert "shelter_placement" in _kinds("On 4 March the girls were sent to a government home.")


def test_women_stated_to_be_nepali_gave_no_statement() -> None:
    text = "On 4 March the police rescued three women stated to be Nepali nationals."
    assert "statement_recorded" not in _kinds(text)
    assert "statement_recorded" in _kinds(
        "On 4 March the women stated to the police that they were sold in Pune."
    )


def test_a_plan_in_hindi_is_no_event() -> None:
    text = "[04/03, 1:10 pm] Sir: Nepal wali ke liye repatriation process start karo"
    assert "repatriation" not in _kinds(text)


def test_expected_to_be_produced_is_no_placement() -> None:
    text = "On 4 March she is expected to be produced before the CWC."
    assert "shelter_placement" not in _kinds(text)


def test_contacted_by_police_is_no_contact() -> None:
    text = "The agency owner, when contacted by police on 4 March, denied knowing her."
    assert "authority_contacted" not in _kinds(text)
    # Told to the police by a partner, it is a contact, not a referral.
    assert _kinds("4/3 - Partner informed Nepal Police.") == ["authority_contacted"]


def test_a_process_pending_or_explained_is_no_repatriation() -> None:
    assert "repatriation" not in _kinds("04/03 - Stay extended 6 months pending repatriation.")
    assert "repatriation" not in _kinds("04/03 - Counsellor explained repatriation steps to Rupa.")


def test_a_team_sent_to_escort_is_no_contact() -> None:
    text = "On 4 March the district sent a team of officers and police to escort the girls home."
    assert _kinds(text) == ["repatriation"]


def test_a_counted_subject_after_a_comma_is_a_clause_of_its_own() -> None:
    # The negation before the comma does not reach the arrest after it.
    assert "arrest" in _kinds("[04/03, 9:10 am] Rina: Main accused not found, 2 women arrested")
    assert "arrest" in _kinds("On 4 March the owner was not found, two managers were arrested.")


def test_a_copy_of_a_gd_entry_is_no_registration() -> None:
    text = "Copy of GD entry no. 45 was received from the police on 4 March."
    assert "fir_registered" not in _kinds(text)


def test_women_released_after_their_statements_were_not_rescued_then() -> None:
    assert "rescue" not in _kinds("On 4 March the two women were released after their statements.")


def test_directed_to_pay_is_no_referral() -> None:
    text = "On 4 March the court directed the State Legal Services Authority to pay her Rs 1 lakh."
    assert _kinds(text) == ["other"]


def test_a_placement_before_a_semicolon_keeps_its_own_date() -> None:
    text = (
        "On 4 March she was produced before the CWC, which placed her in a home; she was "
        "restored to her mother on 20 March."
    )
    assert events(text) == [
        ("shelter_placement", "2025-03-04"),
        ("repatriation", "2025-03-20"),
    ]
    # Without a semicolon, the production that hands her over is the restoration alone.
    text = "On 20 March she was produced before the CWC, which handed her over to her mother."
    assert _kinds(text) == ["repatriation"]


def test_rescued_as_an_adjective_is_no_rescue() -> None:
    text = "On 4 March the two rescued girls were not examined in court."
    assert "rescue" not in _kinds(text)
    assert "rescue" in _kinds("On 4 March they were all rescued from the hotel.")


def test_called_to_the_police_station_is_no_contact() -> None:
    text = "On 4 March the witness said he had been called to the police station to sign."
    assert "authority_contacted" not in _kinds(text)


def test_directed_to_be_refunded_is_no_referral() -> None:
    assert "referred" not in _kinds("On 4 March the fine was directed to be refunded.")


def test_produced_tomorrow_in_a_chat_is_no_placement() -> None:
    text = "[04/03, 11:50 am] Rina: Medical done at the district hospital. Produced before CWC tmrw"
    assert _kinds(text) == ["medical_care"]


def test_two_contact_verbs_joined_by_and_are_two_contacts() -> None:
    text = "[04/03, 1:50 pm] Rina: now phoning SP office and informing AHTU Nadia"
    assert _kinds(text) == ["authority_contacted", "authority_contacted"]
    # One verb and two authorities stays one contact.
    assert _kinds("On 4 March we informed the SP and the DM.") == ["authority_contacted"]


def test_a_phone_switched_off_ends_no_search() -> None:
    assert _kinds("[04/03, 9:52 pm] Rina: agent's phone switched off") == []


def test_where_she_said_she_is_is_what_was_heard_not_a_place_found() -> None:
    text = "[04/03, 7:50 pm] Rina: she called, says she is in Pune, some room"
    assert "location_identified" not in _kinds(text)
    # Moved, she was found out where she is: that stays a location.
    assert _kinds("On 4 March we learnt the girls were shifted to another unit.") == [
        "location_identified"
    ]


def test_money_sent_to_her_mother_is_no_restoration() -> None:
    text = "On 4 March the agent said her wages were being sent to her mother."
    assert "repatriation" not in _kinds(text)


def test_a_visit_to_a_shelter_is_no_placement() -> None:
    text = "On 4 March our staff travelled to the shelter home in Pune to meet the girl."
    assert "shelter_placement" not in _kinds(text)


# Dates.


def test_ago_in_a_note_counts_back_from_the_note_s_day() -> None:
    text = "10/01 - Intake talk. Came to Pune about 7 months ago with a boy from her village."
    assert events(text, dt.date(2025, 11, 20)) == [("trafficked", "2024-06")]


def test_years_back_is_a_month_as_the_guide_says() -> None:
    text = "10/01 - Counselling. She says she came 2 years back with a woman from Malda."
    assert events(text, dt.date(2025, 3, 20)) == [("trafficked", "2023-01")]


def test_missing_since_some_days_counts_back_that_many() -> None:
    text = "[10/01/25, 9:10 am] Rina: mother says daughter missing since 3 days"
    assert events(text, dt.date(2025, 3, 20)) == [("trafficked", "2025-01-07")]


def test_kal_raat_told_in_the_past_is_last_night() -> None:
    text = "10/01/2025, 08:14 - Mithu: Kal raat e Basirhat theke call eshechilo."
    assert events(text, dt.date(2025, 3, 20)) == [("information_received", "2025-01-09")]
    # Told as a plan, it is no date of the past: nothing happened last night.
    text = "[10/01/25, 6:55 pm] A: DSP se baat hui. Kal raat wahi pe raid karenge"
    assert events(text, dt.date(2025, 3, 20)) == [("authority_contacted", "2025-01-10")]


def test_an_office_named_with_its_district_in_brackets_stays_in_the_head() -> None:
    text = (
        "OFFICE OF THE SUPERINTENDENT OF POLICE, HOWRAH (RURAL)\n"
        "Rescue of 12 girls from a hotel; two managers arrested\n\n"
        "On 4 March the police rescued 12 girls from a hotel in Uluberia and arrested two men."
    )
    assert events(text) == [("rescue", "2025-03-04"), ("arrest", "2025-03-04")]


def test_at_the_request_of_the_police_is_no_request_to_come() -> None:
    text = "On 4 March he was arrested at the request of the Howrah police and later got bail."
    assert _kinds(text) == ["arrest", "court_hearing"]


def test_what_is_needed_lists_plans() -> None:
    text = "What is needed:\n- Compensation for both girls under the state scheme."
    assert _kinds(text) == []


def test_an_agent_not_traced_is_no_victim_untraced() -> None:
    assert _kinds("On 4 March we learnt the agent has not been traced.") == []
    assert _kinds("On 4 March we learnt the girl has not been traced.") == ["unable_to_trace"]


def test_a_bidding_is_a_plan_not_an_event() -> None:
    assert _kinds("- Follow up with the Labour Department for release certificates.") == []
    assert _kinds("(c) arrange the tracing of the mobile number with the police.") == []
    assert _kinds("[04/03, 9:20 am] Rina: make sure the girl is produced before CWC") == []
    # A note's noun is not a bidding: "Visit" and "Call" stay what happened.
    assert _kinds("12/03 - Visit to Gosaba PS, met the OC about the girl.") == [
        "authority_contacted"
    ]


def test_a_trafficking_told_again_without_a_day_is_the_one_told() -> None:
    text = (
        "On 4 March 2024 the two sisters were trafficked to Kolkata by a broker. "
        "The police rescued them on 20 April 2024. "
        "The broker had promised each of them Rs 20,000 a month."
    )
    assert _kinds(text) == ["trafficked", "rescue"]
    # With a day of its own, after something else happened, it is another episode.
    text = (
        "On 4 March 2024 the two sisters were trafficked to Kolkata by a broker. "
        "They were rescued on 20 April 2024. "
        "On 9 June 2024 the younger one was sold to a bar in Mumbai."
    )
    assert _kinds(text) == ["trafficked", "rescue", "trafficked"]


def test_taken_to_a_police_station_is_no_trafficking() -> None:
    text = "On 4 March the girls were taken to the Bongaon police station."
    assert "trafficked" not in _kinds(text)
    assert "trafficked" in _kinds("On 4 March 2024 the girls were taken to Pune by an agent.")


def test_meeting_the_girls_at_a_police_station_is_no_contact() -> None:
    assert _kinds("10/03 - Met the three girls at Bongaon PS after the rescue.") == []
    assert _kinds("10/03 - Met the OC at Bongaon PS about the girls.") == ["authority_contacted"]


def test_statements_given_to_the_police_are_no_contact() -> None:
    text = "On 4 March both women gave statements to the police in Howrah."
    assert "authority_contacted" not in _kinds(text)


# Chats in Hindi and Bengali in Latin letters: one sentence per step, written for the test.

CHAT_FORMS = [
    ("[04/03, 11:50 pm] Rina: teen ladkiyon ko chhuda liya, sab safe", "rescue",
     "rescue.hindi_bengali_freed"),
    ("04/03/2025, 23:10 - Mithu: meyeder uddhar kora hoyeche, thanay ache", "rescue",
     "rescue.hindi_bengali_freed"),
    ("[04/03, 11:40 pm] Rina: raid padi hotel pe, 2 ladkiyan mili", "rescue",
     "rescue.hindi_bengali_raid"),
    ("[04/03, 11:55 pm] Rina: malik giraftaar ho gaya", "arrest",
     "arrest.hindi_bengali_arrested"),
    ("04/03/2025, 23:20 - Mithu: dalal greftar hoyeche", "arrest",
     "arrest.hindi_bengali_arrested"),
    ("04/03/2025, 14:20 - Mithu: thanay FIR hoyeche, case no 112", "fir_registered",
     "fir_registered.bengali_fir_done"),
    ("04/03/2025, 15:00 - Mithu: magistrate er kache jabanbondi hoyeche", "statement_recorded",
     "statement_recorded.bengali_statement"),
    ("[04/03, 1:00 pm] Rina: sadar hospital me medical ho gaya", "medical_care",
     "medical_care.hindi_bengali_medical"),
    ("[04/03, 6:00 pm] Rina: dono ladkiyan shelter me bhej di", "shelter_placement",
     "shelter_placement.hindi_bengali_home"),
    ("[04/03, 6:00 pm] Rina: Priya aaj ghar pahunch gayi", "repatriation",
     "repatriation.hindi_bengali_home"),
    ("[04/03, 6:05 pm] Rina: CWC ne parivaar ko saunp diya", "repatriation",
     "repatriation.hindi_bengali_home"),
    ("[04/03, 9:00 am] Rina: pata chala ki ladki Pune me hai", "information_received",
     "information_received.hindi_bengali_news"),
    ("04/03/2025, 08:00 - Mithu: didi, khobor pelam meyeta Mumbai te ache",
     "information_received", "information_received.hindi_bengali_news"),
    ("[04/03, 10:00 am] Rina: maa ne thane me shikayat di", "authority_contacted",
     "authority_contacted.hindi_bengali_complaint"),
    ("04/03/2025, 10:30 - Mithu: ma ke niye thanay gelam, OC nei", "authority_contacted",
     "authority_contacted.bengali_went_called"),
    ("[04/03, 11:45 pm] Rina: andar koi nahi mila, sab bhaag gaye", "rescue_attempt_failed",
     "rescue_attempt_failed.hindi_bengali_empty"),
    ("[04/03, 9:10 am] Rina: mausi ne usko 50 hazaar me bech diya", "trafficked",
     "trafficked.hindi_bengali_sold"),
    ("[04/03, 2:00 pm] Rina: partner ne address verify kar liya", "verified",
     "verified.hindi_bengali_checked"),
    ("[04/03, 3:00 pm] Rina: aaj court me peshi hui, agli date 20 ko", "court_hearing",
     "court_hearing.hindi_bengali_court"),
    ("[04/03, 3:05 pm] Rina: malik ko jamanat mil gayi", "court_hearing",
     "court_hearing.hindi_bengali_court"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "rule"), CHAT_FORMS)
def test_each_chat_form_in_hindi_or_bengali_gives_its_event(
    text: str, kind: str, rule: str
) -> None:
    assert f"trigger:{rule}" in rules_of(text, kind)


@pytest.mark.parametrize(
    "text",
    [
        "[04/03, 10:00 am] Rina: thane me FIR nahi likhi, kal phir jayenge",
        "[04/03, 10:05 am] Rina: malik ko abhi tak jamanat nahi mili",
        "[04/03, 6:00 pm] Rina: kal ladki ko ghar bhej denge",
        "04/03/2025, 10:30 - Mithu: kal thanay jabo",
        "[04/03, 9:00 am] Rina: salary bhi nahi mili usko",
    ],
)
def test_a_chat_s_plan_or_denial_in_hindi_or_bengali_is_no_event(text: str) -> None:
    assert _kinds(text) == []


# What the review of the pass found (4 Dec): each of these lost or made up an event.


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # A polite opening, a noun, or prose with a verb of bidding is no plan.
        ("Please note that the girls were rescued from the hotel on 4 March.", ["rescue"]),
        ("Help desk staff at Howrah station informed the RPF on 4 March.",
         ["authority_contacted"]),
        ("Keep in mind that she was rescued from the hotel on 4 March.", ["rescue"]),
        # A note's short lines are events, not a section's name.
        ("12 March 2025\nMedical at Civil Hospital.\nFIR at Kotwali PS.",
         ["medical_care", "fir_registered"]),
        # "Needs" opens no plan.
        ("Needs of the girls were discussed.\nThe girl was restored to her mother on 6 March.",
         ["repatriation"]),
        # A note's line that ends in a bracket is no headline.
        ("Rescued 3 girls from a hotel in Digha (with AHTU)\nFIR lodged at Digha PS (case 45/25)",
         ["rescue", "fir_registered"]),
        # "tmrw" in another part of the message does not take the statement away.
        ("[04/03, 9:10 pm] Rina: Statement recorded today and CWC tmrw",
         ["statement_recorded"]),
        # The employer told us: the girl is the one not traced.
        ("On 4 March the employer told us the girl could not be traced.",
         ["information_received", "unable_to_trace"]),
        # Calling the OC and informing him is one contact.
        ("[04/03, 5:00 pm] Rina: calling the OC and informing him about the CWC order",
         ["authority_contacted"]),
        # New rules that fired on other people's doings.
        ("The agent fled from the brothel before the raid.", []),
        ("No one was present from the accused side at the hearing.", []),
        ("He took Rs 5,000 from the father and then he disappeared.", []),
        ("On 4 March we heard the matter had been settled in the village.", []),
        ("In 2023 her father agreed to pay the agent Rs 20,000 for the job.", []),
        ("The medicines given by the madam kept her drowsy for days.", []),
        ("The household items were collected by her brother on 4 March.", []),
        ("Section 370 IPC was applied to the case by the police.", []),
        # A rescue after a date told in digits.
        ("Bhubaneswar police on 14.05.2024 rescued children from a hotel.", ["rescue"]),
        # Taken to a border by an agent is trafficking.
        ("In 2023 she was taken to the Nepal border at night by an agent.", ["trafficked"]),
        # A raid to be done, in Hindi, is no rescue.
        ("[10/01/25, 6:55 pm] A: DSP se baat hui, kal raat ko raid kiya jayega",
         ["authority_contacted"]),
    ],
)  # fmt: skip
def test_what_the_review_found(text: str, kinds: list[str]) -> None:
    assert _kinds(text) == kinds


def test_a_trafficking_after_a_rescue_is_another_episode() -> None:
    text = (
        "On 4 March 2024 she was trafficked to Pune. On 20 April 2024 she was rescued and "
        "restored to her mother. Her uncle then sold her to a bar in Goa."
    )
    assert _kinds(text) == ["trafficked", "rescue", "repatriation", "trafficked"]


def test_a_date_told_before_the_next_event_keeps_to_the_first() -> None:
    text = "An FIR was lodged at Bongaon PS; Case No. 45/2025 dated 04.03.2025, and two were held."
    assert events(text)[0] == ("fir_registered", "2025-03-04")


def test_years_later_after_a_year_is_a_year() -> None:
    text = "In 2019 she was sold to a brothel in Pune. Two years later she was rescued."
    assert events(text) == [("trafficked", "2019"), ("rescue", "2021")]


def test_since_as_because_is_no_date() -> None:
    text = "Since two weeks had passed, on 4 March we informed the SP."
    assert events(text) == [("authority_contacted", "2025-03-04")]
