"""General mechanisms of the tenth pass of issue 23: how dates are resolved and which event a
date belongs to, titles recognised by their form rather than one by one, and verbs read by their
family. One test per mechanism or rule, each with sentences written for the test (none is taken
from the corpus or from any narrative of it); each fails on the code before the pass."""

from __future__ import annotations

import datetime as dt

from mukti.intake.dates import resolve
from mukti.intake.tests.helpers import events, officials


def _dates(text: str, reference: dt.date) -> list[tuple[str, str | None]]:
    return [(m.text, m.iso()) for m in resolve(text, reference) if not m.is_time]


# Dates: a month without a year moves the story on.


def test_a_month_without_a_year_after_a_told_month_is_the_next_such_month() -> None:
    # The story has reached April 2023; "in October" is the October after it (2023), not the
    # one before (2022, which is nearer in days), when the report was written after it.
    text = (
        "The boy's uncle took him to a tannery in April 2023. His father went to the labour "
        "office in October, and the inspector visited the tannery in February."
    )
    found = dict(_dates(text, dt.date(2024, 6, 1)))
    assert found["in October"] == "2023-10"
    assert found["in February"] == "2024-02"
    # Not moved past the day the report was written.
    assert dict(_dates(text, dt.date(2023, 8, 1)))["in October"] == "2022-10"


def test_a_month_without_a_year_in_a_flashback_does_not_move_forward() -> None:
    # Review of the tenth pass: a past perfect tells what came before the story's day.
    text = (
        "On 10 January 2023 police rescued the girl from a brothel in Pune. She had left home in "
        "December with a neighbour."
    )
    assert ("trafficked", "2022-12") in events(text, dt.date(2024, 6, 1))
    rescue = "On 5 April 2021 the AHTU rescued the girl from a house in Pune. "
    for told in (
        "She had been brought to Pune in October by a relative.",
        "Her aunt had sold her to a brothel keeper in November.",
    ):
        found = events(rescue + told, dt.date(2025, 2, 10))
        assert ("trafficked", "2020-" + ("10" if "October" in told else "11")) in found, told


def test_a_month_without_a_year_when_she_went_missing_stays_before_the_rescue() -> None:
    # Review of the tenth pass: a trafficking or a going missing told after the rescue.
    text = (
        "In March 2023 police rescued the girl from a spa in Bengaluru. She went missing in "
        "November from her village."
    )
    assert ("trafficked", "2022-11") in events(text, dt.date(2025, 2, 10))
    text = (
        "On 3 February 2024 police rescued four girls from a placement agency in Delhi. They "
        "were trafficked from Bihar in January by an agent."
    )
    assert ("trafficked", "2024-01") in events(text)


# Dates: a date told after a later step of the same sentence is that step's.


def test_a_date_after_the_next_step_of_a_sentence_is_that_step_s() -> None:
    opening = "On 3 March 2024 the police raided a hotel in Gaya. "
    later = (
        "The women were sent to a shelter home and were later restored to their families in May."
    )
    found = events(opening + later, dt.date(2024, 6, 10))
    assert ("shelter_placement", "2024-03-03") in found
    assert ("repatriation", "2024-05") in found
    told = (
        "Her statement was recorded before a magistrate in Gaya, and she was moved to a shelter "
        "home in Patna on 9 April 2024."
    )
    found = events(opening + told, dt.date(2024, 6, 10))
    assert ("statement_recorded", "2024-03-03") in found
    assert ("shelter_placement", "2024-04-09") in found
    # Two verbs joined by a bare "and" share the date told after them.
    shared = "The girl was medically examined and produced before the CWC on 5 March."
    assert events(opening + shared, dt.date(2024, 6, 10))[-2:] == [
        ("medical_care", "2024-03-05"),
        ("shelter_placement", "2024-03-05"),
    ]


def test_a_comma_that_opens_no_new_step_does_not_part_the_date() -> None:
    # Review of the tenth pass: an apposition, a reported "said" or "the then" is no next step.
    opening = "On 1 March 2025 the girl's mother filed a complaint at Gaya PS. "
    cases = [
        ("Police arrested Ramesh Das, a resident of Nadia, and rescued two girls on 4 March.",
         "arrest"),
        ("Police rescued the minor, the daughter of a daily wager, and arrested her uncle on "
         "4 March.", "rescue"),
        ("The AHTU rescued 3 girls, the youngest aged 13, and arrested the owner on 4 March.",
         "rescue"),
        ("The girl was rescued, her mother said, and returned home on 4 March.", "rescue"),
        ("The accused was arrested, the SP said, and sent to jail on 4 March.", "arrest"),
        ("The girl was rescued by the then SHO, Ravi Kumar, and produced before the CWC on "
         "4 March.", "rescue"),
        ("Police rescued 3 girls after midnight and arrested 2 men on 4 March.", "rescue"),
    ]  # fmt: skip
    for sentence, kind in cases:
        assert (kind, "2025-03-04") in events(opening + sentence), sentence


