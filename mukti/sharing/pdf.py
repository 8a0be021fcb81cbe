"""The approved story as a PDF, with WeasyPrint, offline (as the reports app draws its PDFs:
nothing is fetched; the URL fetcher refuses every URL but ``data:``)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetchingError


class _Offline(URLFetcher):
    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)

    def fetch(self, url: str, headers: Any = None) -> Any:
        if not url.startswith("data:"):
            raise URLFetchingError(f"Stories fetch nothing: refused {url[:100]}")
        return super().fetch(url, headers)


def story_pdf(text: str) -> bytes:
    title, _, body = text.partition("\n")
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    html = render_to_string("sharing/story_pdf.html", {"title": title, "paragraphs": paragraphs})
    return HTML(string=html, base_url="data:,", url_fetcher=_Offline()).write_pdf()
