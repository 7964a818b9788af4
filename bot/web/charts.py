"""The figures as SVG charts, drawn on the server with pygal.

pygal is pure Python (no native library, no browser), writes plain SVG and is maintained; its
tooltips need JavaScript, so they are turned off (``js=[]``): every number is in the table
beside the chart anyway. Colours are dark enough on white for a 4.5:1 contrast.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

import pygal
from pygal.style import Style

from bot.framework.catalogue import Catalogue
from storage.repositories.figures import AnswerFigures, Figures

# pygal appends a legacy ``sys.meta_path`` finder for its world-map plugins (unused here) that
# makes every later import in the process warn (``find_spec`` missing): take it out again.
sys.meta_path[:] = [finder for finder in sys.meta_path if type(finder).__module__ != "pygal"]
# pygal always writes its tooltip configuration as a <script>: an image needs none.
_SCRIPT = re.compile(rb"<script\b.*?</script>", re.DOTALL)


def _svg(chart: pygal.graph.graph.Graph) -> bytes:
    return _SCRIPT.sub(b"", bytes(chart.render()))


STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1a1a1a",
    foreground_strong="#1a1a1a",
    foreground_subtle="#555555",
    colors=("#1f5f8b", "#a4452c", "#2d6a3e", "#6b4c9a"),
    font_family="system-ui, sans-serif",
    label_font_size=16,
    major_label_font_size=16,
    legend_font_size=17,
    title_font_size=18,
)


def _chart(kind: Callable[..., pygal.graph.graph.Graph], title: str) -> pygal.graph.graph.Graph:
    return kind(
        style=STYLE,
        js=[],
        title=title,
        width=720,
        height=360,
        explicit_size=False,
        show_legend=True,
        legend_box_size=14,
        legend_at_bottom=True,
        print_values=False,
        x_label_rotation=30,
        margin=16,
        include_x_axis=True,
        show_legend_title=False,
    )


def _whole_numbers(chart: pygal.graph.graph.Graph, values: list[int]) -> None:
    """Counts get whole-number gridlines (pygal would draw 0.2, 0.4… for small counts)."""
    top = max(values, default=0) or 1
    step = max(1, -(-top // 8))
    chart.y_labels = list(range(0, top + step, step))


def requests_per_month(figures: Figures, lang: Catalogue) -> bytes:
    chart = _chart(pygal.Bar, lang.text("web.figures.requests_title"))
    chart.x_labels = [month for month, _ in figures.requests_per_month]
    counts = [n for _, n in figures.requests_per_month]
    _whole_numbers(chart, counts)
    chart.add(lang.text("web.figures.requests"), counts)
    return _svg(chart)


def rates(rows: list[AnswerFigures], names: dict[str, str], lang: Catalogue) -> bytes:
    chart = _chart(pygal.Bar, lang.text("web.figures.rate"))
    chart.range = (0, 100)
    chart.x_labels = [names.get(row.key, row.key) for row in rows]
    chart.add(lang.text("web.figures.rate"), [round(row.rate * 100) for row in rows])
    return _svg(chart)


def waits(rows: list[AnswerFigures], names: dict[str, str], lang: Catalogue) -> bytes:
    chart = _chart(pygal.Bar, lang.text("web.figures.median"))
    chart.x_labels = [names.get(row.key, row.key) for row in rows]
    chart.add(lang.text("web.figures.median"), [row.median_hours for row in rows])
    return _svg(chart)


def content_over_time(figures: Figures, lang: Catalogue) -> bytes:
    chart = _chart(pygal.Bar, lang.text("web.figures.content_title"))
    chart.x_labels = [month for month, _, _ in figures.content_per_month]
    _whole_numbers(chart, [max(faq, f) for _, faq, f in figures.content_per_month])
    chart.add(lang.text("web.figures.faq"), [faq for _, faq, _ in figures.content_per_month])
    chart.add(lang.text("web.figures.fiches"), [f for _, _, f in figures.content_per_month])
    return _svg(chart)
