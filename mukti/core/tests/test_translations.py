"""The Bengali and Hindi catalogues: every message translated, placeholders kept, the compiled
files current, and (slow) every message of the code in the catalogues."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]  # the mukti package
LANGUAGES = ["bn", "hi"]
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0-9.]*[sdfr]|%[sd]|\{\{[^}]*\}\}|</?[a-z]+[^>]*>")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language: str) -> None:
    po = catalogue(language)
    missing = [e.msgid for e in po.untranslated_entries()]
    missing += [f"(fuzzy) {e.msgid}" for e in po.fuzzy_entries()]
    assert not missing, (
        f"{len(missing)} messages are not translated in {language} (docs/translation.md): "
        + " | ".join(m[:60] for m in missing[:15])
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_and_markup_are_kept(language: str) -> None:
    wrong = []
    for entry in catalogue(language).translated_entries():
        pairs = (
            [(entry.msgid, entry.msgstr)]
            if not entry.msgid_plural
            else [
                (entry.msgid, entry.msgstr_plural[0]),
                (entry.msgid_plural, entry.msgstr_plural[1]),
            ]
        )
        for english, translated in pairs:
            if sorted(set(PLACEHOLDER.findall(english))) != sorted(
                set(PLACEHOLDER.findall(translated))
            ):
                wrong.append(f"{english[:50]!r} -> {translated[:50]!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_current(language: str) -> None:
    """The .mo the server reads says what the .po says (run `make messages` after editing)."""
    po = catalogue(language)
    mo = polib.mofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in mo if e.msgid}
    written = {
        (e.msgctxt, e.msgid): (e.msgstr, {int(k): v for k, v in e.msgstr_plural.items()})
        for e in po.translated_entries()
    }
    assert compiled == written


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, polib.POFile]:
    """The catalogues ``make messages`` would write now: makemessages run on a copy of the
    code, once for the tests below."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext is missing: apt-get install gettext (scripts/debian-packages)")
    tmp_path = tmp_path_factory.mktemp("messages")
    copy = tmp_path / "mukti"
    shutil.copytree(
        ROOT, copy, ignore=shutil.ignore_patterns("tests", "vendor", "__pycache__", "*.mo")
    )
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", *[f"-l{lang}" for lang in LANGUAGES],
         "--ignore", "*/tests/*", "--ignore", "static/vendor/*", "--add-location", "file"],
        cwd=copy, check=True, capture_output=True,
        env={"DJANGO_SETTINGS_MODULE": "mukti.settings", "PYTHONPATH": str(tmp_path),
             "PATH": "/usr/bin:/bin", "MUKTI_DATA_DIR": str(tmp_path / "data")},
    )  # fmt: skip
    return {
        language: polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        for language in LANGUAGES
    }


@pytest.mark.slow
def test_the_catalogues_hold_every_message_of_the_code(fresh: dict[str, polib.POFile]) -> None:
    """makemessages, run on a copy of the code, finds no message the catalogues lack."""
    for language in LANGUAGES:
        kept = {(e.msgctxt, e.msgid) for e in catalogue(language) if not e.obsolete}
        new = sorted(
            e.msgid[:70]
            for e in fresh[language]
            if not e.obsolete and (e.msgctxt, e.msgid) not in kept
        )
        assert not new, f"{language}: run `make messages` and translate: " + " | ".join(new[:15])


@pytest.mark.slow
def test_no_translated_message_falls_out_of_the_code(fresh: dict[str, polib.POFile]) -> None:
    """makemessages keeps every translated message: one the code no longer says where
    xgettext can read it (a _() inside an f-string, a _(variable)) would be made obsolete by
    the next `make messages`, and its pages would show English."""
    for language in LANGUAGES:
        kept = {(e.msgctxt, e.msgid) for e in catalogue(language).translated_entries()}
        gone = sorted(
            e.msgid for e in fresh[language].obsolete_entries() if (e.msgctxt, e.msgid) in kept
        )
        assert not gone, f"{language}: no longer found in the code: {gone}"
