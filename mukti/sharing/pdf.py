"""The approved story as a PDF, drawn offline as every PDF is (``core.pdf``)."""

from __future__ import annotations

from django.template.loader import render_to_string

from mukti.core.pdf import html_to_pdf


def story_pdf(text: str) -> bytes:
    title, _, body = text.partition("\n")
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    html = render_to_string("sharing/story_pdf.html", {"title": title, "paragraphs": paragraphs})
    return html_to_pdf(html)
