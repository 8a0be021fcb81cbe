"""The vocabularies and word lists of the extraction, read once from the files in ``data/``
(shipped in the package): event triggers, titles and ranks, organisations, places, and the stop
lists each stage consults."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from mukti.intake.guards import (
    Candidate,
    TriggerIndex,
    by_first_letter,
    by_first_two,
    first_letters,
    guarded,
    literal_prefixes,
    trie_regex,
)

DATA = files("mukti.intake").joinpath("data")

EVENT_TYPES = (
    "trafficked", "information_received", "location_identified", "authority_contacted",
    "referred", "verified", "unable_to_trace", "rescue_deferred", "rescue_attempt_failed",
    "rescue", "arrest", "evidence_collected", "statement_recorded", "fir_registered",
    "medical_care", "shelter_placement", "repatriation", "court_hearing", "conviction", "other",
)  # fmt: skip
PLACE_KINDS = (
    "country",
    "state",
    "district",
    "city",
    "locality",
    "police_unit",
    "facility",
    "other",
)


def data_lines(name: str) -> list[tuple[int, list[str]]]:
    """The rows of a list in ``data/`` (tab-separated, with their line numbers); blank lines and
    ``#`` comments are skipped."""
    text = DATA.joinpath(name).read_text(encoding="utf-8")
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            rows.append((number, line.split("\t")))
    return rows


def words(name: str) -> tuple[str, ...]:
    """A list of one word (or phrase) a line, in the file's order."""
    return tuple(columns[0] for _, columns in data_lines(name))


# Capitalised words that are not a person's name (nor the first word of a place).
PERSON_STOP = frozenset(words("not_names.txt"))
# Capitalised too, and neither a survivor's name nor a place.
MONTHS_AND_DAYS = frozenset(words("months_and_days.txt"))


@dataclass(frozen=True)
class Trigger:
    type: str
    blocked_by_cues: bool
    rule: str
    consumes_rest: bool


@dataclass(frozen=True)
class TriggerSet:
    """All the triggers of one event type as one alternation: one scan of the text per type."""

    type: str
    pattern: re.Pattern[str]
    alternatives: dict[str, Trigger]  # named group -> trigger
    # The pattern's own group names (an alternative may have several, one per first letter).
    by_group: dict[str, Trigger]
    regexes: tuple[str, ...] = ()  # the alternatives' regexes, in the order of alternatives

    def trigger_of(self, match: re.Match[str]) -> Trigger:
        name = match.lastgroup or ""
        return self.by_group.get(name) or self.alternatives[name]


_WORD_START = r"\b(?=[A-Za-z])"


def _guard(regexes: list[str]) -> str:
    """A word start, and (when every alternative tells it) one of the letters they start with."""
    classes = [first_letters(regex) for regex in regexes]
    if any(c is None for c in classes):
        return _WORD_START
    letters = sorted({ch for c in classes for ch in (c or "")[1:-1]})
    return r"\b(?=[" + "".join(letters) + "])"


@cache
def triggers() -> tuple[TriggerSet, ...]:
    by_type: dict[str, list[tuple[str, str, Trigger]]] = {}
    ids: set[str] = set()
    for number, (kind, flag, rule_id, regex) in data_lines("triggers.tsv"):
        if kind not in EVENT_TYPES:
            raise ValueError(f"triggers.tsv line {number}: unknown event type {kind!r}")
        if not rule_id.startswith(f"{kind}.") or rule_id in ids:
            raise ValueError(f"triggers.tsv line {number}: rule id {rule_id!r} is not {kind}.<name>"
                             " or is used twice")  # fmt: skip
        ids.add(rule_id)
        re.compile(regex)  # a broken line names itself here, not inside the alternation
        trigger = Trigger(
            type=kind,
            blocked_by_cues=flag == "-",
            rule=f"trigger:{rule_id}",
            consumes_rest="that\\s+she" in regex,
        )
        by_type.setdefault(kind, []).append((f"L{number}", regex, trigger))
    return tuple(_trigger_set(kind, rows) for kind, rows in by_type.items())


