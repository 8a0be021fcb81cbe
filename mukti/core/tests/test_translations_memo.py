"""Translations looked up once per message give what Django's own lookup gives, for every
message of every language's catalogues, and keep no more than their limit."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext, trans_real

from mukti.core import translations


def _active() -> Any:
    """The translation object of the active language."""
    return getattr(trans_real, "_active").value  # noqa: B009 -- not in the stubs


@pytest.mark.parametrize("language", ["en", "bn", "hi"])
def test_every_message_translates_as_without_the_memo(language: str) -> None:
    with translation.override("bn"):  # the site's messages (English has no catalogue)
        catalog = _active()._catalog
        messages = [key for key in catalog.keys() if isinstance(key, str) and key]  # noqa: SIM118
    assert len(messages) > 500
    with translation.override(language):
        active = _active()
        lookup = type(active).gettext.__wrapped__
        for message in [*messages, "No such message, anywhere"]:
            assert gettext(message) == lookup(active, message), message
            assert gettext(message) == lookup(active, message), message  # from the memo
    assert translations._MEMO in active.__dict__


def test_the_site_translates_through_the_memo() -> None:
    with translation.override("bn"):
        assert gettext("Sign out") == "সাইন আউট"
        assert _active().__dict__[translations._MEMO]["Sign out"] == "সাইন আউট"


def test_no_more_than_the_limit_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(translations, "LIMIT", 3)
    with translation.override("hi"):
        memo = _active().__dict__.setdefault(translations._MEMO, {})
        memo.clear()
        for n in range(10):
            gettext(f"free text {n}")
        assert len(memo) == 3
        assert gettext("free text 9") == "free text 9"


@pytest.mark.parametrize("language", ["en", "bn", "hi"])
def test_country_names_are_as_without_the_memo(
    language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """django-countries asks for a name with the fallback language turned off for a moment
    ("Bahamas (The)" has a common name only if translated): what the memo keeps must not
    depend on that moment."""
    from django_countries import Countries

    with translation.override(language):
        first = list(Countries())  # the memo filled, the fallback turned off and on
        again = list(Countries())
        cls = trans_real.DjangoTranslation
        monkeypatch.setattr(cls, "gettext", getattr(cls.gettext, "__wrapped__"))  # noqa: B009
        plain = list(Countries())
    assert first == again == plain
    assert all(name for _code, name in plain)
