"""Surrogate keys for the public content, which keep anonymous reads served from the shared cache never stale.

**Keys.** What anonymous visitors see is named by keys, the way a CDN's surrogate keys work: ``course:12`` (a
course and everything shown about it: its lessons, teachers' names, reviews, paths, exam), ``teacher:3``,
``path:5``, ``category:2``, the list-level ``courses`` (which courses exist and what their cards show, but not
their averages), and two that every entry involves: ``any``, which every write moves, and ``all``, which only a
change of unknown scope moves (a template edited in development, rows written in SQL). Each key has a
*generation*, a counter in the cache.

**Writes.** Every write that changes public content names its keys (``changed``): the models in ``watch`` say
which keys a row touches (``keys_for``), ``SoftDeleteQuerySet.update`` asks the same of the updated rows. A
rating on course A moves ``any`` and ``course:A``, nothing else. Each change moves ``any`` *first*, then its own
keys; and it does so only after the write: at once when the statement has run (visible to the writer's own
transaction) and again once the transaction commits (``transaction.on_commit``), which is the move that matters.

**Reads.** ``core.middleware.PublicResponseCacheMiddleware`` serves and stores the answers. An entry records the
keys it depends on, with their generations, and is fresh while every one of them is unchanged (one
``get_many`` fetches the entry and its keys' generations). The keys are collected while the answer renders: the
selectors call ``depends_on`` for the objects they load. Only the views named in
``settings.PUBLIC_CACHE_SCOPED_VIEWS`` were audited to declare everything they show; any other answer depends on
``any``, which is what every entry depended on before keys existed. Every entry also depends on ``all``.

**Why a read that started before a commit is never stored as fresh.** A miss reads ``any`` (value a0) before it
renders, renders (reading rows at time r), then reads its keys' generations and ``any`` again in one
``get_many``, ``any`` last (value a1, at time s), and stores the entry only if a1 == a0, stamped with the
generations read at s. Take a write X that commits at time c, then moves ``any`` (time ta), then its keys (tk):
c < ta < tk. Suppose the read rendered the old rows, r < c, so a0 was read before ta too.
- If s > ta, then a1 != a0: the entry is not stored.
- If s < ta, the generations it is stamped with were read before tk: once X has moved its keys (before X's own
  request has answered), the entry is stale and is never served again.
So no entry rendered before a commit outlives the commit's invalidation; an entry stored with the new
generations was rendered after the commit. This is why ``any`` moves before the keys and is read after them (in
one ``get_many``: a single MGET on Redis, a single SELECT on the database table; local memory reads in the order
given). A generation that is missing (never moved, or evicted) reads None; a key created afresh starts at the
clock in nanoseconds, past any value it had, so an entry stamped with an older value or with None is stale.

**Replicas.** The argument needs the render to see every commit that happened before it started. A replica may
not have replayed it yet: the middleware asks ``core.db_routing.replica_is_behind`` on a miss, after reading
``any``, and renders from the primary when the replica has not replayed the primary's WAL position of that
moment.

Content that changes by itself, a course whose publication time arrives, is handled by the hook named in
``settings.PUBLIC_CACHE_NEXT_CHANGE``: an entry ends at the next such moment.
"""

import contextvars
import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_delete
from django.utils import translation
from django.utils.module_loading import import_string

from core import counters
from core.cache_backends import cache_answers_again

logger = logging.getLogger(__name__)

ANY = "any"
ALL = "all"
COURSES = "courses"
GENERATION_PREFIX = "public-content:g:"
GENERATION_KEY = GENERATION_PREFIX + ANY  # moved by every write: what an answer of no declared scope depends on
NEXT_CHANGE_KEY = "public-content:next-change"
_watched_models = {}
_collected = contextvars.ContextVar("public_cache_collected", default=None)


def generation_key(key):
    return GENERATION_PREFIX + key


def course_key(pk):
    return f"course:{pk}"


def lesson_key(pk):
    """What a lesson's page shows of its own beyond its course: its discussion."""
    return f"lesson:{pk}"


def teacher_key(pk):
    return f"teacher:{pk}"


def path_key(pk):
    return f"path:{pk}"


def category_key(pk):
    return f"category:{pk}"


def changed(*keys):
    """What these keys name changed: the answers that depend on them are stale from now on, and again once the
    current transaction commits. Call it after the write.

    The move at commit is the one that matters: a request that read the old rows before the commit may have
    stored them under the generations of the first move, which the second one ends. The first makes the change
    visible to whatever runs inside the writer's own transaction. It is skipped when the cache is a table in the
    database: written inside the writer's transaction, that row stayed locked until the commit, so concurrent
    writers (two ratings) deadlocked on it and a failed cache write aborted the transaction (500s).
    """
    keys = tuple(dict.fromkeys(keys or (ALL,)))
    if not isinstance(caches["default"], DatabaseCache):
        _move(keys)
    transaction.on_commit(lambda: _move(keys))


def public_content_changed():
    """A change whose scope is unknown: every cached answer is stale."""
    changed(ALL)


