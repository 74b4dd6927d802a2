"""What analytics contributes to pages other apps own: the learner's week on /me/ (one query)."""

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from analytics import charts, selectors

register = template.Library()


@register.inclusion_tag("analytics/includes/learner_week.html")
def learner_week(user):
    week = selectors.learner_week(user=user)
    summary = ngettext(
        "%(minutes)d minute watched in the last 7 days.",
        "%(minutes)d minutes watched in the last 7 days.",
        week.minutes_this_week,
    ) % {"minutes": week.minutes_this_week}
    return {
        "week": week,
        "summary": summary,
        "chart": charts.column_chart(
            [(date_format(day["day"], "D j"), day["minutes_watched"]) for day in week.days],
            title=_("Minutes watched per day"),
            summary=summary,
            every_label=True,
        ),
    }
