"""Protected identity, second factors, accused persons, health data and where survivors are held
are unreadable at rest: not in the SQLite file (nor its WAL), not in a PostgreSQL dump.

The demo is loaded, and a narrative naming a survivor is read into an intake draft and confirmed
into a case. The protected strings are then read back *decrypted* through the models (legal
names, family phone numbers, home addresses, identity document numbers, the survivor's name as
the narrative gave it, a sentence of the narrative) and looked for in the raw bytes. Each
survivor's pseudonym must be found there: the control that shows the search works. A person's
authenticator key and recovery codes are looked for the same way.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from mukti.core.tests.test_health_and_settings import run_mukti

NARRATIVE = (
    "We first learned about Tahmina, a Bangladeshi victim who was trafficked to India on 19th "
    "February 2024 and was being sexually exploited.\n\n"
    "Her uncle keeps her passport in a tin box behind the Hakimpur sweet shop.\n\n"
    "On 20th April 2024, we learned that Tahmina was held in a hotel in Basirhat. Our social "
    "workers met the Superintendent of Police, Basirhat.\n\n"
    "On 22nd April 2024 the police rescued Tahmina.\n"
)
# A sentence no event quotes: it stays in the narrative, which is protected as a whole.
NARRATIVE_SECRET = "a tin box behind the Hakimpur sweet shop"
# A sentence an event quotes: shown on the timeline (names made pseudonyms), stored encrypted.
QUOTED_SECRET = "was held in a hotel in Basirhat"
PSEUDONYM_FROM_NARRATIVE = "Chameli"


def load_narrative() -> None:
    """Meera reads the narrative into a draft, gives the survivor a pseudonym and confirms it."""
    from mukti.accounts.models import User
    from mukti.intake import services
    from mukti.intake.models import Draft

    meera = User.objects.get(username="meera")
    draft = services.draft_create(actor=meera, text=NARRATIVE, filename="report.txt")
    victims = draft.items["victims"]
    assert [v["name"] for v in victims] == ["Tahmina"], victims
    assert not any(NARRATIVE_SECRET in e["evidence"] for e in draft.items["events"])
    draft = services.draft_items_update(
        actor=meera,
        draft=draft,
        expected_version=draft.version,
        events=[],
        victims=[{**victims[0], "pseudonym": PSEUDONYM_FROM_NARRATIVE}],
    )
    services.draft_confirm(
        actor=meera, draft=draft, expected_version=draft.version, title="Girl held in Hakimpur"
    )
    assert Draft.objects.get(pk=draft.pk).status == "confirmed"


def protected_strings() -> dict[str, list[str]]:
    """What must never be readable at rest, read back decrypted; and the pseudonyms (controls)."""
    from mukti.cases.models import ProtectedIdentity, Survivor
    from mukti.intake.models import Draft

    secrets: set[str] = set()
    for identity in ProtectedIdentity.objects.all():
        if identity.legal_name:
            secrets |= {identity.legal_name, identity.legal_name.removesuffix(" (demo)")}
        for phone in re.findall(r"\+?\d[\d -]{6,}\d", identity.family_contacts):
            secrets |= {phone, re.sub(r"\D", "", phone)}
        secrets |= set(re.findall(r"\b[A-Z0-9-]*\d[A-Z0-9-]*\d\b", identity.identity_documents))
        if identity.home_address:
            secrets.add(identity.home_address.removesuffix(" (demo)"))
    for draft in Draft.objects.all():
        for victim in draft.items.get("victims", []):
            secrets |= {victim.get("name") or "", victim.get("legal_name") or ""}
        if NARRATIVE_SECRET in draft.text:
            secrets.add(NARRATIVE_SECRET)
    from mukti.cases.models import Event

    if any(QUOTED_SECRET in e.quote for e in Event.objects.exclude(quote="")):
        secrets.add(QUOTED_SECRET)
    secrets |= at_rest_secrets()
    secrets = {s for s in secrets if len(s) >= 5}
    controls = sorted(set(Survivor.objects.values_list("pseudonym", flat=True)))
    return {"secrets": sorted(secrets), "controls": controls}


def at_rest_secrets() -> set[str]:
    """Beyond identity: accused persons (names, aliases, phones), health (care needs, medical
    outcomes, assessment notes), where survivors are held (sighting addresses, rescue targets
    and risks), each read back decrypted."""
    from mukti.care.models import Assessment, MedicalCare
    from mukti.cases.models import Sighting, Survivor
    from mukti.justice.keys import normal_phone
    from mukti.justice.models import Accused
    from mukti.rescue.models import Operation

    def plain(value: str) -> str:
        return value.removesuffix(" (demo)").strip()

    secrets: set[str] = set()
    for accused in Accused.objects.all():
        secrets |= {plain(accused.name), *(plain(a) for a in accused.aliases.split(",") if a)}
        if accused.phone:
            secrets |= {accused.phone, re.sub(r"\D", "", accused.phone)}
            secrets |= {normal_phone(accused.phone)}
    secrets |= {plain(s.care_needs) for s in Survivor.objects.exclude(care_needs="")}
    secrets |= {plain(m.outcome) for m in MedicalCare.objects.exclude(outcome="")}
    secrets |= {plain(a.notes) for a in Assessment.objects.exclude(notes="") if len(a.notes) > 12}
    secrets |= {plain(s.address) for s in Sighting.objects.exclude(address="")}
    for operation in Operation.objects.all():
        secrets |= {plain(operation.target_address), plain(operation.risk_notes)} - {""}
    return secrets


def second_factor_secrets() -> list[str]:
    """Meera sets up her authenticator and gets recovery codes: the key (hex, and base32 as the
    app is given it) and every code (as shown, and without its dashes) must not be at rest."""
    import base64

    from mukti.accounts import services
    from mukti.accounts.models import User

    meera = User.objects.get(username="meera")
    device = services.two_factor_start(user=meera)
    device.refresh_from_db()
    codes = services.recovery_codes_renew(user=meera)
    keys = [device.key, base64.b32encode(device.bin_key).decode()]
    return keys + codes + [code.replace("-", "") for code in codes]


def found_in(raw: bytes, strings: list[str]) -> list[str]:
    lowered = raw.lower()
    return [s for s in strings if s.encode().lower() in lowered]


def check(strings: dict[str, list[str]], raw: bytes) -> None:
    # Legal names of three demo survivors and Tahmina; two phone forms; the NID; the narrative.
    assert len(strings["secrets"]) >= 8, strings
    assert "Rokeya Begum" in strings["secrets"] and "Tahmina" in strings["secrets"]
    # An accused's name, alias and phone; a medical outcome; a sighting address; a raid's risks.
    for secret in ("Sanju Sardar", "Rekha Mashi", "9830000917",
                   "Eight months pregnant; mother and child well.",
                   "Lodge has a back room with a lock; managers watch the road.",
                   "Back room of the lodge on the station road",
                   "Self-harm risk after the rescue; counselling twice a week",
                   QUOTED_SECRET):  # fmt: skip
        assert secret in strings["secrets"], secret
    assert found_in(raw, strings["controls"]) == strings["controls"]
    assert found_in(raw, strings["secrets"]) == []


# -- SQLite: the database file, its WAL and shared memory, as a running server leaves them ------

# Run by `mukti shell` against a real SQLite file in WAL mode, after `migrate` and `demo`: read the
# files while the connection is open (the WAL still holds the newest pages), checkpoint, read again.
SQLITE_PROBE = """
import json
from pathlib import Path
from django.db import connection
from mukti.core.tests.test_data_at_rest import (
    load_narrative, protected_strings, second_factor_secrets,
)