def _move(keys):
    try:
        for key in (ANY, *keys):  # ``any`` first: the module docstring says why
            _bump(generation_key(key))
    except counters.CounterUnavailable:
        pass  # the cache is away, so it serves nothing; its backend logs the outage once per interval
    except Exception:
        logger.exception("Could not move the public content generations on; cached pages may be stale.")


def _bump(key):
    """Adds one to a generation, atomically on every backend (``core.counters``: two writers never both move it
    to the same value, and on the database cache it does not end after the default 300 s). A missing one starts
    at the clock in nanoseconds, past any value it had before it was evicted."""
    return counters.increment(key, timeout=None, start=time.time_ns())


def _on_cache_answers_again(sender, **kwargs):
    _move([ALL])


cache_answers_again.connect(_on_cache_answers_again, dispatch_uid="public_cache_answers_again")


def read_many(keys):
    """Cached entries and generations, read together: in one ``get_many`` where the counters live in the cache
    (Redis, local memory); with the database cache, the generations are rows of ``core_counter``, read after the
    entries by one SELECT, so ``any`` is still read last."""
    if counters.live_in_cache():
        return cache.get_many(keys)
    generations = [key for key in keys if key.startswith(GENERATION_PREFIX)]
    found = cache.get_many([key for key in keys if not key.startswith(GENERATION_PREFIX)])
    found.update(counters.get_many(generations))
    return found


@dataclass(frozen=True)
class Stamp:
    """What keeps a cached entry fresh: the generations of the keys it depends on, as read for it, and the moment
    the content next changes by itself (None: none known)."""

    depends: tuple  # (generation key, generation) pairs
    ends_at: float | None

    @property
    def generation_keys(self):
        return tuple(key for key, _generation in self.depends)

    def is_fresh(self, generations, now):
        return all(generations.get(key) == generation for key, generation in self.depends) and (
            self.ends_at is None or now < self.ends_at
        )

    def seconds(self, now):
        """How long the entry may be kept: ``PUBLIC_CACHE_SECONDS``, or less when the content changes sooner."""
        longest = settings.PUBLIC_CACHE_SECONDS
        return longest if self.ends_at is None else min(longest, self.ends_at - now)


def stamp(keys, written_before, read_before=()):
    """The stamp of an entry that just rendered, depending on ``keys``, or None when it must not be stored: a
    write moved ``any`` since ``written_before`` was read (the module docstring says why that is enough), or
    the content changes by itself now.

    Keys' generations are read here, with ``any`` last, in one round trip. ``read_before`` holds (generation
    key, generation) pairs read *before* the entry rendered, for keys whose writes do not move ``any`` (a
    learner's own, ``core.learner_pages``): an entry stamped with a value read before it rendered is stale as
    soon as a write that it missed moves the key."""
    read_before = dict(read_before)
    generation_keys = sorted({generation_key(key) for key in keys} - read_before.keys())
    scoped = [key for key in generation_keys if key != GENERATION_KEY]
    found = read_many([*scoped, NEXT_CHANGE_KEY, GENERATION_KEY])
    written = found.get(GENERATION_KEY)
    if written != written_before:
        return None
    now = time.time()
    ends_at = _next_change(written, found.get(NEXT_CHANGE_KEY), now)
    if ends_at is not None and ends_at <= now:
        return None
    return Stamp(tuple((key, found.get(key)) for key in generation_keys) + tuple(read_before.items()), ends_at)


def _next_change(generation, known, now):
    """The moment the public content next changes by itself, asked of ``settings.PUBLIC_CACHE_NEXT_CHANGE`` once
    per generation (and again once that moment has passed): a miss costs no query of its own in the steady state."""
    if known is not None and known[0] == generation and (known[1] is None or now < known[1]):
        return known[1]
    moment = import_string(settings.PUBLIC_CACHE_NEXT_CHANGE)()
    ends_at = moment.timestamp() if moment else None
    cache.set(NEXT_CHANGE_KEY, (generation, ends_at), timeout=None)
    return ends_at


class DependencyHints:
    """The generation keys each cached answer depended on when this process last saw it, so that a hit fetches
    the entry and those generations in one round trip. A wrong or missing hint costs a second round trip, never
    a stale answer: freshness is always judged by the keys the entry itself records."""

    def __init__(self, max_items):
        self.max_items = max_items
        self.keys = {}

    def get(self, key):
        return self.keys.get(key, ())

    def remember(self, key, generation_keys):
        if self.keys.get(key) != generation_keys:
            if len(self.keys) >= self.max_items:
                self.keys.clear()
            self.keys[key] = generation_keys


