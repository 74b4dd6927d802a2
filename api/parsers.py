"""JSON bodies with a depth limit: no real request nests deeper, and a deep one would exhaust the stack."""

from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers

MAX_JSON_DEPTH = 32


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise self._too_deep() from None
        if _depth_exceeds(data, MAX_JSON_DEPTH):
            raise self._too_deep()
        return data

    @staticmethod
    def _too_deep():
        return exceptions.ParseError(
            _("JSON parse error - nested more than %(depth)d levels deep.") % {"depth": MAX_JSON_DEPTH}
        )


def _depth_exceeds(data, limit):
    """Whether lists and objects nest more than ``limit`` levels, walked without recursion."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        pending.extend((child, depth + 1) for child in children)
    return False
