"""The main menu made once per language, role and page (``site/templatetags/navigation.py``)
is, byte for byte, what the layout's template tags wrote for every role, page kind and language,
whichever role asked first (issue 24)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.translation import trans_real

from mukti.accounts.models import Role
from mukti.conftest import make_user
from mukti.core import translations
from mukti.site.templatetags import navigation

# The layout's menu as base.html wrote it before the tag (4 Dec 2026).
TEMPLATE = Template((Path(__file__).parent / "menu_before.html").read_text().rstrip("\n"))
LANGUAGES = ("en-gb", "bn", "hi")
# The page of each link (its app or URL name marks it active), and one of none.
PAGES = ["home", "accounts:security"] + [
    name for _permission, links in navigation.BLOCKS for name, _label, _active in links
]


def _request(name: str, user: Any) -> Any:
    path = reverse(name)
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    request.user = user
    return request


def _forget_menus() -> None:
    for language in LANGUAGES:
        trans_real.translation(language).__dict__.pop(navigation.MEMO, None)


def _menus_kept(language: str) -> int:
    return len(trans_real.translation(language).__dict__.get(navigation.MEMO, {}))


@pytest.mark.django_db
def test_menu_is_what_the_template_wrote_for_every_role_page_and_language() -> None:
    _forget_menus()
    # The administrator first, so that a menu kept for a wider role would show in the others'.
    roles = sorted(Role, key=lambda role: role != Role.ADMINISTRATOR)
    users = [make_user(f"user-{role.value}", role) for role in roles]
    compared = set()
    for language in LANGUAGES:
        with translation.override(language):
            for user in users:
                for page in PAGES:
                    request = _request(page, user)
                    expected = TEMPLATE.render(Context({"request": request, "user": user}))
                    made = navigation.main_menu(Context({"request": request, "user": user}))
                    assert made == expected, (language, user.role, page)
                    compared.add(expected)
    # Every role's menu with each of its links marked active, in each language.
    assert len(compared) > 3 * len(PAGES)
    assert all(0 < _menus_kept(language) <= translations.LIMIT for language in LANGUAGES)


@pytest.mark.django_db
def test_a_role_never_gets_a_menu_kept_for_another(client_as: Any) -> None:
    _forget_menus()
    admin = client_as("administrator").get("/").content.decode()
    caseworker = client_as("caseworker").get("/").content.decode()
    assert 'href="/accounts/users/"' in admin
    assert 'href="/accounts/users/"' not in caseworker
    assert 'href="/cases/"' in caseworker
    assert 'href="/cases/"' not in admin  # an administrator does not read cases
