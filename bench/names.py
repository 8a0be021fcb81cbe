"""Possible duplicates: precision and recall on synthetic people written in three scripts and many
spellings (targets: 0.9 each), and the match query's time at 100,000 survivors (target: 100 ms).

The generator (``people``) draws persons (a given name, sometimes a second one, a family name,
gender, age, nationality, a home village, sometimes a family phone) and writes each one to one,
two or three survivor records, as different caseworkers would: in Bengali, Devanagari or Latin
letters, with the spelling variations of Indian names (z/j, v/b/w, ph/f, aa/a, ee/i, oo/u, sh/s,
o/u, e/i, doubled letters, a trailing a/ah dropped or added), sometimes the words in another order
or an honorific, one record in ten with a typo, the age told a year or two apart, and the village
or phone kept or not. Records of one person are the true pairs; every other pair is not.

Every record is added to its own case in a fresh database (``var/bench-names-<database>/``), its
blind indexes written as the services write them; then each record is asked for its possible
matches (``cases.names.survivor_matches``, as a supervisor who sees every case). Then unrelated
people are added up to ``--survivors`` and the match query is timed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from dataclasses import dataclass
from typing import Any

from bench.common import configure, load_average, percentile

PRECISION_TARGET = RECALL_TARGET = 0.9
QUERY_TARGET_MS = 100.0

# Names as they are said, in ITRANS (A: long a, I: long i, U: long u, sh: palatal, z: nukta j).
GIVEN_FEMALE = [
    "mAjinA",
    "fAtemA",
    "rahimA",
    "salmA",
    "nAzmA",
    "shAhAnA",
    "rokeyA",
    "sumaiyA",
    "taslimA",
    "nAsrin",
    "parvin",
    "rUpA",
    "lakShmI",
    "priyA~NkA",
    "jamunA",
    "chAndanI",
    "bandanA",
    "sabnam",
    "shyAmalI",
    "mausumI",
    "shrAbaNI",
    "rItA",
    "gItA",
    "sItA",
    "sa~NgItA",
    "mItA",
    "pUjA",
    "rAnI",
    "kalpanA",
    "sAthI",
    "rumA",
    "jhumA",
    "tumpA",
    "piyAlI",
    "sharmilA",
    "suchitrA",
    "madhumitA",
    "pApiyA",
    "anjali",
    "kajal",
    "sonAlI",
    "dIpA",
    "rekhA",
    "malatI",
    "bAsantI",
    "phulmonI",
    "tuli",
    "miThu",
    "bulbul",
    "mInA",
    "hAsinA",
    "jesmin",
    "yAsmin",
    "sultAnA",
    "marjinA",
    "amenA",
    "khadijA",
    "ruksAnA",
    "sherinA",
    "shiuli",
    "pAkhi",
    "jaba",
    "rANu",
    "anitA",
    "sunitA",
    "sabitA",
    "namitA",
    "mamatA",
    "aparNA",
    "jayantI",
    "sarasvatI",
    "durgA",
    "kAlI",
    "lakhI",
    "ratnA",
    "muktA",
    "sImA",
    "lipikA",
    "moumitA",
    "susmitA",
    "tanushrI",
    "riyA",
    "piyA",
    "tiyA",
    "puShpA",
    "shApalA",
    "kohinur",
    "ayeshA",
    "umme",
    "hAbibA",
]
GIVEN_MALE = [
    "rafiqul",
    "jAhidul",
    "saiful",
    "mijAnur",
    "habibur",
    "rahamAn",
    "Alamgir",
    "kamal",
    "jamAl",
    "bApi",
    "bAblu",
    "rAju",
    "rAjesh",
    "sunil",
    "anil",
    "bikAsh",
    "prakAsh",
    "subhAsh",
    "debAshish",
    "sujan",
    "tapan",
    "swapan",
    "shyAmal",
    "gopAl",
    "haru",
    "bishu",
    "mantu",
    "pintu",
    "rintu",
    "jayanta",
    "amit",
    "sumit",
    "asit",
    "ranjit",
    "manoj",
    "sanjay",
    "bijay",
    "ajay",
    "nitAi",
    "nimAi",
]
FAMILY = [
    "khAtun",
    "bibi",
    "begam",
    "begum",
    "shekh",
    "mollA",
    "mandal",
    "biswAs",
    "sarkAr",
    "dAs",
    "ghosh",
    "bose",
    "roy",
    "pAl",
    "mAjhi",
    "haldar",
    "mistri",
    "naskar",
    "sardAr",
    "gAyen",
    "mAiti",
    "jAnA",
    "pramANik",
    "shAhA",
    "dutta",
    "sen",
    "ghoSh",
    "chakrabartI",
    "bhaTTAchArya",
    "mukherjI",
    "banerjI",
    "chaTTopAdhyAy",
    "sikdAr",
    "hAsdA",
    "murmu",
    "TuDu",
    "soren",
    "kisku",
    "hembram",
    "mahato",
    "bAuri",
    "bAgdi",
    "dalui",
    "moNDal",
    "pAtra",
    "kuNDu",
    "nandI",
    "laskar",
    "gAzi",
    "mIr",
    "siddiqui",
    "ansAri",
    "paramAnik",
]
VILLAGES = [
    "hingalganj",
    "sandeshkhali",
    "minakhan",
    "haroa",
    "basirhat",
    "bangaon",
    "gaighata",
    "swarupnagar",
    "canning",
    "basanti",
    "gosaba",
    "kultali",
    "joynagar",
    "mathurapur",
    "patharpratima",
    "kakdwip",
    "namkhana",
    "diamond",
    "harbour",
    "falta",
    "budge",
    "magrahat",
    "baruipur",
    "sonarpur",
    "bhangar",
    "jessore",
    "satkhira",
    "khulna",
    "narail",
    "bagerhat",
    "jhenaidah",
    "chuadanga",
    "meherpur",
    "kushtia",
    "rajshahi",
    "dinajpur",
    "rangpur",
    "nilphamari",
    "thakurgaon",
]
NATIONALITIES = ["IN", "IN", "BD", "BD", "NP"]

# Latin spelling variants: (written one way, another way), applied at random.
VARIANTS = [
    ("z", "j"), ("j", "z"), ("v", "b"), ("b", "v"), ("w", "b"), ("ph", "f"), ("f", "ph"),
    ("aa", "a"), ("a", "aa"), ("ee", "i"), ("i", "ee"), ("oo", "u"), ("u", "oo"), ("sh", "s"),
    ("s", "sh"), ("o", "u"), ("u", "o"), ("e", "i"), ("i", "e"), ("y", "i"), ("ou", "au"),
    ("kh", "k"), ("th", "t"), ("dh", "d"), ("bh", "b"), ("q", "k"), ("ks", "x"), ("x", "ks"),
]  # fmt: skip


def _plain(itrans: str) -> str:
    """How a name in ITRANS is most often written in Latin letters."""
    out = itrans.replace("~N", "n").replace("Sh", "sh").replace("T", "t").replace("D", "d")
    out = out.replace("N", "n").replace("A", "a").replace("I", "i").replace("U", "u")
    return out.replace("E", "e")


def _latin_variant(rng: random.Random, word: str) -> str:
    spelled = _plain(word)
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
        before, after = rng.choice(VARIANTS)
        if before in spelled[1:]:
            at = spelled.index(before, 1)
            spelled = spelled[:at] + after + spelled[at + len(before) :]
    if rng.random() < 0.15:
        spelled = spelled + "h" if spelled.endswith("a") else spelled
    if rng.random() < 0.1 and len(spelled) > 4:
        i = rng.randrange(1, len(spelled) - 1)
        spelled = spelled[:i] + spelled[i] + spelled[i:]  # a doubled letter
    return spelled.capitalize()


def _typo(rng: random.Random, text: str) -> str:
    letters = [i for i, c in enumerate(text) if c.isalpha() and c.isascii()]
    if not letters:
        return text
    i = rng.choice(letters[1:] or letters)
    return text[:i] + rng.choice("aeioumnrstlk") + text[i + 1 :]


def _write(rng: random.Random, words: list[str]) -> str:
    """One record's spelling of a name (its words in ITRANS)."""
    from indic_transliteration import sanscript

    script = rng.choices(["latin", "bengali", "devanagari"], weights=[6, 3, 1])[0]
    if script == "latin":
        written = [_latin_variant(rng, w) for w in words]
    else:
        target = sanscript.BENGALI if script == "bengali" else sanscript.DEVANAGARI
        # A final consonant keeps its inherent vowel, as people write it (খাতুন, not খাতুন্).
        written = [
            sanscript.transliterate(w if w[-1] in "aAiIuUeo" else w + "a", sanscript.ITRANS,
                                    target)
            for w in words
        ]  # fmt: skip
    if rng.random() < 0.1 and len(written) > 1:
        written = [*written[1:], written[0]]  # family name first
    text = " ".join(written)
    if rng.random() < 0.1 and script == "latin":
        text = _typo(rng, text)
    return text


