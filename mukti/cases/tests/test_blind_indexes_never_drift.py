"""The one invariant of blind indexes: after any sequence of writes through the services
(survivors added, their identity corrected or cleared, refused changes, accused persons added and
corrected, a key rotation), the stored index is exactly a full recomputation from the encrypted
values (``mukti names rebuild``).

A hypothesis state machine drives random sequences and compares after every step. Runs on SQLite
and on PostgreSQL. ``MUKTI_DRIFT_EXAMPLES`` raises the number of sequences.
"""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.db import transaction
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from mukti.cases import names, services
from mukti.cases.models import ProtectedIdentity, SurvivorKey
from mukti.core.errors import ApplicationError
from mukti.core.testing import drift_settings
from mukti.justice import keys
from mukti.justice import services as justice
from mukti.justice.models import Accused, AccusedKey

pytestmark = pytest.mark.django_db

NAMES = st.sampled_from(
    ["Mazina Khatun", "মাজিনা খাতুন", "मज़ीना", "Majina", "Lakshmi Das", "লক্ষ্মী দাস",
     "Fatema Begum", "", "Unknown", "Md. Rafiqul Islam", "Rina", "  "]
)  # fmt: skip
PHONES = st.sampled_from(["", "98300 11122", "+91 98300-11122", "call 9831122334 or 9830011122"])
PLACES = st.sampled_from(["", "Village Hingalganj", "Basirhat, North 24 Parganas", "হিঙ্গলগঞ্জ"])


def stored_survivor_keys() -> set[tuple[int, str]]:
    return set(SurvivorKey.objects.values_list("survivor_id", "digest"))


def recomputed_survivor_keys() -> set[tuple[int, str]]:
    return {
        (identity.survivor_id, digest)
        for identity in ProtectedIdentity.objects.all()
        for digest in names.survivor_digests(identity)
    }


def stored_accused_keys() -> set[tuple[int, str]]:
    return set(AccusedKey.objects.values_list("accused_id", "digest"))


def recomputed_accused_keys() -> set[tuple[int, str]]:
    return {
        (person.pk, digest)
        for person in Accused.objects.all()
        for digest in keys.digests(name=person.name, aliases=person.aliases, phone=person.phone)
    }


class IndexesNeverDrift(RuleBasedStateMachine):
    env: dict[str, Any] = {}

    def __init__(self) -> None:
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.keys = list(django_settings.MUKTI_FIELD_KEYS)
        self.count = 0
        self.survivors: list[Any] = []
        self.accused: list[Any] = []

    def teardown(self) -> None:
        django_settings.MUKTI_FIELD_KEYS = self.keys
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def attempt(self, change: Any) -> Any:
        try:
            with transaction.atomic():
                return change()
        except ApplicationError:
            return None

    @initialize()
    def open_case(self) -> None:
        cast = self.env["cast"]
        self.actor = cast["caseworker"]
        self.case = services.case_open(actor=self.actor, title="Drift", exploitation=["sexual"])

    @rule(name=NAMES, aliases=NAMES, phone=PHONES, place=PLACES, age=st.integers(-2, 60))
    def add_survivor(self, name: str, aliases: str, phone: str, place: str, age: int) -> None:
        self.count += 1
        survivor = self.attempt(
            lambda: services.survivor_add(
                actor=self.actor, case=self.case, pseudonym=f"S{self.count}", age_years=age,
                identity={"legal_name": name, "aliases": aliases, "family_contacts": phone,
                          "home_address": place},
            )
        )  # fmt: skip
        if survivor is not None:
            self.survivors.append(survivor)

    @rule(data=st.data(), name=NAMES, phone=PHONES, place=PLACES, clear=st.booleans())
    def correct_identity(self, data: Any, name: str, phone: str, place: str, clear: bool) -> None:
        if not self.survivors:
            return
        survivor = data.draw(st.sampled_from(self.survivors))
        services.survivor_reveal(
            actor=self.actor, case=self.case, survivor=survivor, reason="Checking her records"
        )
        version = ProtectedIdentity.objects.get(survivor=survivor).version
        self.attempt(
            lambda: services.survivor_identity_update(
                actor=self.actor, case=self.case, survivor=survivor,
                reason="Checking her records", expected_version=version,
                clear=["legal_name", "family_contacts"] if clear else [],
                **({} if clear else {"legal_name": name, "family_contacts": phone}),
                home_address=place,
            )
        )  # fmt: skip

    @rule(name=NAMES, aliases=NAMES, phone=PHONES)
    def add_accused(self, name: str, aliases: str, phone: str) -> None:
        link = self.attempt(
            lambda: justice.accused_add(
                actor=self.actor, case=self.case, role="manager", name=name,
                aliases=aliases, phone=phone, description="Tall",
            )
        )  # fmt: skip
        if link is not None:
            self.accused.append(link.accused)

    @rule(data=st.data(), name=NAMES, phone=PHONES)
    def correct_accused(self, data: Any, name: str, phone: str) -> None:
        if not self.accused:
            return
        person = Accused.objects.get(pk=data.draw(st.sampled_from(self.accused)).pk)
        self.attempt(
            lambda: justice.accused_update(
                actor=self.actor, case=self.case, accused=person, name=name, phone=phone,
                aliases=person.aliases, description=person.description,
                approximate_age=person.approximate_age, role="manager",
                expected_version=person.version,
            )
        )  # fmt: skip

    @rule()
    def rotate_keys(self) -> None:
        from io import StringIO

        from django.core.management import call_command

        django_settings.MUKTI_FIELD_KEYS = [
            Fernet.generate_key().decode(),
            *django_settings.MUKTI_FIELD_KEYS,
        ]
        call_command("rotate_field_keys", stdout=StringIO(), stderr=StringIO())

    @invariant()
    def indexes_equal_a_full_recomputation(self) -> None:
        assert stored_survivor_keys() == recomputed_survivor_keys()
        assert stored_accused_keys() == recomputed_accused_keys()


def test_blind_indexes_equal_a_full_recomputation_after_any_sequence_of_writes(
    cast: Any, places: Any
) -> None:
    IndexesNeverDrift.env = {"cast": cast}
    run_state_machine_as_test(
        IndexesNeverDrift,
        settings=drift_settings(steps=12, default=10),
    )
