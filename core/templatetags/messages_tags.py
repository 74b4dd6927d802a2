"""Messages shown where they belong: one tagged with a place (``extra_tags="rating"``) appears at that place on
the page, next to the form it confirms, instead of in the banner at the top."""

from django import template

register = template.Library()


@register.filter
def placed(messages, place=""):
    """The messages for ``place``; without a place, the ones that have none (the page's banner)."""
    return [message for message in messages if (message.extra_tags or "") == place]
