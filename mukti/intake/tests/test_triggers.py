"""Every trigger in data/triggers.tsv has a sentence that fires it, and cues switch it off."""

from __future__ import annotations

import pytest

from mukti.intake.extraction import extract, triggers
from mukti.intake.tests.test_eighth_pass_forms import EIGHTH_FORMS
from mukti.intake.tests.test_fifth_pass_forms import FIFTH_FORMS
from mukti.intake.tests.test_fourth_pass_forms import FOURTH_FORMS
from mukti.intake.tests.test_general_forms import GENERAL_FORMS
from mukti.intake.tests.test_ninth_pass_forms import CHAT_FORMS, NINTH_FORMS
from mukti.intake.tests.test_seventh_pass_forms import SEVENTH_FORMS
from mukti.intake.tests.test_sixth_pass_forms import SIXTH_FORMS
from mukti.intake.tests.test_third_pass_forms import THIRD_FORMS
from mukti.intake.tests.test_wider_rules import WIDER_FORMS

EXAMPLES = [
    ("Rina was trafficked by a neighbour.", "trafficked"),
    ("Girls trafficked from Nepal worked there.", "trafficked"),
    ("A neighbour lured her with a job.", "trafficked"),
    ("Rina crossed into India at Hili.", "trafficked"),
    ("She was taken from her village.", "trafficked"),
    ("Rina left with a man from the next village.", "trafficked"),
    ("Rumki left home on 2 March with a boy.", "trafficked"),
    ("The contractor had taken them to Telangana.", "trafficked"),
    ("We first learned about Rina from her aunt.", "information_received"),
    ("The police received information about a brothel.", "information_received"),
    ("Her mother came to our Siliguri office.", "information_received"),
    ("Her brother approached our staff at the market.", "information_received"),
    ("The girl called the Childline number.", "information_received"),
    ("Her cousin reached out to our team.", "information_received"),
    ("The case came to light last year.", "information_received"),
    ("A complaint received from the family was read out.", "information_received"),
    ("The partner shared the message and a photograph with our team.", "information_received"),
    ("The school passed the information to our office.", "information_received"),
    ("The SSB informed the Raxaul police station that two women were travelling.",
     "information_received"),
    ("Our staff noticed a girl alone at the station.", "information_received"),
    ("Acting on a tip-off, the AHTU reached the hotel.", "information_received"),
    ("We learned that Rina was being held in a hotel.", "location_identified"),
    ("Our team identified the house where she was kept.", "location_identified"),
    ("The phone was traced to a lodge.", "location_identified"),
    ("Our team traced the number to a lodge.", "location_identified"),
    ("The agent gave the address of the flat.", "location_identified"),
    ("The NGO had traced a girl from the village.", "location_identified"),
    ("On 2 April the partner got a new address in Kurla.", "location_identified"),
    ("We met the Superintendent of Police.", "authority_contacted"),
    ("We went with the mother to Jalangi PS.", "authority_contacted"),
    ("We called the SP office twice.", "authority_contacted"),
    ("The AHTU Mumbai was informed by email.", "authority_contacted"),
    ("The OC agreed to initiate the raid.", "authority_contacted"),
    ("The women were directed to the AHTU.", "referred"),
    ("The SP directed us to the OC.", "referred"),
    ("The SSP asked us to connect with the SP.", "referred"),
    ("He told us to coordinate with the SP.", "referred"),
    ("The CWC referred the case to the DCPU.", "referred"),
    ("The OC forwarded the complaint to the AHTU.", "referred"),
    ("The RDO ordered the Tahsildar to inspect the kiln.", "referred"),
    ("We passed this to the AHTU.", "referred"),
    ("The AHTU verified the address.", "verified"),
    ("The verification was completed in May.", "verified"),
    ("They were unable to trace her.", "unable_to_trace"),
    ("The police could not trace the agent.", "unable_to_trace"),
    ("They said they would conduct the raid the next day.", "rescue_deferred"),
    ("The police were not able to initiate a raid.", "rescue_deferred"),
    ("The SP postponed the raid.", "rescue_deferred"),
    ("Rina was not found at the house.", "rescue_attempt_failed"),
    ("The police could not find her at the hotel.", "rescue_attempt_failed"),
    ("The flat was locked.", "rescue_attempt_failed"),
    ("The keeper had moved her to another house.", "rescue_attempt_failed"),
    ("The team raided the flat but found nothing.", "rescue_attempt_failed"),
    ("Police rescued two girls.", "rescue"),
    ("The AHTU raided the brothel.", "rescue"),
    ("The team brought out four women.", "rescue"),
    ("Rina was found at a dhaba.", "rescue"),
    ("At 10:55 pm, the police officer and Rina came to Rajbari Outpost.", "rescue"),
    ("The SSB stopped the two women at the border.", "rescue"),
    ("The girl was intercepted at the border.", "rescue"),
    ("After her rescue in March 2022, Rina went to school.", "rescue"),
    ("The agent was arrested.", "arrest"),
    ("The man was taken into custody.", "arrest"),
    ("Two agents were apprehended at the station.", "arrest"),
    ("The hotel manager and his wife were held.", "arrest"),
    ("Two phones were seized.", "evidence_collected"),
    ("A seizure list was prepared.", "evidence_collected"),
    ("Our members recorded videos of the camp.", "evidence_collected"),
    ("Her statement was recorded by the IO.", "statement_recorded"),
    ("The magistrate recorded her statement.", "statement_recorded"),
    ("Rina shared that she was sold twice.", "statement_recorded"),
    ("An FIR was registered at the police station.", "fir_registered"),
    ("The police registered a case against the agent.", "fir_registered"),
    ("A case was registered at Faraskhana.", "fir_registered"),
    ("A missing person complaint was lodged.", "fir_registered"),
    ("Crime No. 118/2024 was registered.", "fir_registered"),
    ("She was medically examined.", "medical_care"),
    ("Rina was admitted to the district hospital.", "medical_care"),
    ("Rina was taken to Sassoon Hospital.", "medical_care"),
    ("She received medical treatment.", "medical_care"),
    ("She was placed in a shelter home.", "shelter_placement"),
    ("The girls were sent to a children's home.", "shelter_placement"),
    ("She stayed at the transit home for a month.", "shelter_placement"),
    ("She was admitted to the state women's home.", "shelter_placement"),
    ("The SDM ordered their placement in the protective home.", "shelter_placement"),
    ("She spent two years in a government home.", "shelter_placement"),
    ("The women were sent to the Nari Niketan in Patna.", "shelter_placement"),
    ("She was repatriated to Nepal.", "repatriation"),
    ("The girls were handed over to their families.", "repatriation"),
    ("She was restored to her parents.", "repatriation"),
    ("The workers were sent home by train.", "repatriation"),
    ("The women were handed over to the Bangladesh authorities.", "repatriation"),
    ("The embassy issued her travel document.", "repatriation"),
    ("The CWC transferred her to the CWC of her home district.", "repatriation"),
    ("The Collector received them at the station.", "repatriation"),
    ("The police took her back to West Bengal.", "repatriation"),
    ("The chargesheet was filed.", "other"),
    ("The charges were framed.", "court_hearing"),
    ("The trial began in 2021.", "court_hearing"),
    ("She deposed by video link.", "court_hearing"),
    ("She gave her evidence in court.", "court_hearing"),
    ("Her cross-examination continued.", "court_hearing"),
    ("The final arguments were heard.", "court_hearing"),
    ("The accused was produced before the court.", "court_hearing"),
    ("The defence filed an appeal.", "court_hearing"),
    ("The two traffickers were produced before the ACJM court.", "court_hearing"),
    ("The court convicted the accused.", "conviction"),
    ("He was sentenced to ten years.", "conviction"),
    ("The RDO issued release certificates.", "other"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "kind"), EXAMPLES)
