"""Charts drawn on the server as SVG: no script, nothing inline the CSP would refuse (colours come from classes in
static/css/analytics.css), each with a <title> and a <desc> that screen readers announce."""

from itertools import count

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

WIDTH = 640
HEIGHT = 220
LEFT = 44
BOTTOM = 28
TOP = 12
ROW = 26
LABEL_WIDTH = 210
LABEL_CHARS = 30

_ids = count(1)


def _number(value):
    if value is None:
        return "–"
    return number_format(round(value, 1) if isinstance(value, float) else value, force_grouping=True)


def _frame(width, height, title, summary, body):
    ident = f"chart-{next(_ids)}"
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
        'preserveAspectRatio="xMinYMin meet"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        width,
        height,
        ident,
        ident,
        ident,
        title,
        ident,
        summary,
        body,
    )


def _short(label):
    label = str(label)
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def column_chart(points, *, title, summary, every_label=False, height=HEIGHT):
    """Vertical bars over time: ``points`` is a list of ``(label, value)``; a few labels are written under."""
    values = [value or 0 for _label, value in points]
    top = max(values, default=0) or 1
    plot_height = height - TOP - BOTTOM
    plot_width = WIDTH - LEFT - 8
    step = plot_width / max(len(points), 1)
    bar = max(step * 0.7, 1)
    bars = format_html_join(
        "",
        '<rect class="chart__bar" x="{}" y="{}" width="{}" height="{}"><title>{}: {}</title></rect>',
        (
            (
                f"{LEFT + index * step + (step - bar) / 2:.1f}",
                f"{TOP + plot_height - value / top * plot_height:.1f}",
                f"{bar:.1f}",
                f"{value / top * plot_height:.1f}",
                label,
                _number(value),
            )
            for index, ((label, _value), value) in enumerate(zip(points, values, strict=True))
        ),
    )
    shown = set(range(len(points))) if every_label else {0, len(points) - 1, (len(points) - 1) // 2}
    labels = format_html_join(
        "",
        '<text class="chart__label" x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (f"{LEFT + index * step + step / 2:.1f}", height - 8, label)
            for index, (label, _value) in enumerate(points)
            if index in shown
        ),
    )
    axis = format_html(
        '<line class="chart__axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
        '<line class="chart__grid" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
        '<text class="chart__label" x="{}" y="{}" text-anchor="end">{}</text>'
        '<text class="chart__label" x="{}" y="{}" text-anchor="end">0</text>',
        LEFT,
        TOP + plot_height,
        WIDTH - 8,
        TOP + plot_height,
        LEFT,
        TOP,
        WIDTH - 8,
        TOP,
        LEFT - 6,
        TOP + 4,
        _number(max(values, default=0)),
        LEFT - 6,
        TOP + plot_height + 4,
    )
    return _frame(WIDTH, height, title, summary, mark_safe(axis + bars + labels))


def bar_chart(items, *, title, summary, series=1, maximum=None, percent=False):
    """Horizontal bars, one row per item: ``items`` is a list of ``(label, value)``, or ``(label, [values])``
    with ``series`` values drawn side by side (e.g. started and completed)."""
    rows = [(label, values if isinstance(values, (list, tuple)) else [values]) for label, values in items]
    top = maximum or max((value or 0 for _label, values in rows for value in values), default=0) or 1
    band = ROW * series
    height = max(band * len(rows), ROW) + 4
    plot_width = WIDTH - LABEL_WIDTH - 70
    parts = []
    for index, (label, values) in enumerate(rows):
        y = 2 + index * band
        parts.append(
            format_html(
                '<text class="chart__label" x="{}" y="{}" text-anchor="end">{}</text>',
                LABEL_WIDTH - 8,
                f"{y + band / 2 + 4:.1f}",
                _short(label),
            )
        )
        for position, value in enumerate(values):
            value = value or 0
            length = max(value / top * plot_width, 0)
            shown = f"{value * 100:.0f} %" if percent else _number(value)
            parts.append(
                format_html(
                    '<rect class="chart__bar chart__bar--{}" x="{}" y="{}" width="{}" height="{}">'
                    "<title>{}: {}</title></rect>"
                    '<text class="chart__value" x="{}" y="{}">{}</text>',
                    position + 1,
                    LABEL_WIDTH,
                    f"{y + position * ROW + 3:.1f}",
                    f"{length:.1f}",
                    ROW - 6,
                    label,
                    shown,
                    f"{LABEL_WIDTH + length + 6:.1f}",
                    f"{y + position * ROW + ROW / 2 + 4:.1f}",
                    shown,
                )
            )
    return _frame(WIDTH, height, title, summary, mark_safe("".join(parts)))