@dataclass
class Record:
    person: int
    legal_name: str
    gender: str
    age: int
    nationality: str
    home_address: str
    family_contacts: str


def people(count: int, seed: int = 22) -> list[Record]:
    """``count`` survivor records of fewer persons: about a third of persons have two or three
    records."""
    rng = random.Random(seed)
    records: list[Record] = []
    person = 0
    while len(records) < count:
        person += 1
        female = rng.random() < 0.85
        given = [rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)]
        if rng.random() < 0.3:
            given.append(rng.choice(GIVEN_FEMALE if female else GIVEN_MALE))
        words = [*given, rng.choice(FAMILY)]
        age = rng.randint(10, 40)
        nationality = rng.choice(NATIONALITIES)
        village = rng.choice(VILLAGES)
        phone = f"98{rng.randrange(10**8):08d}" if rng.random() < 0.3 else ""
        copies = rng.choices([1, 2, 3], weights=[65, 28, 7])[0]
        for _ in range(min(copies, count - len(records))):
            records.append(
                Record(
                    person=person,
                    legal_name=_write(rng, words),
                    gender="female" if female else "male",
                    age=max(0, age + rng.choice([-2, -1, 0, 0, 0, 1, 2])),
                    nationality=nationality if rng.random() > 0.05 else "",
                    home_address=f"Village {village.title()}" if rng.random() < 0.7 else "",
                    family_contacts=f"Mother {phone}" if phone and rng.random() < 0.5 else "",
                )
            )
    return records


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--survivors", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--postgres-url", default="postgres://postgres@127.0.0.1:5432/mukti_bench_names"
    )
    parser.add_argument("--show", type=int, default=0, help="print this many misses of each kind")
    parser.add_argument(
        "--timing-only", action="store_true", help="skip precision and recall (data kept)"
    )