def test_the_sentence_gives_its_event(sentence: str, kind: str) -> None:
    events = extract(sentence)["events"]
    assert kind in [e["type"] for e in events]
    event = next(e for e in events if e["type"] == kind)
    assert event["rule"].startswith(f"trigger:{kind}.")
    assert event["evidence"] == sentence
    assert event["span"] == [0, len(sentence)]


def test_every_trigger_in_the_data_file_has_an_example() -> None:
    rules = {
        trigger.rule for trigger_set in triggers() for trigger in trigger_set.alternatives.values()
    }
    fired = {e["rule"] for sentence, _ in EXAMPLES for e in extract(sentence)["events"]}
    fired |= {f"trigger:{rule}" for _, _, rule in WIDER_FORMS}  # each tested in test_wider_rules
    fired |= {f"trigger:{rule}" for _, _, rule in GENERAL_FORMS}  # and in test_general_forms
    fired |= {f"trigger:{rule}" for _, _, rule in THIRD_FORMS}  # and in test_third_pass_forms
    fired |= {f"trigger:{rule}" for _, _, rule in FOURTH_FORMS}  # and in test_fourth_pass_forms
    fired |= {f"trigger:{rule}" for _, _, rule in FIFTH_FORMS}  # and in test_fifth_pass_forms
    fired |= {f"trigger:{rule}" for _, _, rule in SIXTH_FORMS}  # and in test_sixth_pass_forms
    fired |= {f"trigger:{rule}" for _, _, rule in SEVENTH_FORMS}  # and in test_seventh_pass_forms
    fired |= {f"trigger:{rule}" for _, _, rule in EIGHTH_FORMS}  # and in test_eighth_pass_forms
    fired |= {f"trigger:{rule}" for _, _, rule in NINTH_FORMS}  # and in test_ninth_pass_forms
    fired |= {f"trigger:{rule}" for _, _, rule in CHAT_FORMS}  # and there, chats in Hindi/Bengali
    assert rules - fired == set()