@cache
def trigger_index() -> TriggerIndex:
    by_two: dict[str, list[Candidate]] = {}
    by_one: dict[str, list[Candidate]] = {}
    for type_index, trigger_set in enumerate(triggers()):
        pairs = zip(trigger_set.alternatives, trigger_set.regexes, strict=True)
        for order, (group, regex) in enumerate(pairs):
            pattern = re.compile(f"(?P<{group}>{regex})", re.IGNORECASE | re.ASCII)
            prefixes = literal_prefixes(regex)
            if prefixes is None:
                letters = first_letters(regex)
                starts = sorted({c.lower() for c in letters[1:-1]}) if letters else None
                if starts is None:
                    starts = [chr(c) for c in range(ord("a"), ord("z") + 1)]
                for letter in starts:
                    by_one.setdefault(letter, []).append((type_index, order, "", pattern))
                continue
            for prefix in sorted(prefixes):
                table = by_two if len(prefix) >= 2 else by_one
                table.setdefault(prefix[:2], []).append((type_index, order, prefix, pattern))
    return TriggerIndex(by_two, by_one)


def _trigger_set(kind: str, rows: list[tuple[str, str, Trigger]]) -> TriggerSet:
    # Every trigger starts at the start of a word: the guard lets the scan skip all other
    # positions at once (twice as fast), and changes no match. At a word's start, only the
    # triggers that can start with its letter are tried (by_first_letter: 2-5 times faster).
    alternation = "|".join(f"(?P<{group}>{regex})" for group, regex, _ in rows)
    alternatives = {group: trigger for group, _, trigger in rows}
    by_group = alternatives
    grouped = by_first_letter([(group, regex) for group, regex, _ in rows])
    if grouped is not None:
        alternation, names = grouped
        by_group = {name: alternatives[group] for name, group in names.items()}
    return TriggerSet(
        type=kind,
        pattern=re.compile(
            _guard([regex for _, regex, _ in rows]) + "(?:" + alternation + ")",
            # ASCII word boundaries: the trigger words are English, and this scans 40% faster.
            re.IGNORECASE | re.ASCII,
        ),
        alternatives=alternatives,
        by_group=by_group,
        regexes=tuple(regex for _, regex, _ in rows),
    )


@dataclass(frozen=True)
class Title:
    title: str
    abbrev: str | None


# A title ends where no word or hyphen follows, save the "-cum-" of one person's two offices
# ("Additional Sessions Judge-IV-cum-Special Judge": the first; tenth pass).
_TITLE_END = r"(?![\w]|-(?!cum-))"


@cache
def titles() -> tuple[re.Pattern[str], dict[str, Title]]:
    """One alternation of every title, abbreviation and spelling, longest first."""
    lookup: dict[str, Title] = {}
    alternatives: list[tuple[str, str]] = []  # (regex, key)
    for _, (title, abbrev, variants) in data_lines("titles.tsv"):
        entry = Title(title, None if abbrev == "-" else abbrev)
        key = f"t{len(lookup)}"
        lookup[key] = entry
        words = r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", title))
        alternatives.append(("(?i:" + words + ")", key))
        if entry.abbrev:
            alternatives.append((re.escape(entry.abbrev).replace(r"\ ", r"\s*"), key))
        if variants != "-":
            for variant in variants.split("|"):
                alternatives.append((variant if variant.isupper() else f"(?i:{variant})", key))
    alternatives.sort(key=lambda item: len(item[0]), reverse=True)
    named = [(f"{key}_{i}", alt) for i, (alt, key) in enumerate(alternatives)]
    # Grouped by the first two characters (titles grew to some 240 spellings), else by the
    # first letter; a group's name is still "<key>_<more>".
    grouped = by_first_two(named) or by_first_letter(named)
    if grouped is None:
        regex = "|".join(f"(?P<{name}>{alt})" for name, alt in named)
        pattern = re.compile(r"(?<![\w.])(?:" + regex + ")" + _TITLE_END, re.ASCII)
        return guarded(pattern), lookup
    regex, _names = grouped
    pattern = re.compile(r"(?<![\w.])(?=[A-Za-z])(?:" + regex + ")" + _TITLE_END, re.ASCII)
    return pattern, lookup


