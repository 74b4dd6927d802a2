"""Path converters of the project's own, registered when the core app is ready.

PostgreSQL refuses text holding a NUL character, and the driver raises instead of finding no row, so a path
parameter that reaches a lookup must never carry one. Django's ``slug`` cannot; its ``str`` (any text but
``/``) can. Use ``slug`` where the value is one, ``text`` where any other text is allowed, and ``str`` only for
a value that is parsed before it reaches the database (the original API's ids).
"""

from django.urls import register_converter


class TextConverter:
    """Any text without ``/`` or NUL: a path segment that may reach a database lookup as it is."""

    regex = "[^/\x00]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


def register():
    register_converter(TextConverter, "text")
