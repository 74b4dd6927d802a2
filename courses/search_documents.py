"""The search expressions that migration 0002 indexes, kept apart from the models so the migration can import them.

The text search configuration ``spanish_unaccent`` is Spanish stemming behind the unaccent dictionary, so
"programacion" and "Programación" are the same word. ``platziflix_unaccent`` is an IMMUTABLE wrapper around
unaccent(), which PostgreSQL needs before it lets an index use it. Both are created by migration 0002.
"""

from django.contrib.postgres.search import SearchVector
from django.db.models import CharField, Func

SEARCH_CONFIG = "spanish_unaccent"


class ImmutableUnaccent(Func):
    function = "platziflix_unaccent"
    output_field = CharField()


def course_document():
    """The weighted search document of a course; migration 0002 builds a GIN index on this exact expression."""
    return (
        SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )


def course_heading_document():
    """Name and summary only: ranking on these stays cheap, as the long description is only used to match."""
    return SearchVector("name", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "summary", weight="B", config=SEARCH_CONFIG
    )


def name_document():
    """The search document of a lesson or teacher name, also indexed by migration 0002."""
    return SearchVector("name", config=SEARCH_CONFIG)


def cue_document():
    """The search document of a caption cue; migration 0005_caption_cue_search indexes this exact expression."""
    return SearchVector("text", config=SEARCH_CONFIG)