@pytest.mark.parametrize(
    "sentence",
    [
        "We were not able to learn more about her whereabouts for a few weeks.",
        "There was a high possibility that Mazina may disappear from the area.",
        "Police said they would seek the custody of a third accused.",
        "Their statements will be recorded before a magistrate on Monday.",
        "If the police raid the house tonight, she will be rescued.",
        "The team pleaded with the SP not to push the rescue to another day.",
        "Officials will travel to Delhi next week to take the girls back home.",
        "We request the Committee to direct the police to register an FIR.",
    ],
)
def test_future_negated_and_hypothetical_clauses_are_not_events(sentence: str) -> None:
    assert extract(sentence)["events"] == []


def test_a_deferred_rescue_is_not_a_rescue() -> None:
    text = (
        "But they were not able to initiate a raid as it was already late and they would "
        "execute the rescue operation the next day."
    )
    assert [e["type"] for e in extract(text)["events"]] == ["rescue_deferred"]


def test_a_failed_raid_is_not_a_rescue() -> None:
    text = "The AHTU conducted a raid on 13 September 2024, but Rehana was not found."
    events = extract(text)["events"]
    assert [e["type"] for e in events] == ["rescue_attempt_failed"]
    assert events[0]["date"] == "2024-09-13"


def test_what_a_survivor_tells_is_her_statement_not_new_events() -> None:
    text = "At the police station, Mazina shared that she was trafficked from Bangladesh."
    assert [e["type"] for e in extract(text)["events"]] == ["statement_recorded"]


def test_a_clause_after_having_done_something_is_not_a_second_event() -> None:
    text = "After speaking to the SSP, the SSP asked us to connect with the SP."
    assert [e["type"] for e in extract(text)["events"]] == ["referred"]


def test_one_rescue_told_in_two_sentences_is_one_event() -> None:
    text = (
        "On 14.09.2024 at 22:55 hrs a raid was conducted by the police. "
        "Four women were rescued from the premises."
    )
    events = extract(text)["events"]
    assert [e["type"] for e in events] == ["rescue"]
    assert events[0]["date"] == "2024-09-14"
    assert events[0]["time"] == "22:55"
    assert events[0]["date_precision"] == "time"
    assert extract(text)["victims_rescued"] == 4


def test_each_clause_veto_names_a_trigger_that_cues_switch_off() -> None:
    """A veto keyed by a rule id that no longer exists (a rule renamed in triggers.tsv) would
    silently stop vetoing; one on a trigger marked "+" would never be consulted."""
    from mukti.intake.extraction.events import CLAUSE_VETOES, CONTEXT_RULES

    by_rule = {t.rule: t for s in triggers() for t in s.alternatives.values()}
    for rule in CLAUSE_VETOES:
        assert rule in by_rule, rule
        assert by_rule[rule].blocked_by_cues, rule
    for rule in CONTEXT_RULES:
        assert rule in by_rule, rule
