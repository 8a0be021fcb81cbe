"""Reading rendered pages as a browser would (stdlib html.parser, not regexes): what a strict
CSP would block, post forms without a CSRF token, and the values a form would submit."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

# Attributes a browser follows or runs as a URL (text in a title or value attribute is not one).
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcdoc"}


class PageAudit(HTMLParser):
    """Collects what a strict CSP would block, and post forms without a CSRF token."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_inline: str | None = None  # "script" or "style" while inside one
        self.forms: list[dict[str, Any]] = []  # open post forms, innermost last
        self.post_forms = 0
        self.body_attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event-handler attribute")
            if name == "style":
                self.problems.append(f"<{tag} style=...> inline style")
            if name.startswith(("hx-on", "data-hx-on")):
                self.problems.append(f"<{tag} {name}> htmx inline handler")
            stripped = "".join(value.split()).lower()
            if (name in URL_ATTRIBUTES or name.startswith("hx-")) and stripped.startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}={value!r}> javascript: URL")
            if name in ("hx-vals", "hx-headers") and stripped.startswith(("js:", "javascript:")):
                self.problems.append(f"<{tag} {name}={value!r}> evaluated htmx value")
        if tag == "script":
            src = values.get("src", "")
            if not src:
                self.problems.append("<script> without src")
                self.in_inline = "script"
            elif not src.startswith("/static/"):
                self.problems.append(f"<script src={src!r}> not from /static/")
        elif tag == "style":
            self.problems.append("<style> element")
        elif tag == "link" and "href" in values and not values["href"].startswith("/static/"):
            self.problems.append(f"<link href={values['href']!r}> not from /static/")
        elif tag == "body":
            self.body_attrs = values
        elif tag == "form":
            is_post = values.get("method", "get").lower() == "post"
            self.post_forms += is_post
            self.forms.append({"post": is_post, "token": False, "where": self.getpos()})
        elif tag == "input" and values.get("name") == "csrfmiddlewaretoken" and self.forms:
            self.forms[-1]["token"] = bool(values.get("value"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.forms:
            form = self.forms.pop()
            if form["post"] and not form["token"]:
                self.problems.append(f"post form at line {form['where'][0]} has no CSRF token")


def audit(html: str) -> PageAudit:
    parser = PageAudit()
    parser.feed(html)
    parser.close()
    for form in parser.forms:  # left open: the parser saw no </form>
        if form["post"] and not form["token"]:
            parser.problems.append(f"post form at line {form['where'][0]} has no CSRF token")
    return parser


class FormValues(HTMLParser):
    """The values a browser would submit from each form of a page (inputs, checked boxes,
    selected options, textareas)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = [{}]
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        name, form = values.get("name", ""), self.forms[-1]
        if tag == "form":
            self.forms.append({})
        elif tag == "input" and name and values.get("type") not in ("submit", "button", "file"):
            if values.get("type") in ("checkbox", "radio"):
                if "checked" in values:
                    form.setdefault(name, []).append(values.get("value", "on"))
            else:
                form[name] = values.get("value", "")
        elif tag == "select" and name:
            self.select = name
            form.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in values:
            form[self.select] = values.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            form[name] = ""

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.forms[-1][self.textarea] += data.removeprefix("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def initial_values(html: str, field: str) -> dict[str, Any]:
    """The values of the form on the page that has ``field``, as a browser would submit them."""
    parser = FormValues()
    parser.feed(html)
    form = next(form for form in parser.forms if field in form)
    return {k: v for k, v in form.items() if k != "csrfmiddlewaretoken"}
