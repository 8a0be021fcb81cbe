"""Names written in Bengali, Devanagari or Latin script, spelled differently each time.

"Mazina", "Majina", "মাজিনা" and "मज़ीना" are one woman. Three steps make them comparable:

1. ``latin``: Bengali and Devanagari are transliterated (indic-transliteration, offline: its
   scheme tables ship in the package) to IAST, whose diacritics are then dropped; Latin text
   loses its accents, case and punctuation. "মাজিনা" becomes "majina".
2. ``sound``: one spelling of each sound, for the variations of Indian names in Latin letters:
   z/j, v/w/b, ph/f, q/k, x/ks, aspirates (kh, gh, th, dh, bh) as plain consonants, sh/s, ee/i,
   oo/u, e/i, o/u, au/ou, y/i, doubled letters, a trailing "a" or "ah" (the inherent vowel a
   transliteration writes and a speaker drops). "Mazina", "Majinah", "মাজিনা" all become "majin".
3. ``skeleton``: the consonants of the sound alone ("mjn"), so that "Rahaman" and "Rahman",
   or "Monika" and "মনিকা" (manika), still meet.
4. ``whole_keys``: the whole name's sound and skeleton, and each word's sound with the first
   letter of each other word: keys that rank first the candidates sharing more than a common
   family name, even when one word has a typo ("Tiya Begam", "Tiyr Begam").

The keys are hashed into blind indexes (``core.crypto.blind_index``) by the apps that keep names;
``similarity`` (rapidfuzz) scores two names once they are candidates, so that a shared skeleton
alone is not taken for the same person.

Pure functions of their arguments: no database, no settings.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import phonenumbers
from indic_transliteration import sanscript
from rapidfuzz import fuzz

BENGALI = (0x0980, 0x09FF)
DEVANAGARI = (0x0900, 0x097F)
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"), None)

# Bengali before transliteration: য (ya) is said "j" at the start of a syllable (যমুনা is Jamuna)
# and য় (ya with nukta, U+09DF or য + ়) is the "y" glide; ড় and ঢ় are an "r".
_BENGALI_FIXES = (
    ("\u09af\u09bc", "\u09df"),
    ("\u09a1\u09bc", "\u09dc"),
    ("\u09a2\u09bc", "\u09dd"),
)

# Where the sound is written two ways in Latin letters. Order matters: longest first.
_SOUNDS = (
    ("chh", "c"), ("ch", "c"), ("sch", "s"), ("sh", "s"), ("ph", "f"), ("kh", "k"), ("gh", "g"),
    ("th", "t"), ("dh", "d"), ("bh", "b"), ("jh", "j"), ("ck", "k"), ("q", "k"), ("x", "ks"),
    ("z", "j"), ("w", "b"), ("v", "b"), ("aa", "a"), ("ee", "i"), ("ii", "i"), ("oo", "u"),
    ("uu", "u"), ("ou", "u"), ("au", "u"), ("ow", "u"), ("ai", "i"), ("ei", "i"), ("oi", "i"),
    ("ey", "i"), ("ay", "i"), ("y", "i"), ("e", "i"), ("o", "u"),
)  # fmt: skip
_DOUBLE = re.compile(r"(.)\1+")
_NOT_LETTER = re.compile(r"[^a-z ]+")
VOWELS = frozenset("aiu")
MAX_ORDERED_WORDS = 4  # names of more words are compared in alphabetical order only


def _script(char: str) -> str | None:
    code = ord(char)
    if BENGALI[0] <= code <= BENGALI[1]:
        return sanscript.BENGALI
    if DEVANAGARI[0] <= code <= DEVANAGARI[1]:
        return sanscript.DEVANAGARI
    return None


@lru_cache(maxsize=4096)
def _transliterate_word(word: str) -> str:
    script = next((s for s in map(_script, word) if s), None)
    if script is None:
        return word
    if script == sanscript.BENGALI:
        word = unicodedata.normalize("NFC", word)
        for before, after in _BENGALI_FIXES:
            word = word.replace(before, after)
        word = re.sub("(^|(?<=[\u09cd]))\u09af", "\u099c", word)  # initial or conjunct য: j
        word = word.replace("\u09df", "\u09af")  # য়: the y glide
        word = word.replace("\u09dc", "\u09b0").replace("\u09dd", "\u09b0")
    # The chandrabindu nasalises the vowel, which Latin spellings write as an n (চাঁদনী, Chandni).
    word = word.replace("\u0981", "\u09a8\u09cd").replace("\u0901", "\u0928\u094d")
    iast = sanscript.transliterate(word, script, sanscript.IAST)
    # The anusvara (ṃ) is said as the nasal of the consonant after it: प्रियंका is "Priyanka".
    iast = re.sub("ṃ(?=[pbm])", "m", iast)
    return iast.replace("ṃ", "n").replace("m̐", "n")


def latin(text: str) -> str:
    """The name in plain lower-case Latin letters, words separated by one space."""
    text = unicodedata.normalize("NFC", text.translate(ZERO_WIDTH))
    words = [_transliterate_word(word) for word in text.split()]
    plain = unicodedata.normalize("NFKD", " ".join(words).casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(_NOT_LETTER.sub(" ", plain).split())


@lru_cache(maxsize=8192)
def sound(word: str) -> str:
    """One spelling of a Latin word's sound (``latin`` first)."""
    word = _DOUBLE.sub(r"\1", word)
    # Bengali says an initial য as "j" and Latin spellings write it either way: Yasmin and
    # Jasmin, Yamuna and Jamuna, Yogesh and Jogesh.
    if word.startswith("y"):
        word = "j" + word[1:]
    for before, after in _SOUNDS:
        word = word.replace(before, after)
    # An h after a consonant or a vowel is mostly a spelling (Rahman/Raman is not, but the
    # skeleton keeps the h at the start of a word: Hasina).
    word = word[:1] + word[1:].replace("h", "")
    word = _DOUBLE.sub(r"\1", word)
    if len(word) > 3 and word.endswith("a"):
        word = word[:-1]
    return word