def _load(records: list[Record], organisation: Any, lead: Any, prefix: str) -> list[int]:
    """Write the records as the services would (a case each, identity encrypted, blind indexes),
    in bulk. Returns the survivor ids, in order."""
    from django.db import transaction
    from django.utils import timezone

    from mukti.cases.models import (
        Case,
        CaseSurvivor,
        ProtectedIdentity,
        Survivor,
        SurvivorKey,
        adult_on,
    )
    from mukti.cases.names import survivor_digests

    today = timezone.localdate()
    ids: list[int] = []
    for start in range(0, len(records), 2000):
        batch = records[start : start + 2000]
        with transaction.atomic():
            cases = Case.objects.bulk_create(
                Case(reference=f"{prefix}-{start + i:07d}", title="Synthetic names",
                     organisation=organisation, lead=lead, opened_on=today)
                for i in range(len(batch))
            )  # fmt: skip
            survivors = Survivor.objects.bulk_create(
                Survivor(pseudonym=f"{prefix}{start + i}", organisation=organisation,
                         gender=r.gender, age_years=r.age, age_assessed_on=today,
                         adult_on=adult_on(birth_date=None, age_years=r.age, assessed_on=today),
                         nationality=r.nationality)
                for i, r in enumerate(batch)
            )  # fmt: skip
            identities = ProtectedIdentity.objects.bulk_create(
                ProtectedIdentity(survivor=s, legal_name=r.legal_name,
                                  home_address=r.home_address, family_contacts=r.family_contacts)
                for s, r in zip(survivors, batch, strict=True)
            )  # fmt: skip
            SurvivorKey.objects.bulk_create(
                (
                    SurvivorKey(survivor_id=identity.survivor_id, digest=digest)
                    for identity in identities
                    for digest in survivor_digests(identity)
                ),
                batch_size=5000,
            )
            CaseSurvivor.objects.bulk_create(
                CaseSurvivor(case=c, survivor=s) for c, s in zip(cases, survivors, strict=True)
            )
        ids += [s.pk for s in survivors]
    return ids


def _candidate(record: Record) -> Any:
    from mukti.cases.names import Candidate

    return Candidate(
        legal_name=record.legal_name, family_contacts=record.family_contacts,
        home_address=record.home_address, age_years=record.age,
        nationality=record.nationality, gender=record.gender,
    )  # fmt: skip


