"""The anonymised dataset in the shape the Counter Trafficking Data Collaborative (CTDC) publishes.

CTDC (ctdatacollaborative.org, IOM and Polaris) publishes its global victim dataset k-anonymised
with k = 11: "The Global K-anon Dataset", one row per victim, 63 columns. ``COLUMNS`` are its
columns in its order; ``-99`` marks a value that is missing, as in CTDC's files.

k-anonymity here: every combination of the six quasi-identifiers (``QUASI_IDENTIFIERS``: age
band, gender, citizenship, country of exploitation, type of exploitation, year of registration)
that appears in the file appears in at least ``k`` rows. ``anonymise`` gets there by local
recoding: rows whose group is too small are generalised step by step (wider age bands, then
ranges of years), and what is still too small after the last step is suppressed (left out).
A group that is large enough is never touched, so no step can make another group smaller.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

K = 11
MISSING = "-99"

COLUMNS: tuple[str, ...] = (
    "yearOfRegistration", "Datasource", "gender", "ageBroad", "majorityStatus",
    "majorityStatusAtExploit", "majorityEntry", "citizenship",
    "meansOfControlDebtBondage", "meansOfControlTakesEarnings",
    "meansOfControlRestrictsFinancialAccess", "meansOfControlThreats",
    "meansOfControlPsychologicalAbuse", "meansOfControlPhysicalAbuse",
    "meansOfControlSexualAbuse", "meansOfControlFalsePromises",
    "meansOfControlPsychoactiveSubstances", "meansOfControlRestrictsMovement",
    "meansOfControlRestrictsMedicalCare", "meansOfControlExcessiveWorkingHours",
    "meansOfControlUsesChildren", "meansOfControlThreatOfLawEnforcement",
    "meansOfControlWithholdsNecessities", "meansOfControlWithholdsDocuments",
    "meansOfControlOther", "meansOfControlNotSpecified", "meansOfControlConcatenated",
    "isForcedLabour", "isSexualExploit", "isOtherExploit", "isSexAndLabour", "isForcedMarriage",
    "isForcedMilitary", "isOrganRemoval", "isSlaveryAndPractices", "typeOfExploitConcatenated",
    "typeOfLabourAgriculture", "typeOfLabourAquafarming", "typeOfLabourBegging",
    "typeOfLabourConstruction", "typeOfLabourDomesticWork", "typeOfLabourHospitality",
    "typeOfLabourIllicitActivities", "typeOfLabourManufacturing", "typeOfLabourMiningOrDrilling",
    "typeOfLabourPeddling", "typeOfLabourTransportation", "typeOfLabourOther",
    "typeOfLabourNotSpecified", "typeOfLabourConcatenated",
    "typeOfSexProstitution", "typeOfSexPornography", "typeOfSexRemoteInteractiveServices",
    "typeOfSexPrivateSexualServices", "typeOfSexConcatenated",
    "isAbduction", "RecruiterRelationship", "CountryOfExploitation",
    "recruiterRelationIntimatePartner", "recruiterRelationFriend", "recruiterRelationFamily",
    "recruiterRelationOther", "recruiterRelationUnknown",
)  # fmt: skip

QUASI_IDENTIFIERS: tuple[str, ...] = (
    "ageBroad",
    "gender",
    "citizenship",
    "CountryOfExploitation",
    "typeOfExploitConcatenated",
    "yearOfRegistration",
)

# CTDC's own age bands, then the wider ones generalisation uses (in the same notation). No band
# straddles 18, so ``majorityStatus`` tells nothing the band does not.
AGE_BANDS = ((0, 8), (9, 17), (18, 20), (21, 23), (24, 26), (27, 29), (30, 38), (39, 47))
WIDER_AGE_BANDS = ((0, 17), (18, 29), (30, 47))
WIDEST_AGE_BANDS = ((0, 17),)  # then "18+"
GENDER = {"female": "Female", "male": "Male", "transgender": "Trans/Transgender/NonConforming"}
# Mukti's types of exploitation → CTDC's flag columns.
EXPLOITATION_FLAG = {
    "sexual": "isSexualExploit",
    "labour": "isForcedLabour",
    "domestic": "isForcedLabour",
    "begging": "isForcedLabour",
    "criminal": "isForcedLabour",
    "marriage": "isForcedMarriage",
    "organs": "isOrganRemoval",
    "other": "isOtherExploit",
}
FLAG_LABEL = {
    "isForcedLabour": "Forced labour",
    "isSexualExploit": "Sexual exploitation",
    "isForcedMarriage": "Forced marriage",
    "isOrganRemoval": "Organ removal",
    "isOtherExploit": "Other",
}
FLAGS = tuple(FLAG_LABEL)
LAST_STEP = 4


@dataclass(frozen=True)
class Victim:
    """What the dataset says of one survivor, before generalisation."""

    age: int | None  # at registration
    gender: str  # Mukti's value
    citizenship: str  # ISO 3166 alpha-2 or ""
    country_of_exploitation: str
    exploitation: tuple[str, ...]  # Mukti's values
    year: int


def _band(age: int | None, bands: Sequence[tuple[int, int]], top: str) -> str:
    if age is None:
        return MISSING
    for low, high in bands:
        if low <= age <= high:
            return f"{low}--{high}"
    return top


def age_band(age: int | None, step: int) -> str:
    if step >= 3:
        return _band(age, WIDEST_AGE_BANDS, "18+")
    if step >= 1:
        return _band(age, WIDER_AGE_BANDS, "48+")
    return _band(age, AGE_BANDS, "48+")


def year_range(year: int, step: int) -> str:
    width = 10 if step >= 4 else 5 if step >= 2 else 1
    if width == 1:
        return str(year)
    start = year - year % width
    return f"{start}--{start + width - 1}"


def row(victim: Victim, step: int) -> dict[str, str]:
    """The victim's row at a generalisation step (0: as recorded)."""
    out = dict.fromkeys(COLUMNS, MISSING)
    out["yearOfRegistration"] = year_range(victim.year, step)
    out["Datasource"] = "Case Management"
    out["gender"] = GENDER.get(victim.gender, MISSING)
    out["ageBroad"] = age_band(victim.age, step)
    if victim.age is not None:
        out["majorityStatus"] = "Minor" if victim.age < 18 else "Adult"
    out["citizenship"] = victim.citizenship or MISSING
    out["CountryOfExploitation"] = victim.country_of_exploitation or MISSING
    if victim.exploitation:
        flags = {EXPLOITATION_FLAG[e] for e in victim.exploitation if e in EXPLOITATION_FLAG}
        for flag in (*FLAGS, "isSexAndLabour", "isForcedMilitary", "isSlaveryAndPractices"):
            out[flag] = "0"
        for flag in flags:
            out[flag] = "1"
        if {"isSexualExploit", "isForcedLabour"} <= flags:
            out["isSexAndLabour"] = "1"
        out["typeOfExploitConcatenated"] = "; ".join(FLAG_LABEL[f] for f in FLAGS if f in flags)
    return out


