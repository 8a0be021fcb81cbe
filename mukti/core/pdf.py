"""HTML to PDF with WeasyPrint, offline.

Reports and stories are drawn from a template whose styles are inline in the document (it is
never served to a browser, so the CSP does not apply) and with the system's Noto fonts
(fonts-noto-core), so Bengali and Devanagari text renders. Nothing is fetched: the URL fetcher
refuses every URL but ``data:``, so a stray link in a note or a template can never reach the
network.
"""

from __future__ import annotations

from typing import Any

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetchingError


class OfflineFetcher(URLFetcher):
    """Refuses every URL except inline ``data:`` ones, and remembers what it refused."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        if not url.startswith("data:"):
            self.refused.append(url)
            raise URLFetchingError(f"PDFs fetch nothing: refused {url[:100]}")
        return super().fetch(url, headers)


def html_to_pdf(html: str) -> bytes:
    fetcher = OfflineFetcher()
    # A base URL that is no place at all: relative links resolve to nothing fetchable.
    return HTML(string=html, base_url="data:,", url_fetcher=fetcher).write_pdf()