def run(args: argparse.Namespace) -> int:
    configure(args.database, args.postgres_url, "bench-names")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from tqdm import tqdm

    from mukti.accounts.models import Organisation, Role, User
    from mukti.cases.models import Survivor
    from mukti.cases.names import survivor_matches

    call_command("migrate", verbosity=0)
    organisation, _ = Organisation.objects.get_or_create(name="Names bench NGO")
    supervisor, _ = User.objects.get_or_create(
        username="names-supervisor",
        defaults={"role": Role.SUPERVISOR, "organisation": organisation},
    )
    records = people(args.people)
    written = Survivor.objects.filter(pseudonym__startswith="NB").count()
    if written == 0:
        print(f"Writing {len(records):,} records ...")
        ids = _load(records, organisation, supervisor, "NB")
    elif written != len(records):
        raise SystemExit("Another --people was written before: remove var/bench-names-*/ first.")
    else:
        ids = list(
            Survivor.objects.filter(pseudonym__startswith="NB")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    by_person: dict[int, list[int]] = {}
    for pk, record in zip(ids, records, strict=True):
        by_person.setdefault(record.person, []).append(pk)
    true_pairs = {
        frozenset((a, b)) for group in by_person.values() for a in group for b in group if a < b
    }
    found: set[frozenset[int]] = set()
    timings = []
    survivors = {s.pk: s for s in Survivor.objects.filter(pk__in=ids)}
    pending = [] if args.timing_only else list(zip(ids, records, strict=True))
    for pk, record in tqdm(pending, desc="Matching", unit="record"):
        started = time.perf_counter()
        matches = survivor_matches(
            user=supervisor, candidate=_candidate(record), exclude=survivors[pk]
        )
        timings.append((time.perf_counter() - started) * 1000)
        found |= {frozenset((pk, m.survivor.pk)) for m in matches}
    if not args.timing_only:
        hits = found & true_pairs
        precision = len(hits) / len(found) if found else 0.0
        recall = len(hits) / len(true_pairs) if true_pairs else 0.0
        _report(args, ids, records, by_person, true_pairs, found, timings, precision, recall)
    _time_at_scale(args, ids, records, survivors, organisation, supervisor)
    return 0


def _report(args: Any, ids: list[int], records: list[Record], by_person: dict[int, list[int]],
            true_pairs: set[frozenset[int]], found: set[frozenset[int]], timings: list[float],
            precision: float, recall: float) -> None:  # fmt: skip
    person_of = dict(zip(ids, (r.person for r in records), strict=True))
    persons = len(by_person)
    print(
        f"\nDatabase: {args.database}. {len(records):,} records of {persons:,} persons; "
        f"{len(true_pairs):,} true pairs; {len(found):,} pairs offered."
    )
    print(f"precision {precision:.3f} (target ≥ {PRECISION_TARGET})  "
          f"recall {recall:.3f} (target ≥ {RECALL_TARGET})")  # fmt: skip
    print(f"match query at {len(records):,} survivors: p50 {statistics.median(timings):.1f} ms, "
          f"p95 {percentile(timings, 95):.1f} ms")  # fmt: skip
    if args.show:
        text = dict(zip(ids, records, strict=True))
        print("\nMissed (true pairs not offered):")
        for pair in list(true_pairs - found)[: args.show]:
            a, b = sorted(pair)
            print(f"  {text[a].legal_name!r} ({text[a].age}, {text[a].nationality}) ~ "
                  f"{text[b].legal_name!r} ({text[b].age}, {text[b].nationality})")  # fmt: skip
        print("Wrongly offered:")
        for pair in list(found - true_pairs)[: args.show]:
            a, b = sorted(pair)
            print(f"  {text[a].legal_name!r} ({text[a].age}) ~ {text[b].legal_name!r} "
                  f"({text[b].age}) persons {person_of[a]}, {person_of[b]}")  # fmt: skip


def _time_at_scale(args: Any, ids: list[int], records: list[Record], survivors: dict[int, Any],
                   organisation: Any, supervisor: Any) -> None:  # fmt: skip
    """Up to --survivors: unrelated people (another seed), then time the match query."""
    from django.db import connection
    from tqdm import tqdm

    from mukti.cases.models import Survivor
    from mukti.cases.names import survivor_matches

    total = Survivor.objects.count()
    if total < args.survivors:
        more = people(args.survivors - total, seed=2200 + total)
        print(f"\nAdding {len(more):,} more survivors ...")
        for start in tqdm(range(0, len(more), 10_000), desc="Loading", unit="batch"):
            _load(more[start : start + 10_000], organisation, supervisor, f"NX{total + start}")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    total = Survivor.objects.count()
    rng = random.Random(7)
    sample = rng.sample(list(zip(ids, records, strict=True)), min(args.queries, len(ids)))
    for pk, record in sample[:5]:  # warm up
        survivor_matches(user=supervisor, candidate=_candidate(record), exclude=survivors[pk])
    timings = []
    for pk, record in sample:
        started = time.perf_counter()
        survivor_matches(user=supervisor, candidate=_candidate(record), exclude=survivors[pk])
        timings.append((time.perf_counter() - started) * 1000)
    p50, p95 = statistics.median(timings), percentile(timings, 95)
    print(f"\nMatch query at {total:,} survivors ({len(timings)} queries, supervisor): "
          f"p50 {p50:.1f} ms, p95 {p95:.1f} ms (target < {QUERY_TARGET_MS:.0f} ms)")  # fmt: skip
    print(f"Load average: {load_average()}")