class LocalCopies:
    """This process's copies of the largest cached answers, so that a hit on one of them fetches a few bytes from
    the cache instead of the whole body (the compat course list: 134 KB gzipped, 4 MB plain). A copy is served by
    the rule of the shared entry, against the generations read from the cache for this very request, so it is
    exactly as fresh. The oldest copies go first when they hold more than ``max_bytes``."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.entries = {}
        self.lock = threading.Lock()  # gthread workers serve several requests at once

    def get(self, key):
        return self.entries.get(key)

    def clear(self):
        with self.lock:
            self.entries.clear()

    def keep(self, key, entry):
        with self.lock:
            self.entries.pop(key, None)
            self.entries[key] = entry
            while sum(len(kept.content) for kept in self.entries.values()) > self.max_bytes:
                del self.entries[next(iter(self.entries))]


def is_scoped(request):
    """Whether the request's view was checked to show nothing its selectors' keys do not cover
    (``PUBLIC_CACHE_SCOPED_VIEWS``); any other answer depends on ``any``."""
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name in settings.PUBLIC_CACHE_SCOPED_VIEWS


def depends_on(*keys):
    """The answer being rendered shows what these keys name (see ``collecting``); outside a render, nothing."""
    collected = _collected.get()
    if collected is not None:
        collected.update(keys)


class collecting:
    """Collects the keys ``depends_on`` names while an answer renders: ``with collecting() as keys: ...``."""

    def __enter__(self):
        self.keys = set()
        self.token = _collected.set(self.keys)
        return self.keys

    def __exit__(self, *exc_info):
        _collected.reset(self.token)


def fragments(**vary_on):
    """Template context for ``{% cache fragments.seconds "name" fragments.key %}`` around the parts of a page
    that are the same for every visitor: signed-in learners then get them from the cache too, next to their
    own parts. ``course`` (a course id) scopes them to that course's key; otherwise they depend on ``any``.
    The generations are read here, before the parts render: call it before loading what they show."""
    course = vary_on.get("course")
    keys = [generation_key(ALL), generation_key(course_key(course) if course is not None else ANY)]
    found = read_many(keys)
    key = [found.get(key) for key in keys] + [translation.get_language(), *vary_on.values()]
    return {"seconds": settings.PUBLIC_CACHE_SECONDS, "key": key}


def fragments_kept_nowhere():
    """``fragments`` for a render whose parts must not be cached: they render every time."""
    return {"seconds": 0, "key": [None]}


def start_generation():
    """The generation of ``any``, made (at the clock in nanoseconds) if it does not exist yet."""
    return read_many([GENERATION_KEY]).get(GENERATION_KEY) or _bump(GENERATION_KEY)


def watch(*models, keys=None):
    """Any save or delete of these models (admin, API, services, shell), and any change to their many-to-many
    relations, is a change to public content. ``keys(instance, fields)`` names the answers that show the row,
    ``fields`` being the fields written when known (empty: any); with no ``keys``, every answer.
    ``QuerySet.update`` sends no signal: ``SoftDeleteQuerySet.update`` (the catalog's querysets) asks
    ``keys_for`` after the update; other code that writes rows in bulk calls ``changed`` or
    ``public_content_changed``."""
    for model in models:
        _watched_models[model] = keys
        post_save.connect(_on_save, sender=model, weak=False)
        pre_delete.connect(_before_delete, sender=model, weak=False)
        post_delete.connect(_on_delete, sender=model, weak=False)
        for field in model._meta.many_to_many:
            m2m_changed.connect(_on_relation_change, sender=field.remote_field.through, weak=False)


def watch_fields(model, *fields, keys=None):
    """A save of ``model`` is a change to public content only when one of ``fields`` holds another value than
    when the row was read, whoever saves it (a form that saves the whole row, a service, the admin, the shell).
    New rows are not: nothing public shows them before a watched row refers to them."""

    def remember(sender, instance, **kwargs):
        instance._public_field_values = _field_values(instance, fields)

    def compare(sender, instance, created, **kwargs):
        before, instance._public_field_values = instance._public_field_values, _field_values(instance, fields)
        if not created and before != instance._public_field_values:
            changed(*(keys(instance, fields) if keys else (ALL,)))

    post_init.connect(remember, sender=model, weak=False)
    post_save.connect(compare, sender=model, weak=False)


def _field_values(instance, fields):
    return [instance.__dict__.get(field) for field in fields]  # a deferred field reads None, never a query


def is_watched(model):
    return model in _watched_models


# Above this many rows, an update moves ``all`` rather than naming every row's keys.
MANY_ROWS = 500


def keys_for(model, rows, fields=()):
    """The keys a change to ``rows`` (instances of a watched model) of ``fields`` (empty: any field) touches."""
    keys_of = _watched_models.get(model)
    if keys_of is None or len(rows) > MANY_ROWS:
        return (ALL,)
    keys = []
    for row in rows:
        keys.extend(keys_of(row, fields))
    return tuple(keys) or (ALL,)


def _on_save(sender, instance, update_fields=None, **kwargs):
    changed(*keys_for(sender, [instance], tuple(update_fields or ())))


def _before_delete(sender, instance, **kwargs):
    """The keys are named before the row goes: a deletion cascades to the rows that name them (path
    memberships, a teacher's courses)."""
    instance._public_keys = keys_for(sender, [instance])


def _on_delete(sender, instance, **kwargs):
    changed(*getattr(instance, "_public_keys", (ALL,)))


def _on_relation_change(sender, instance, action, model, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    keys = list(keys_for(type(instance), [instance]))
    if pk_set and model in _watched_models:
        keys.extend(keys_for(model, list(model._default_manager.filter(pk__in=pk_set))))
    changed(*keys)
