"""The site's main menu, made once per language, role and page kind (issue 24).

The menu is the same for every user of a role: ``can`` without an object reads only the role.
Written as template tags it cost some 2 ms on every page (thirteen permission checks, links
reversed and labels translated each time), a third of a cheap page's CPU. Here each link's
permission is still checked through ``can`` on every request; what is kept is the HTML of the
permitted links, by language, the tuple of permitted links and the page's app and URL name
(which link is marked active), kept with the language's translations (``core.translations.kept``,
so renewed with them and bounded as they are). The URLconf and script prefix the links are
reversed with are part of the key too."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from mukti.accounts.access import can
from mukti.core import translations

register = template.Library()

MEMO = "_mukti_main_menu"  # the name it is kept under on each language's translations

# Blocks of links, each shown if the role may do its permission: (permission, ((URL name,
# label, what marks the link active: ("app", app name) or ("url", URL name)), ...)), in order.
BLOCKS: tuple[tuple[str, tuple[tuple[str, Any, tuple[str, str]], ...]], ...] = (
    ("case.view", (("cases:case-list", _("Cases"), ("app", "cases")),)),
    (
        "case.create",
        (
            ("intake:draft-list", _("Narratives"), ("app", "intake")),
            ("referrals:incoming", _("Referrals"), ("app", "referrals")),
        ),
    ),
    (
        "case.view",
        (
            ("rescue:window", _("Located, not rescued"), ("url", "window")),
            ("deadlines:due-soon", _("Due soon"), ("url", "due-soon")),
        ),
    ),
    ("care.view", (("care:shelters", _("Shelters"), ("url", "shelters")),)),
    (
        "rescue.responsiveness",
        (("rescue:responsiveness", _("Responsiveness"), ("url", "responsiveness")),),
    ),
    ("reports.statistics", (("reports:statistics", _("Statistics"), ("app", "reports")),)),
    ("exports.datasets", (("exports:index", _("Data sharing"), ("app", "exports")),)),
    ("directory.view", (("directory:index", _("Directory"), ("app", "directory")),)),
    ("users.manage", (("accounts:user-list", _("Users"), ("url", "user-list")),)),
    (
        "users.two_factor_reset_approve",
        (("accounts:approvals", _("Approvals"), ("url", "approvals")),),
    ),
    ("audit.view", (("audit:list", _("Audit log"), ("app", "audit")),)),
    ("deadlines.lateness", (("deadlines:lateness", _("Lateness"), ("url", "lateness")),)),
    ("deadlines.rules", (("deadlines:rules", _("Clock rules"), ("url", "rules")),)),
)

_LINK = '<li class="nav-item"><a class="nav-link{}" href="{}">{}</a></li>'
_BREAK = "\n        "  # the indentation of the layout's lines, kept so its HTML is unchanged


def _menu(permitted: tuple[bool, ...], app_name: str, url_name: str) -> SafeString:
    blocks = []
    for shown, (_permission, links) in zip(permitted, BLOCKS, strict=True):
        if not shown:
            blocks.append("")
            continue
        rows = []
        for name, label, (kind, value) in links:
            active = (app_name if kind == "app" else url_name) == value
            rows.append(format_html(_LINK, " active" if active else "", reverse(name), label))
        blocks.append(_BREAK + _BREAK.join(rows) + _BREAK)
    # The parts are escaped by format_html; the rest is our own markup.
    return mark_safe(  # noqa: S308
        '<ul class="navbar-nav me-auto">' + _BREAK + _BREAK.join(blocks) + "\n      </ul>"
    )


@register.simple_tag(takes_context=True)
def main_menu(context: template.Context) -> SafeString:
    """The links of the main menu the signed-in user's role may follow, the current page's
    marked active."""
    request = context["request"]
    user = context["user"]
    permitted = tuple(can(user, permission) for permission, _links in BLOCKS)
    match = getattr(request, "resolver_match", None)
    app_name = (match.app_name or "") if match else ""
    url_name = (match.url_name or "") if match else ""
    key = (
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
        permitted,
        app_name,
        url_name,
    )
    return translations.kept(MEMO, key, lambda: _menu(permitted, app_name, url_name))
