"""The generation of public content, which keeps anonymous reads served from the shared cache never stale.

Each entry is stamped with the *generation* of the public content it was rendered under: a number in the cache
that every write changing what anonymous visitors see moves on (``public_content_changed``, or a model named in
``watch``). A request compares the entry's stamp with the current generation, fetched in the same round trip,
so an edit made on any instance is seen by the next request on every instance, with no timeout to guess
(``core.middleware.PublicResponseCacheMiddleware`` serves and stores the entries).
Content that changes by itself, a course whose publication time arrives, is handled by the hook named in
``settings.PUBLIC_CACHE_NEXT_CHANGE``: an entry ends at the next such moment.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django.utils import translation

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-content:generation"
NEXT_CHANGE_KEY = "public-content:next-change"
_watched_models = set()


def public_content_changed():
    """Every cached anonymous answer is stale from now on, and again once the current transaction commits.

    The bump at commit is the one that matters: a request that read the old rows before the commit has stored
    them under the generation of the first bump, which the second one ends. The first makes the change visible
    to whatever runs inside the writer's own transaction. It is skipped when the cache is a table in the
    database: written inside the writer's transaction, that row stayed locked until the commit, so concurrent
    writers (two ratings) deadlocked on it and a failed cache write aborted the transaction (500s).
    """
    if not isinstance(caches["default"], DatabaseCache):
        _bump_generation()
    transaction.on_commit(_bump_generation)


def _bump_generation():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # never set, or evicted: start past every number an older generation can have had
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
    except Exception:
        logger.exception("Could not move the public content generation on; cached pages may be stale.")


def fragments(**vary_on):
    """Template context for ``{% cache fragments.seconds "name" fragments.key %}`` around the parts of a page
    that are the same for every visitor: signed-in learners then get them from the cache too, next to their
    own parts, and any change to public content (a new generation) renders them afresh."""
    generation = cache.get(GENERATION_KEY) or start_generation()
    key = [generation, translation.get_language(), *vary_on.values()]
    return {"seconds": settings.PUBLIC_CACHE_SECONDS, "key": key}


def start_generation():
    cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    return cache.get(GENERATION_KEY)


def watch(*models):
    """Any save or delete of these models (admin, API, services, shell), and any change to their many-to-many
    relations, is a change to public content. ``QuerySet.update`` sends no signal: ``SoftDeleteQuerySet.update`` (the
    catalog's querysets) asks ``is_watched``; other code that writes rows in bulk calls ``public_content_changed``."""
    for model in models:
        _watched_models.add(model)
        post_save.connect(_on_save_or_delete, sender=model, weak=False)
        post_delete.connect(_on_save_or_delete, sender=model, weak=False)
        for field in model._meta.many_to_many:
            m2m_changed.connect(_on_relation_change, sender=field.remote_field.through, weak=False)


def watch_fields(model, *fields):
    """A save of ``model`` is a change to public content only when one of ``fields`` holds another value than
    when the row was read, whoever saves it (a form that saves the whole row, a service, the admin, the shell).
    New rows are not: nothing public shows them before a watched row refers to them."""

    def remember(sender, instance, **kwargs):
        instance._public_field_values = _field_values(instance, fields)

    def compare(sender, instance, created, **kwargs):
        before, instance._public_field_values = instance._public_field_values, _field_values(instance, fields)
        if not created and before != instance._public_field_values:
            public_content_changed()

    post_init.connect(remember, sender=model, weak=False)
    post_save.connect(compare, sender=model, weak=False)


def _field_values(instance, fields):
    return [instance.__dict__.get(field) for field in fields]  # a deferred field reads None, never a query


def is_watched(model):
    return model in _watched_models


def _on_save_or_delete(sender, **kwargs):
    public_content_changed()


def _on_relation_change(sender, action, **kwargs):
    if action.startswith("post_"):
        public_content_changed()
