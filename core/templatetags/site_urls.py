from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import translate_url

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


@register.simple_tag(takes_context=True)
def translated_url(context, language=None):
    """This page's address in ``language``, the site's first one by default (``/en/courses/python/`` for
    ``/courses/python/``), query included. A path that is no page of the site (a 404) stays as it is."""
    request = context.get("request")
    if request is None:
        return "/"
    language = language or settings.LANGUAGE_CODE
    known = request.__dict__.setdefault("_translated_urls", {})  # the header names them twice, the head once
    if language not in known:
        known[language] = translate_url(request.get_full_path(), language)
    return known[language]
