"""General forms read in the fifth pass of issue 23: flashbacks told in the past perfect, press
notes and releases, contacts told one after the other, chat and letter shorthand. One test per
form, each with sentences written for the test (none is taken from the corpus)."""

from __future__ import annotations

import pytest

from mukti.intake.tests.helpers import events, rules_of

# Flashbacks


def test_a_flashback_in_the_past_perfect_dates_itself_but_not_the_steps_of_the_raid_after_it() -> (
    None
):
    text = (
        "On 4 March the AHTU raided a spa in Salt Lake. The women had been brought from Nepal "
        "in 2023 by an agent. Their families had reported them missing in May 2023. The "
        "manager was arrested. They were sent to a shelter home."
    )
    assert events(text) == [
        ("rescue", "2025-03-04"),
        ("trafficked", "2023"),
        ("information_received", "2023-05"),
        ("arrest", "2025-03-04"),
        ("shelter_placement", "2025-03-04"),
    ]


def test_what_came_before_a_rescue_may_continue_the_flashback() -> None:
    text = (
        "She was rescued in Pune on 12 January 2024. She had been sold by her cousin in August "
        "2022. Her father went to the police many times."
    )
    assert events(text)[-1] == ("authority_contacted", "2022-08")


def test_a_past_told_to_the_police_does_not_date_the_telling() -> None:
    text = (
        "On 4 March five women were rescued. The women told police that they had been brought "
        "from Jharkhand a week earlier."
    )
    assert events(text) == [
        ("rescue", "2025-03-04"),
        ("statement_recorded", "2025-03-04"),
        ("trafficked", "2025-02-25"),
    ]
