"""Scanning faster with the same matches: a pattern whose matches can only start with a few
characters gets a lookahead for them in front, so the scan passes over every other position at
once instead of trying each alternative there."""

from __future__ import annotations

import importlib
import re
from typing import Any

# re's own parser: its public alias sre_parse is deprecated, and typeshed has no stub for it.
sre_parse: Any = importlib.import_module("re._parser")


def first_letters(regex: str) -> str | None:
    """The letters a match of ``regex`` (case-insensitive) can start with, as a character class,
    or None when that cannot be told (a match could start with anything)."""
    try:
        parsed = sre_parse.parse(regex, re.IGNORECASE | re.ASCII)
    except re.error:
        return None
    found = _first(parsed.data)
    if found is None or not found:
        return None
    letters = {c.lower() for c in found} | {c.upper() for c in found}
    if not all(c.isascii() and c.isalnum() for c in letters):
        return None
    return "[" + "".join(sorted(letters)) + "]"


def _first(items: list[Any]) -> set[str] | None:
    """First characters of a parsed sequence; None when unknown or when it can match empty."""
    for op, value in items:
        name = str(op)
        if name == "ASSERT" and value[0] == 1:
            # A lookahead ("(?=\d)"): a match starts with what it can start with, if told.
            ahead = _first(list(value[1]))
            if ahead is not None:
                return ahead
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero-width: \b, lookarounds
        if name == "LITERAL":
            return {chr(value)}
        if name == "IN":
            return _class_members(value)
        if name == "SUBPATTERN":
            return _first(list(value[-1]))
        if name == "BRANCH":
            union: set[str] = set()
            for branch in value[1]:
                got = _first(list(branch))
                if got is None:
                    return None
                union |= got
            return union
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, _high, inner = value
            got = _first(list(inner))
            if got is None:
                return None
            if low > 0:
                return got
            rest = _first(items[items.index((op, value)) + 1 :])
            return None if rest is None else got | rest
        return None  # a class escape or anything else: not told
    return None


def guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` with a lookahead for the characters its matches start with (when told)."""
    letters = first_letters_of(pattern)
    if letters is None:
        return pattern
    return re.compile(f"(?={letters})(?:{pattern.pattern})", pattern.flags)


def first_letters_of(pattern: re.Pattern[str]) -> str | None:
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    except re.error:
        return None
    found = _first(parsed.data)
    if not found:
        return None
    chars = {c.lower() for c in found} | {c.upper() for c in found}
    if not all(c.isascii() and c.isalnum() for c in chars):
        return None
    return "[" + "".join(sorted(chars)) + "]"


def by_first_letter(alternatives: list[tuple[str, str]]) -> tuple[str, dict[str, str]] | None:
    """One alternation of named alternatives (``(group name, regex)``), grouped by the letter
    each can start with, behind a lookahead for that letter: at a word's start the scan tries
    only the alternatives that can start there, instead of every one in turn. The same matches
    (alternatives that can start at one place keep their order); the group names get "x" and
    the letter as a suffix (``L8xa``), returned with the name each stands for. None when an
    alternative's first letters cannot be told."""
    by_letter: dict[str, list[tuple[str, str]]] = {}
    for name, regex in alternatives:
        letters = first_letters(regex)
        if letters is None:
            return None
        for letter in sorted({c.lower() for c in letters[1:-1]}):
            by_letter.setdefault(letter, []).append((name, regex))
    names: dict[str, str] = {}
    parts = []
    for letter, rows in sorted(by_letter.items()):
        branches = []
        for name, regex in rows:
            names[f"{name}x{letter}"] = name
            branches.append(f"(?P<{name}x{letter}>{regex})")
        letter_class = "".join(sorted({letter, letter.upper()}))
        parts.append(f"(?=[{letter_class}])(?:" + "|".join(branches) + ")")
    return "(?:" + "|".join(parts) + ")", names


def by_first_two(alternatives: list[tuple[str, str]]) -> tuple[str, dict[str, str]] | None:
    """As :func:`by_first_letter`, grouped by the first two characters each alternative can
    start with (its literal starts, case-insensitive): at a word's start the scan tries only
    the alternatives that can start with its two characters. Only one group's lookahead can
    hold at a place, and in it the alternatives keep their order: the same matches. None when
    an alternative's first two characters cannot be told."""
    by_two: dict[str, list[tuple[str, str]]] = {}
    for name, regex in alternatives:
        prefixes = literal_prefixes(regex)
        if prefixes is None or any(len(prefix) < 2 for prefix in prefixes):
            return None
        for two in sorted({prefix[:2] for prefix in prefixes}):
            by_two.setdefault(two, []).append((name, regex))
    names: dict[str, str] = {}
    parts = []
    for number, (two, rows) in enumerate(sorted(by_two.items())):
        branches = []
        for name, regex in rows:
            names[f"{name}x{number}"] = name
            branches.append(f"(?P<{name}x{number}>{regex})")
        classes = "".join(f"[{c}{c.upper()}]" if c.isalpha() else re.escape(c) for c in two)
        parts.append(f"(?={classes})(?:" + "|".join(branches) + ")")
    return "(?:" + "|".join(parts) + ")", names


def literal_prefixes(regex: str, limit: int = 64) -> frozenset[str] | None:
    """The lower-case literal texts every match of ``regex`` (case-insensitive) starts with, as
    far as they can be told ("\\b(?:was|were)\\s+sold" gives {"was", "were"}; an optional part
    gives its starts and those of what follows it; a class of letters or digits, each of them), or
    None when a match could start otherwise (any character, nothing, too many forms)."""
    try:
        parsed = sre_parse.parse(regex, re.IGNORECASE | re.ASCII)
    except re.error:
        return None
    found, _ = _prefixes(list(parsed.data), limit)
    if not found or "" in found:
        return None
    return frozenset(found)


def _class_members(value: list[Any]) -> set[str] | None:
    r"""The characters of a parsed class made of characters, ranges and "\d" ("[0-3]",
    "[A-Za-z]"), or None for any other class (a negated one, "\w", "\s"...)."""
    chars: set[str] = set()
    for kind, arg in value:
        if str(kind) == "LITERAL":
            chars.add(chr(arg))
        elif str(kind) == "RANGE":
            chars.update(chr(c) for c in range(arg[0], arg[1] + 1))
        elif str(kind) == "CATEGORY" and str(arg) == "CATEGORY_DIGIT":
            chars.update("0123456789")
        else:
            return None
    return chars


def _class_chars(value: list[Any]) -> set[str] | None:
    r"""The (lower-case) characters of a class of ASCII letters and digits ("[0-3]", "\d",
    "[A-Za-z]"), or None for any other class."""
    chars = _class_members(value)
    if chars is None or not all(c.isascii() and c.isalnum() for c in chars):
        return None
    return {c.lower() for c in chars}


def _prefixes(items: list[Any], limit: int) -> tuple[set[str], bool]:
    """The literal starts of a parsed sequence, and whether they are the whole of it."""
    current = {""}
    for index, (op, value) in enumerate(items):
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero-width: \b, lookarounds
        if name == "LITERAL":
            got, complete = {chr(value).lower()}, True
        elif name == "IN" and all(str(kind) == "LITERAL" for kind, _ in value):
            got, complete = {chr(arg).lower() for _, arg in value}, True
        elif name == "IN" and (chars := _class_chars(value)) is not None:
            got, complete = chars, True  # "[0-3]", "\d": each character a start
        elif name == "SUBPATTERN":
            got, complete = _prefixes(list(value[-1]), limit)
        elif name == "BRANCH":
            got, complete = set(), True
            for branch in value[1]:
                part, whole = _prefixes(list(branch), limit)
                got |= part
                complete = complete and whole
        elif name in ("MAX_REPEAT", "MIN_REPEAT") and value[0] == 0:
            # An optional part ("(?:the\s+)?women"): a match starts with the part's start, or
            # with what follows it. Told as starts only (not the whole), so nothing is added.
            part, _ = _prefixes(list(value[2]), limit)
            rest, _ = _prefixes(items[index + 1 :], limit)
            combined = {a + b for a in current for b in part | rest}
            if len(combined) > limit:
                return current, False
            return combined, False
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            # Once at least ("\d+", "(?:very\s+)+"): a match starts with the part's start.
            got, _ = _prefixes(list(value[2]), limit)
            complete = False
        else:
            return current, False
        combined = {a + b for a in current for b in got}
        if len(combined) > limit:
            return current, False
        current = combined
        if not complete:
            return current, False
    return current, True


def trie_regex(words: list[str]) -> str:
    """One regex for a list of literal words, their common starts shared ("Ko(?:lkata|chi)"):
    a scan tries one branch per letter instead of every word. Where one word starts another,
    the longer is tried first, so the longest that fits is found, as with the words sorted
    longest first."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_body(trie)


def _trie_body(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = [re.escape(char) + _trie_body(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return "(?:" + body + ")?"
    return body


# One alternative, as the word-start index keeps it: its set's index (a trigger type's in
# triggers(), a date pattern's in dates.PATTERNS), its place in that set, the literal start it
# needs ("" if none is known), and the alternative alone, compiled.
Candidate = tuple[int, int, str, re.Pattern[str]]


class TriggerIndex:
    """Alternatives (every trigger; every date pattern) by the first one or two characters
    their matches start with. At a word's start, only those that can start there are tried,
    each set's in its order: the same matches as a scan of the whole text per set, several
    times faster (a scan tries every alternative of the word's first letter at every word)."""

    def __init__(self, by_two: dict[str, list[Candidate]], by_one: dict[str, list[Candidate]]):
        for table in (by_two, by_one):
            for key, rows in table.items():
                # An alternative once per key ("call" and "calls" both under "ca"), needing
                # only what its texts there have in common, and in its type's order.
                merged: dict[tuple[int, int], Candidate] = {}
                for row in rows:
                    seen = merged.get(row[:2])
                    common = row[2] if seen is None else _common_start(seen[2], row[2])
                    merged[row[:2]] = (row[0], row[1], common, row[3])
                table[key] = sorted(merged.values(), key=lambda c: c[:2])
        self.by_two, self.by_one = by_two, by_one
        self._at: dict[str, list[Candidate]] = {}
        self._tries: dict[str, list[tuple[int, str, re.Pattern[str]]]] = {}
        self._tries3: dict[str, list[tuple[int, str, re.Pattern[str]]]] = {}

    def at(self, two: str) -> list[Candidate]:
        """The alternatives that can start where the text reads ``two`` (lower case), in order."""
        found = self._at.get(two)
        if found is None:
            found = self._at[two] = sorted(
                self.by_two.get(two, []) + self.by_one.get(two[:1], []), key=lambda c: c[:2]
            )
        return found

    def tries(self, two: str) -> list[tuple[int, str, re.Pattern[str]]]:
        """``at(two)`` as a scan uses it: each alternative's set index, the start it needs
        beyond the two characters already looked up ("" if none), and its pattern."""
        found = self._tries.get(two)
        if found is None:
            found = self._tries[two] = [
                (kind, prefix if len(prefix) > 2 else "", pattern)
                for kind, _order, prefix, pattern in self.at(two)
            ]
        return found

    def tries3(self, three: str) -> list[tuple[int, str, re.Pattern[str]]]:
        """``tries`` where the text reads ``three`` (lower case; shorter at the text's end): the
        alternatives whose start does not fit those three characters are left out, and the
        start still to check is "" unless it is longer."""
        found = self._tries3.get(three)
        if found is None:
            found = self._tries3[three] = [
                (kind, prefix if len(prefix) > 3 else "", pattern)
                for kind, _order, prefix, pattern in self.at(three[:2])
                if len(prefix) <= 2 or prefix[:3] == three
            ]
        return found

    def row(
        self, text: str, lowered: str | None, position: int
    ) -> list[tuple[int, str, re.Pattern[str]]]:
        """What a scan tries at ``position``: ``tries3`` of the text lowered once (``lowered``,
        from ``lowered_alike``), or ``tries`` of the slice lowered where it could not be."""
        if lowered is not None:
            return self.tries3(lowered[position : position + 3])
        return self.tries(text[position : position + 2].lower())

    @staticmethod
    def fits(text: str, lowered: str | None, position: int, prefix: str) -> bool:
        """Whether the text at ``position`` reads ``prefix`` (lower case), case aside."""
        if lowered is not None:
            return lowered.startswith(prefix, position)
        return text[position : position + len(prefix)].lower() == prefix


def lowered_alike(text: str) -> str | None:
    """``text.lower()`` if every slice of it is the slice of ``text`` lowered (so a scan can
    lower the text once instead of every slice it reads), else None. Lowering maps each character
    on its own to one character, except two: "\u0130" becomes two characters, and "\u03a3"
    lowers by what surrounds it (a word's final sigma)."""
    if "\u0130" in text or "\u03a3" in text:
        return None
    return text.lower()


def _common_start(a: str, b: str) -> str:
    size = 0
    while size < min(len(a), len(b)) and a[size] == b[size]:
        size += 1
    return a[:size]


def at_word_start(*alternatives: str) -> str:
    r"""``\b(?:a|b|...)`` for alternatives that each start with a literal letter, written so that
    re scans faster: ``a(?<!\wa)...``, each letter first and the word boundary checked behind
    it. A pattern that starts with ``\b`` is tried in full at every position of the text; one
    that starts with letters lets re skip in C to where one of them is (two to five times
    faster). The same matches: before a letter, ``\b`` is "no word character before it"."""
    parts = []
    for alternative in alternatives:
        first = alternative[0]
        if not (first.isascii() and first.isalpha()):
            raise ValueError(f"not a literal letter first: {alternative!r}")
        parts.append(f"{first}(?<!\\w{first}){alternative[1:]}")
    return "(?:" + "|".join(parts) + ")"


# ``\b[A-Z]`` as ``at_word_start`` writes it: a capital at a word's start.
CAPITAL_AT_WORD_START = r"[A-Z](?<!\w[A-Z])"
