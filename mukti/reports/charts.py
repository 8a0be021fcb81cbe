"""Small SVG charts drawn on the server.

Hand-built rather than pygal: pygal embeds a <style> element and a <script> in every chart, which
the Content-Security-Policy (style-src 'self', no inline script) refuses. Colours are SVG
presentation attributes (fill="..."), which the policy allows; every chart has a <title> and a
data table beneath it on the page.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from mukti.core.l10n import figure

PALETTE = ("#0d6efd", "#198754", "#fd7e14", "#dc3545", "#6f42c1", "#20c997", "#6c757d", "#d63384")
ROW_H, LABEL_W, BAR_W, PAD = 22, 190, 420, 8
LEGEND_PER_ROW = 4
LABEL_CHARS, LEGEND_CHARS = 32, 18  # what fits beside a bar, and in a legend's slot


@dataclass(frozen=True)
class Series:
    name: str
    colour: str


def stacked_bars(
    *,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    values: Sequence[Sequence[float]],
    notes: Sequence[str] = (),
) -> SafeString:
    """Horizontal bars, one per label, each stacked from its series' values (left to right);
    ``notes`` are written at the end of each bar (a total, a median, "< 11"). A figure is in the
    reader's digits (``l10n.figure``); a label too long for its place is clipped at a word, with
    the whole of it as its tooltip (and in the table beneath every chart)."""
    widest = max((sum(v) for v in values), default=0) or 1
    scale = BAR_W / widest
    legend_rows = (len(series) + LEGEND_PER_ROW - 1) // LEGEND_PER_ROW if len(series) > 1 else 0
    height = PAD * 2 + ROW_H * len(labels) + 16 * legend_rows + 6
    width = LABEL_W + BAR_W + 90
    parts = []
    for i, (label, row) in enumerate(zip(labels, values, strict=True)):
        y = PAD + i * ROW_H
        x = float(LABEL_W)
        bars = []
        for value, s in zip(row, series, strict=True):
            w = value * scale
            if w > 0:
                bars.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title>'
                        "</rect>",
                        f"{x:.1f}",
                        y + 3,
                        f"{w:.1f}",
                        ROW_H - 6,
                        s.colour,
                        s.name,
                        figure(_n(value)),
                    )
                )
            x += w
        note = notes[i] if i < len(notes) else _n(sum(row))
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="12">{}</text>{}'
                '<text x="{}" y="{}" font-size="12">{}</text>',
                LABEL_W - 6,
                y + ROW_H - 7,
                _label(label, LABEL_CHARS),
                SafeString("".join(bars)),
                f"{x + 4:.1f}",
                y + ROW_H - 7,
                figure(note),
            )
        )
    legend = ""
    if len(series) > 1:
        y = PAD + len(labels) * ROW_H + 4
        legend = format_html_join(
            "",
            '<rect x="{}" y="{}" width="10" height="10" fill="{}"></rect>'
            '<text x="{}" y="{}" font-size="11">{}</text>',
            (
                (
                    x,
                    y + 16 * (i // LEGEND_PER_ROW),
                    s.colour,
                    x + 14,
                    y + 16 * (i // LEGEND_PER_ROW) + 9,
                    _label(s.name, LEGEND_CHARS),
                )
                for i, s in enumerate(series)
                for x in [LABEL_W + (i % LEGEND_PER_ROW) * 130]
            ),
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {} {}" '
        'width="100%" preserveAspectRatio="xMinYMin meet" aria-label="{}"><title>{}</title>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#999"></line>{}{}</svg>',
        width, height, title, title, LABEL_W, PAD, LABEL_W, PAD + ROW_H * len(labels),
        SafeString("".join(parts)), legend,
    )  # fmt: skip


def clip(text: str, limit: int) -> str:
    """``text`` if it has at most ``limit`` characters; else its words that fit, and "…". A
    single word too long is cut, but never between a letter and the marks written with it (a
    Bengali or Devanagari vowel sign, a virama): "সময়সীমা পেরিয়ে গেছে" in 18 is "সময়সীমা
    পেরিয়ে…", not "সময়সীমা পেরিয়ে গ"."""
    if len(text) <= limit:
        return text
    if limit < 2:
        return text[: max(limit, 0)]
    cut = text[: limit - 1]
    spaces = [i for i, ch in enumerate(cut) if ch.isspace()]
    if cut[-1].isspace() or text[len(cut)].isspace():
        pass  # it falls between two words
    elif spaces and cut[: spaces[-1]].strip():
        cut = cut[: spaces[-1]]  # the last word that fits whole
    else:
        while cut and _joined(cut[-1], text[len(cut)]):
            cut = cut[:-1]  # a letter goes with its marks, a virama with the letter after it
    return cut.rstrip().rstrip(",;:/–-").rstrip() + "…"


def _joined(last: str, following: str) -> bool:
    """Whether ``last`` and ``following`` are written as one: a mark (a vowel sign, a nukta)
    after a letter, or a virama (Bengali, Devanagari) joining two consonants."""
    return unicodedata.category(following)[0] == "M" or "VIRAMA" in unicodedata.name(last, "")


def _label(text: str, limit: int) -> SafeString:
    """A label clipped to fit, with the whole of it as its tooltip when clipped."""
    short = clip(text, limit)
    if short == text:
        return format_html("{}", text)
    return format_html("<title>{}</title>{}", text, short)


def _n(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