def key(values: dict[str, str]) -> tuple[str, ...]:
    return tuple(values[c] for c in QUASI_IDENTIFIERS)


@dataclass
class Result:
    rows: list[dict[str, str]] = field(default_factory=list)
    generalised: int = 0  # rows published at a coarser step than recorded
    suppressed: int = 0  # rows left out: still in a group under k after the last step
    by_step: dict[int, int] = field(default_factory=dict)


def anonymise(victims: Iterable[Victim], k: int = K) -> Result:
    """Generalise the rows of small groups step by step, then suppress what is still small."""
    people = list(victims)
    steps = [0] * len(people)
    rows = [row(v, 0) for v in people]
    for step in range(1, LAST_STEP + 1):
        sizes = Counter(key(r) for r in rows)
        small = [i for i, r in enumerate(rows) if sizes[key(r)] < k]
        if not small:
            break
        for i in small:
            steps[i] = step
            rows[i] = row(people[i], step)
    sizes = Counter(key(r) for r in rows)
    result = Result()
    for i, r in enumerate(rows):
        if sizes[key(r)] < k:
            result.suppressed += 1
            continue
        result.rows.append(r)
        result.by_step[steps[i]] = result.by_step.get(steps[i], 0) + 1
        if steps[i]:
            result.generalised += 1
    # The order of the rows would tell the order cases were opened in: sort by the values.
    result.rows.sort(key=lambda r: tuple(r[c] for c in COLUMNS))
    return result


def to_csv(rows: Iterable[dict[str, str]], note: str = "") -> str:
    """CSV with CTDC's header; an empty dataset is the header and a ``#`` line saying why."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    if note:
        out.write(f"# {note}\n")
    return out.getvalue()


@dataclass(frozen=True)
class Check:
    rows: int
    smallest: int  # 0 when there are no rows
    group: dict[str, str]  # the smallest group's quasi-identifier values

    def satisfies(self, k: int) -> bool:
        return self.rows == 0 or self.smallest >= k


class NotADataset(ValueError):
    pass


def check(text: str) -> Check:
    """The smallest group of rows sharing the six quasi-identifiers in a CTDC-shaped CSV."""
    lines = [line for line in io.StringIO(text) if not line.startswith("#")]
    reader = csv.DictReader(lines)
    missing = [c for c in QUASI_IDENTIFIERS if c not in (reader.fieldnames or [])]
    if missing:
        raise NotADataset(
            "The file lacks the column(s) "
            + ", ".join(missing)
            + ": it is not a dataset in the CTDC shape."
        )
    sizes: Counter[tuple[str, ...]] = Counter()
    for values in reader:
        sizes[tuple((values[c] or "").strip() for c in QUASI_IDENTIFIERS)] += 1
    if not sizes:
        return Check(rows=0, smallest=0, group={})
    group, smallest = min(sizes.items(), key=lambda item: (item[1], item[0]))
    return Check(
        rows=sum(sizes.values()),
        smallest=smallest,
        group=dict(zip(QUASI_IDENTIFIERS, group, strict=True)),
    )