@cache
def title_starts() -> re.Pattern[str]:
    """Where a title can start: a lookahead for the literal starts of every spelling in
    ``titles()`` (case-insensitive, so a superset), as one trie. ``titles()``'s pattern is then
    tried only there, with the same matches as its scan of the whole text (see
    ``officials.find_officials``)."""
    starts: set[str] = set()
    for _, (title, abbrev, variants) in data_lines("titles.tsv"):
        words = r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", title))
        spellings = [words]
        if abbrev != "-":
            spellings.append(re.escape(abbrev).replace(r"\ ", r"\s*"))
        if variants != "-":
            spellings.extend(variants.split("|"))
        for spelling in spellings:
            prefixes = literal_prefixes(spelling)
            if prefixes is None:
                return re.compile(r"(?<![\w.])(?=[A-Za-z])", re.ASCII)  # every word start
            starts.update(prefixes)
    return re.compile(r"(?<![\w.])(?=" + trie_regex(sorted(starts)) + ")", re.IGNORECASE | re.ASCII)


@cache
def organisations() -> tuple[tuple[str, re.Pattern[str]], ...]:
    found = []
    for _, (abbrev, regex) in data_lines("organisations.tsv"):
        alternatives = f"(?i:{regex})"
        if " " not in abbrev and abbrev.isupper():
            alternatives += f"|{re.escape(abbrev)}"
        found.append((abbrev, guarded(re.compile(r"\b(?:" + alternatives + r")\b", re.ASCII))))
    return tuple(found)


@cache
def builtin_places() -> tuple[tuple[str, str], ...]:
    return tuple((name, kind) for _, (name, kind) in data_lines("places.tsv"))


class Gazetteer:
    """Place names (built-in, plus any the caller adds: the directory's) as one regex."""

    def __init__(self, extra: Iterable[tuple[str, str]] = ()) -> None:
        self.kinds: dict[str, str] = {}
        self._by_lower: dict[str, str] | None = None
        for name, kind in (*builtin_places(), *extra):
            name = name.strip()
            if len(name) >= 3:
                self.kinds.setdefault(name, kind if kind in PLACE_KINDS else "other")
        # The names as a trie (the longest that fits wins, as with the names sorted longest
        # first): one branch per letter is tried, not every name.
        self.pattern = guarded(
            re.compile(r"(?<!\w)(?:" + trie_regex(list(self.kinds)) + r")(?!\w)", re.ASCII)
        )

    def __contains__(self, name: str) -> bool:
        return name in self.kinds

    def by_lower(self) -> dict[str, str]:
        """Each name by its lower case ("MANILA" written in a dateline is Manila)."""
        if self._by_lower is None:
            self._by_lower = {name.lower(): name for name in self.kinds}
        return self._by_lower


@cache
def default_gazetteer() -> Gazetteer:
    return Gazetteer()


@cache
def organisation_scan() -> tuple[re.Pattern[str], dict[str, str]]:
    """Every organisation's pattern in one scan (each inside a lookahead, so that one name
    inside another is still seen): the group names, "o<index>", give the abbreviation."""
    alternation = "|".join(
        f"(?P<o{i}>{pattern.pattern})" for i, (_, pattern) in enumerate(organisations())
    )
    abbrevs = {f"o{i}": abbrev for i, (abbrev, _) in enumerate(organisations())}
    return re.compile(rf"\b(?=[A-Za-z])(?=(?:{alternation}))", re.ASCII), abbrevs


@cache
def _any_organisation() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p.pattern})" for _, p in organisations()), re.ASCII)


@cache
def looks_like_org(name: str) -> bool:
    return _any_organisation().fullmatch(name) is not None