# Officials: titles by their form.


def test_a_grade_before_a_title_is_not_glued_to_it() -> None:
    # Review of the tenth pass: a grade glued to the title the list matched invents titles.
    assert officials("Deputy Collector Amit Jha visited the shelter home on 4 March.") == [
        "District Collector"
    ]
    assert "Chief Secretary" not in officials(
        "The Additional Chief Secretary, Home, reviewed the case on 4 March."
    )
    # A title the list knows with its grade stays that title.
    assert officials("The Deputy Labour Commissioner visited the mill.") == [
        "Deputy Labour Commissioner"
    ]


def test_one_person_s_two_offices_joined_by_cum_are_the_first() -> None:
    text = "The trial was held before the Additional Sessions Judge-II-cum-Special Judge, Gaya."
    assert officials(text) == ["Additional Sessions Judge"]


def test_a_judgment_s_date_label_in_its_head_dates_what_the_court_did() -> None:
    text = (
        "IN THE HIGH COURT OF ORISSA AT CUTTACK\n"
        "Criminal Appeal No. 12 of 2024\n\n"
        "Date: 14-08-2025\n\n"
        "1. The appellant was arrested on 3 May 2021 and charges were framed on 9 June 2022.\n\n"
        "2. The appeal was dismissed. The Court directed the State to pay Rs 2,00,000 to the "
        "victim as compensation."
    )
    found = events(text, None)
    assert ("arrest", "2021-05-03") in found
    assert ("other", "2025-08-14") in found
    # A letter's "Date:" under no court's head dates nothing of the kind.
    letter = text.replace("IN THE HIGH COURT OF ORISSA AT CUTTACK", "SAATHI TRUST, CUTTACK")
    letter = letter.replace("Criminal Appeal No. 12 of 2024", "Note for the file")
    assert ("other", "2025-08-14") not in events(letter, None)


def test_what_the_court_did_with_its_verdict_takes_the_verdict_s_day() -> None:
    text = (
        "GAYA, 20 March: A special court on Tuesday convicted a placement agent of trafficking "
        "two girls from Gaya to Delhi. The girls were rescued from a house in Delhi in "
        "May 2020. The court also recommended compensation of Rs 3 lakh to each girl. The agent, "
        "who was on bail, was taken into custody after the verdict."
    )
    found = events(text)
    assert found[0] == ("conviction", "2025-03-18")
    assert ("other", "2025-03-18") in found
    assert ("arrest", "2025-03-18") in found
    # A step of the trial with no day, told after the verdict, is not the verdict's.
    trial = text.replace("The court also recommended", "The court then heard evidence on")
    assert ("court_hearing", "2025-03-18") not in events(trial)


def test_what_the_court_did_takes_the_latest_verdict_until_a_later_court_step() -> None:
    # Review of the tenth pass: the latest conviction told, not the first.
    text = (
        "In 2018 the accused was convicted in a similar case in Kolkata. On 12 March 2025 the "
        "Sessions Court at Barasat convicted him again of trafficking a minor. The court imposed "
        "a fine of Rs 50,000 and awarded compensation of Rs 3 lakh to the girl."
    )
    assert ("other", "2025-03-12") in events(text)
    # A later court step with its own day (an acquittal on appeal) ends the verdict's reach.
    text = (
        "The trial court convicted the accused on 4 February 2023. On appeal, the High Court "
        "acquitted him on 9 September 2024. The court directed the State to pay compensation to "
        "the victim."
    )
    found = events(text)
    assert ("other", "2024-09-09") in found
    assert ("other", "2023-02-04") not in found


# Rules narrowed by their precision on dev.


def test_medical_care_named_as_a_need_or_an_alternative_is_no_event() -> None:
    assert events("In 2023 the family borrowed money for a wedding or medical treatment.") == []
    assert events("She is back at school; she needs counselling and medical care.") == []
    assert events("On 4 March she received medical treatment.") == [("medical_care", "2025-03-04")]
    assert events("She requires medical treatment and will need counselling.") == []
    # Review of the tenth pass: care given along with something else is care given.
    for given in (
        "On 4 March the girls received counselling and medical treatment.",
        "On 4 March the girls were given food and medical care.",
        "On 4 March she was given shelter and medical care at the home.",
        "On 4 March she was provided free medical treatment at the district hospital.",
    ):
        assert events(given) == [("medical_care", "2025-03-04")], given
    text = "On 4 March police rescued the girl. She has received continued medical treatment."
    assert ("medical_care", "2025-03-04") in events(text)