load_narrative()
strings = protected_strings()
strings["secrets"] += second_factor_secrets()
db = Path(connection.settings_dict["NAME"])
files = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
before = {p.name: p.read_bytes().hex() for p in files if p.exists()}
with connection.cursor() as cursor:
    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
after = {p.name: p.read_bytes().hex() for p in files if p.exists()}
print(json.dumps({"strings": strings, "before": before, "after": after}))
"""


@pytest.mark.slow
def test_no_protected_identity_is_readable_in_the_sqlite_files(
    tmp_path: Path, migrated_sqlite: Any
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL half runs there")
    migrated_sqlite(tmp_path)
    for args in (["migrate", "-v0"], ["demo", "--no-serve"]):
        result = run_mukti(tmp_path, *args)
        assert result.returncode == 0, result.stderr
    probe = run_mukti(tmp_path, "shell", "--no-imports", "-c", SQLITE_PROBE)
    assert probe.returncode == 0, probe.stderr
    report = json.loads(probe.stdout.strip().splitlines()[-1])
    assert "mukti.sqlite3-wal" in report["before"]  # WAL mode, as production runs it
    for moment in ("before", "after"):
        raw = b"".join(bytes.fromhex(content) for content in report[moment].values())
        check(report["strings"], raw)


# -- PostgreSQL: a plain-text dump of the test database ------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_no_protected_identity_is_readable_in_a_postgresql_dump() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the SQLite half runs there")
    pg_dump = shutil.which("pg_dump") or "/usr/bin/pg_dump"
    call_command("demo", "--no-serve", stdout=StringIO())
    load_narrative()
    strings = protected_strings()
    strings["secrets"] += second_factor_secrets()
    db: dict[str, Any] = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    host, port = db.get("HOST") or "127.0.0.1", str(db.get("PORT") or 5432)
    dump = subprocess.run(
        [pg_dump, "--no-owner", "-h", host, "-p", port, "-U", db.get("USER") or "postgres",
         db["NAME"]],
        capture_output=True, env=env, timeout=120, check=True,
    ).stdout  # fmt: skip
    assert b"PostgreSQL database dump" in dump
    check(strings, dump)
