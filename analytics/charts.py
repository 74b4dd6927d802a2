"""Charts drawn on the server as SVG: no script, nothing inline the CSP would refuse (colours come from classes in
static/css/analytics.css), each with a <title> and a <desc> that screen readers announce."""

from itertools import count

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH = 640
HEIGHT = 220
LEFT = 44
BOTTOM = 28
TOP = 12
ROW = 26
LABEL_CHARS = 60
BAR_WIDTH = 480
BAR_LABEL = 18
BAR = 16
BAR_GAP = 8

_ids = count(1)


def _number(value):
    if value is None:
        return "–"
    return number_format(round(value, 1) if isinstance(value, float) else value, force_grouping=True)


def _frame(width, height, title, summary, body, kind="columns"):
    ident = f"chart-{next(_ids)}"
    return format_html(
        '<svg class="chart chart--{}" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
        'preserveAspectRatio="xMinYMin meet"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        kind,
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


def _anchor(index, count, every_label):
    if every_label or count < 2:
        return "middle"
    return "start" if index == 0 else "end" if index == count - 1 else "middle"


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
        '<text class="chart__label" x="{}" y="{}" text-anchor="{}">{}</text>',
        (
            (f"{LEFT + index * step + step / 2:.1f}", height - 8, _anchor(index, len(points), every_label), label)
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


def bar_chart(items, *, title, summary, series=1, maximum=None, percent=False, legend=()):
    """Horizontal bars, one row per item, its label above it (readable on a phone): ``items`` is a list of
    ``(label, value)``, or ``(label, [values])`` with ``series`` values drawn one under the other (e.g. started
    and completed, named by ``legend``)."""
    rows = [(label, values if isinstance(values, (list, tuple)) else [values]) for label, values in items]
    top = maximum or max((value or 0 for _label, values in rows for value in values), default=0) or 1
    band = BAR_LABEL + BAR * series + BAR_GAP
    plot_width = BAR_WIDTH - 64
    parts = []
    y = 0
    if legend:
        for position, name in enumerate(legend):
            x = position * 150
            parts.append(
                format_html(
                    '<rect class="chart__bar chart__bar--{}" x="{}" y="2" width="12" height="12"></rect>'
                    '<text class="chart__label" x="{}" y="13">{}</text>',
                    position + 1,
                    x,
                    x + 18,
                    name,
                )
            )
        y = 24
    if not rows:
        parts.append(
            format_html('<text class="chart__label" x="0" y="{}">{}</text>', y + 16, _("Nothing in this period."))
        )
    for label, values in rows:
        parts.append(
            format_html('<text class="chart__label" x="0" y="{}">{}</text>', f"{y + BAR_LABEL - 5:.1f}", _short(label))
        )
        for position, value in enumerate(values):
            value = value or 0
            length = max(value / top * plot_width, 0)
            shown = f"{value * 100:.0f} %" if percent else _number(value)
            bar_y = y + BAR_LABEL + position * BAR
            parts.append(
                format_html(
                    '<rect class="chart__bar chart__bar--{}" x="0" y="{}" width="{}" height="{}">'
                    "<title>{}: {}</title></rect>"
                    '<text class="chart__value" x="{}" y="{}">{}</text>',
                    position + 1,
                    f"{bar_y:.1f}",
                    f"{length:.1f}",
                    BAR - 3,
                    label,
                    shown,
                    f"{length + 6:.1f}",
                    f"{bar_y + BAR - 6:.1f}",
                    shown,
                )
            )
        y += band
    return _frame(BAR_WIDTH, max(y, 24), title, summary, mark_safe("".join(parts)), kind="bars")
