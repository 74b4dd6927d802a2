import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from courses.search import HIGHLIGHT_END, HIGHLIGHT_START, highlight_substring

register = template.Library()

JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def duration(seconds):
    """Seconds as a learner reads them: "45 s", "12 min", "1 h 05 min"."""
    try:
        seconds = max(int(seconds or 0), 0)
    except (TypeError, ValueError):
        return ""
    if seconds < 60:
        return f"{seconds} s"
    hours, minutes = divmod(round(seconds / 60), 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min"


@register.filter
def json_ld(data):
    """Serialise ``data`` for a ``<script type="application/ld+json">`` block, escaped like ``json_script``."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES))


@register.filter
def percent_of(part, whole):
    try:
        return round(100 * int(part) / int(whole)) if int(whole) else 0
    except (TypeError, ValueError):
        return 0


@register.filter
def star_class(value):
    """The half-star step (0 to 50 by 5) CSS uses to fill a star rating."""
    try:
        return int(float(value or 0) * 2 + 0.5) * 5
    except (TypeError, ValueError):
        return 0


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters changed (None or "" drops one); "page" resets otherwise."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def timestamp(seconds):
    """A moment in a video as players show it: "0:07", "12:30", "1:02:03"."""
    try:
        seconds = max(int(float(seconds or 0)), 0)
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


@register.filter
def whole_seconds(seconds):
    try:
        return max(int(float(seconds or 0)), 0)
    except (TypeError, ValueError):
        return 0


@register.simple_tag
def moment_text(cue, search):
    """A matched cue's text, escaped, with the matched words in <mark>."""
    marked = cue.highlighted or highlight_substring(cue.text, search)
    escaped = conditional_escape(marked)
    return mark_safe(escaped.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_END, "</mark>"))