def skeleton(word: str) -> str:
    """The consonants of a word's sound, with its first letter even if a vowel."""
    spoken = sound(word)
    return spoken[:1] + "".join(c for c in spoken[1:] if c not in VOWELS)


# Honorifics and words that are not the name (Md. is Mohammad, often written or not).
NOT_NAME = frozenset(
    {"md", "mohd", "mohammad", "mohammed", "muhammad", "sri", "shri", "smt", "srimati", "km",
     "kumari", "mr", "mrs", "ms", "miss", "bibi", "alias", "urf", "ka"}
)  # fmt: skip


@lru_cache(maxsize=1)
def _not_name_sounds() -> frozenset[str]:
    return frozenset(map(sound, NOT_NAME))


def words(text: str) -> list[str]:
    """The words of a name in Latin letters, without honorifics (however spelled: বিবি is
    "vivi" transliterated, "Bibi" in Latin letters)."""
    return [w for w in latin(text).split() if sound(w) not in _not_name_sounds()]


def name_key(text: str) -> str:
    """The whole name as one sound, its words sorted ("Khatun Majina" is "Majina Khatun")."""
    return " ".join(sorted(sound(w) for w in words(text)))


def token_keys(text: str) -> set[str]:
    """What a name is indexed and looked up by: each word's sound and skeleton."""
    keys = set()
    for word in words(text):
        spoken = sound(word)
        if len(spoken) >= 2:
            keys.add(f"sound:{spoken}")
            keys.add(f"skeleton:{skeleton(word)}")
    return keys


def _bare(spoken: str) -> str:
    """The consonants of a sound (``sound`` already applied), with its first letter."""
    return spoken[:1] + "".join(c for c in spoken[1:] if c not in VOWELS)


def whole_keys(text: str) -> set[str]:
    """Keys of the name as a whole, which rank the candidates that share more than one word:
    the whole name's sound and skeleton (its words sorted), and each word's sound with the
    first letter of each other word ("Tiya Begam" and "Tiyr Begam" share "bigam+t"; a typo
    seldom touches a word's first letter)."""
    spoken = [w for w in map(sound, words(text)) if len(w) >= 2]
    if not spoken:
        return set()
    bare = [_bare(w) for w in spoken]
    found = {f"name:{' '.join(sorted(spoken))}", f"name-skeleton:{' '.join(sorted(bare))}"}
    for i, word in enumerate(spoken):
        found |= {f"pair:{word}+{other[0]}" for j, other in enumerate(spoken) if j != i}
    return found


def match_keys(text: str) -> set[str]:
    """What a name is matched by (possible duplicates): its words' keys and the whole name's."""
    return token_keys(text) | whole_keys(text)


@lru_cache(maxsize=65536)
def similarity(first: str, second: str) -> float:
    """0 to 100: how alike two names sound, whatever their script, spelling and word order."""
    a, b = name_key(first).split(), name_key(second).split()
    if not a or not b:
        return 0.0
    # The whole name, its words in any order: "Majina" alone is not "Majina Khatun" (a first
    # name is shared by too many). The skeletons forgive vowels ("Rahaman", "Rahman").
    # The words are compared in the order that fits them best, not in alphabetical order: a
    # typo in a first letter ("Tisku" for "Kisku") would otherwise put them out of step.
    if len(b) > MAX_ORDERED_WORDS:
        orders: Iterable[tuple[str, ...]] = [tuple(b)]
    else:
        orders = itertools.permutations(b)
    best = 0.0
    joined_a, bare_a = " ".join(a), " ".join(map(_bare, a))
    for order in orders:
        spoken = fuzz.ratio(joined_a, " ".join(order))
        bare = fuzz.ratio(bare_a, " ".join(map(_bare, order)))
        best = max(best, spoken, (spoken + bare) / 2)
    return float(best)


def best_similarity(name: str, others: list[str]) -> float:
    """The best score of ``name`` against any of ``others`` (a legal name and its aliases)."""
    return max((similarity(name, other) for other in others if other.strip()), default=0.0)


# --- Phones ---------------------------------------------------------------------------------------
DEFAULT_PHONE_REGION = "IN"


def normal_phone(text: str) -> str:
    """E.164 when the number parses (``+919800000111``), else its digits alone; "" if none."""
    text = text.strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_possible_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return re.sub(r"\D", "", text)


def phones_in(text: str) -> set[str]:
    """The phone numbers written anywhere in free text (family contacts), as E.164."""
    return {
        phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        for match in phonenumbers.PhoneNumberMatcher(text, DEFAULT_PHONE_REGION)
    }


# Words of an address that say nothing of where she comes from.
ADDRESS_WORDS = frozenset(
    {"village", "vill", "gram", "post", "office", "police", "station", "district", "dist",
     "road", "house", "para", "near", "west", "east", "north", "south", "bengal", "india",
     "bangladesh", "nepal", "thana", "upazila", "block", "ward", "street", "lane", "colony"}
)  # fmt: skip


def place_keys(address: str) -> set[str]:
    """The place names of an address (village, town, district) by their sound."""
    return {
        f"place:{sound(word)}"
        for word in latin(address).split()
        if len(word) >= 4 and word not in ADDRESS_WORDS
    }