# Dates: the story's day after a flashback.


def test_the_same_day_after_a_flashback_to_a_day_is_that_day() -> None:
    # Review of the tenth pass: "the same evening/day" points back to the day just told.
    rescue = "On 7 January 2023 police rescued the girl from a flat in Howrah. "
    text = rescue + (
        "The agent had picked her up from Gaya on 20 December 2022. The same evening he sold "
        "her to a brothel keeper."
    )
    assert ("trafficked", "2022-12-20") in events(text, dt.date(2023, 6, 1))
    text = rescue + (
        "Her mother had reported her missing on 25 December 2022. The same day she had gone to "
        "the police station twice."
    )
    assert ("authority_contacted", "2022-12-25") in events(text, dt.date(2023, 6, 1))


def test_a_past_perfect_in_a_relative_clause_does_not_make_the_date_a_flashback() -> None:
    text = (
        "On 7 January 2023 police rescued the girl from a flat in Howrah where she had been kept "
        "by an agent. Her mother had reported her missing at Bally PS on 25 December 2022. The "
        "next day the police arrested the agent."
    )
    assert ("arrest", "2023-01-08") in events(text, dt.date(2023, 1, 10))


def test_a_relative_clause_on_the_subject_does_not_hide_a_flashback() -> None:
    text = (
        "On 7 January 2023 police rescued the girl from a flat in Howrah. In March 2021 an agent "
        "who lived in her village had taken her to Mumbai. The next day she was produced before "
        "the CWC."
    )
    assert ("shelter_placement", "2023-01-08") in events(text, dt.date(2023, 6, 1))


def test_capitals_written_with_stops_are_no_title_unless_the_list_spells_them() -> None:
    # Review of the tenth pass: a United Nations convention is no Upazila Nirbahi Officer.
    assert officials("The U.N.O. convention against organised crime was cited.") == []
    assert officials("The statement of S.P. Gupta, a shopkeeper, was taken.") == []


def test_a_police_station_officer_is_that_title() -> None:
    assert officials("The P.S.O., Sitabuldi police station, registered the crime.") == [
        "Police Station Officer"
    ]
    # Not a minister's personal security officer.
    assert officials("The P.S.O. of the minister was present.") == []


def test_a_stretch_of_days_between_two_days_of_a_month_is_that_month() -> None:
    text = (
        "CEBU, 20 March 2025 - Agents rescued 12 women in raids between 3 and 7 March. Police "
        "arrested four recruiters from 10 to 12 March."
    )
    assert events(text) == [("rescue", "2025-03"), ("arrest", "2025-03")]
    # "3-7 March" stays the first day, as before.
    assert events("Agents rescued 12 women in raids on 3-7 March.") == [("rescue", "2025-03-03")]
    # Two days named ("on 14 and 15 March") are the first of them, not the month.
    assert events("Agents rescued 12 women in raids on 14 and 15 March.") == [
        ("rescue", "2025-03-14")
    ]


def test_i_slash_c_is_no_title_of_its_own() -> None:
    # Review of the tenth pass: "I/C" is as often in charge of a shelter home.
    assert officials("The I/C of the shelter home, Mrs Das, received the girls.") == []


def test_last_night_in_a_chat_message_dates_the_rest_of_that_message() -> None:
    text = (
        "[8/3/2025, 09:10] Rina: Police raided the lodge near the bus stand last night. "
        "1 agent arrested, 2 girls with us\n"
        "[8/3/2025, 11:30] Rina: Girls produced before CWC Siliguri"
    )
    found = events(text, dt.date(2025, 3, 8))
    assert ("arrest", "2025-03-07") in found
    assert ("shelter_placement", "2025-03-08") in found


def test_yesterday_in_reported_speech_does_not_date_the_rest_of_a_note_s_line() -> None:
    # Review of the tenth pass: "said the girl called yesterday" dates the call, not the FIR.
    text = (
        "12/03 - Home visit. Mother said the girl called yesterday. Girl is safe. Family "
        "informed the police, FIR lodged at Canning PS."
    )
    assert ("fir_registered", "2025-03-12") in events(text)
    text = "12/03: She told us the agent sold her last night. Police rescued her in the morning."
    assert ("rescue", "2025-03-12") in events(text)
    text = (
        "12.03.2025 - Follow-up call with the girl. She said she reached home last night. Her "
        "statement was recorded by the IO."
    )
    assert ("statement_recorded", "2025-03-12") in events(text)
