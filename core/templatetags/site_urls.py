from django import template
from django.core.exceptions import DisallowedHost

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """``path`` on this site as an absolute URL (Open Graph tags, canonical links).

    The 400 page for an unknown ``Host`` header renders this too, and there asking for the host raises again;
    it then gets the bare path, as no host can be trusted.
    """
    request = context.get("request")
    if request is None:
        return path
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:
        return path
