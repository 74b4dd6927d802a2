"""Pages of signed-in learners in two parts: a shared page, rendered once for every learner and cached like the
anonymous pages, and each learner's own parts, rendered from their facts and cached until they write again.

**Why.** Almost all of a course or lesson page is the same for every learner; only a few facts are theirs: the
lessons they completed, where they stopped, their rating, notes and votes, the name and bell in the header.
Rendering the whole page for each request cost tens of milliseconds and a dozen queries. Here a repeated view
costs one ``get_many`` and no query; after a write of the learner's, only their parts render again.

**Marking what is personal.** Templates and template tags mark the personal parts of a page:

- ``{% personal "template.html" name=value %}`` renders that template with only the given values, the page's
  learner facts (``learner``) and what the context processors give (``user``, ``request``, ``csrf_token``).
- ``{% personal_flag item in learner.collection as name %}...{% endpersonal_flag %}`` wraps a shared piece that
  holds one personal bit: ``name`` tells whether ``item`` is in that collection of the learner's facts (a
  completed lesson's tick).
- Template tags of other apps call ``part`` and ``flag`` with a function of their own (the notes beside the
  player, the save button, the discussion's votes).

A view names the learner facts of its page with ``facts(request, loader, **kwargs)``: one selector, called once
for the page. Rendered normally (anonymous visitors, staff, a page with a message to show), every part renders
in place, so a page shows the same either way.

**The shared page.** A view decorated with ``learner_page`` renders once for *any* plain learner (signed in, not
staff): ``request.user`` is then ``AnyLearner``, who is signed in but nobody in particular (reading their data
fails loudly), the CSRF token is a placeholder, the learner facts are not loaded, and each personal part is left
as a marker. That page is cached like the anonymous ones (``core.public_cache``: the keys its selectors name,
compare-and-store, the next scheduled publication), under its address and language.

**The learner's parts** render from the functions the markers name and are cached per learner and page, stamped
with the learner's generation and the shared page's generations, both as read *before* they rendered; a write
of the learner's moves their generation once it commits (``learner_changed``; ``watch`` does it for the models
that hold what learners do). The CSRF token is put in for each request, so a cached part never carries one.
Anything the parts' own selectors name (``public_cache.depends_on``) is stamped as in ``core.public_cache``.

A part must never sit inside a ``{% cache %}`` fragment: the fragment would keep this render's markers.
"""

import hashlib
import logging
import math
import re
import time
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import cached_property, wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import Variable
from django.template.loader import get_template
from django.template.response import SimpleTemplateResponse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe

from core import counters, public_cache

logger = logging.getLogger(__name__)

FORMAT = 2  # part of the keys: a deploy that changes the classes below never reads the entries of the one before
LEARNER_GENERATION_PREFIX = "learner:g:"
# A value no page holds otherwise, put where the CSRF token goes (a hidden input, a data attribute) and replaced
# by the request's own token on the way out.
CSRF_PLACEHOLDER = mark_safe("learner-page-csrf-9d1f4c")
MARKER = re.compile(r"<!--personal:(\d+)-->")
CACHE_HEADER = "X-Learner-Page"

_shared_render = ContextVar("learner_page_shared_render", default=None)
_cached_render = ContextVar("learner_page_cached_render", default=False)  # CSRF token: the placeholder


def learner_generation_key(user_id):
    return f"{LEARNER_GENERATION_PREFIX}{user_id}"


def learner_changed(user_id):
    """Something this learner's pages show of them changed: their cached parts are stale from now on, and again
    once the transaction commits (the move that matters: ``public_cache.changed`` explains both)."""
    if user_id is None:
        return
    if counters.live_in_cache():
        _move(user_id)
    transaction.on_commit(lambda: _move(user_id))


def _move(user_id):
    try:
        counters.increment(learner_generation_key(user_id), timeout=None, start=time.time_ns())
    except counters.CounterUnavailable:
        pass  # the cache is away, so it serves nothing; its backend logs the outage once per interval
    except Exception:
        logger.exception("Could not move learner %s's generation on; their pages may be stale.", user_id)


def watch(model, learner="user"):
    """Every save or delete of ``model``'s rows is a write of the learner its field ``learner`` points to (the
    admin, the API, services and the shell alike). Bulk ``update`` sends no signal: its callers call
    ``learner_changed`` themselves."""
    attname = model._meta.get_field(learner).attname

    def moved(sender, instance, **kwargs):
        learner_changed(getattr(instance, attname))

    post_save.connect(moved, sender=model, weak=False, dispatch_uid=f"learner_pages_save_{model._meta.label}")
    post_delete.connect(moved, sender=model, weak=False, dispatch_uid=f"learner_pages_delete_{model._meta.label}")


class AnyLearner:
    """``request.user`` while the shared page renders: signed in, not staff, and nobody in particular, so a shared
    part can never show one learner's data to another. Code that asks for anything else (an id, a name, a
    query with it) fails; a template reads it as empty, so a part left unmarked shows no learner's data, and the
    tests that compare a cached page with the page rendered whole find it."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    is_staff_member = False
    is_teacher_account = False
    pk = id = None

    def __getattr__(self, name):
        raise AttributeError(f"The shared page of signed-in learners asked for the learner's {name!r}.")

    def __str__(self):
        return "any learner"


ANY_LEARNER = AnyLearner()


class NotLoaded:
    """The learner facts while the shared page renders: using them there is a mistake (code fails; a template
    reads them as empty, as with ``AnyLearner``)."""

    def __getattr__(self, name):
        raise AttributeError(f"The shared page read the learner fact {name!r}; mark that part personal.")


@dataclass(frozen=True)
class Call:
    """A function named by its import path, with keyword arguments of plain values (they are cached with the page)."""

    function: str
    kwargs: tuple  # sorted (name, value) pairs

    @classmethod
    def of(cls, function, kwargs):
        return cls(f"{function.__module__}.{function.__qualname__}", tuple(sorted(kwargs.items())))

    def __call__(self, *args):
        return import_string(self.function)(*args, **dict(self.kwargs))


@dataclass(frozen=True)
class Part:
    """A personal part: ``call(fill)`` renders it for the learner being served."""

    call: Call


@dataclass(frozen=True)
class Flag:
    """A shared piece in two versions, chosen by whether ``item`` is in the collection ``call(fill)`` answers."""

    item: object
    call: Call
    on: str
    off: str


class Fill:
    """What one learner's parts of one page render from: the request, and each function's answer, asked once."""

    def __init__(self, request, facts=None):
        self.request = request
        self.facts_call = facts
        self.answers = {}

    @cached_property
    def facts(self):
        """The page's learner facts, loaded on first use (a view that loads them itself sets them)."""
        return self.facts_call(self.request.user) if self.facts_call else None

    def answer(self, call):
        if call not in self.answers:
            self.answers[call] = call(self)
        return self.answers[call]

    def render(self, template_name, values):
        """``template_name`` rendered with ``values``, the learner facts and the context processors' values."""
        values = {**values, "learner": SimpleLazyObject(lambda: self.facts)}
        return get_template(template_name).render(values, self.request)


def _fill_in_place(request):
    """The fill of a page rendered normally: one per request, which the view's ``facts`` call feeds."""
    return request.__dict__.setdefault("learner_page_fill", Fill(request))


def facts(request, loader, **kwargs):
    """The learner facts of this page: ``loader(user, **kwargs)``, a selector of a fixed number of queries. While
    the shared page renders they are not loaded (``NotLoaded``): the learner's parts load them when they render."""
    shared = _shared_render.get()
    if shared is not None:
        shared.facts = Call.of(loader, kwargs)
        return NotLoaded()
    fill = _fill_in_place(request)
    fill.facts = loader(request.user, **kwargs)
    return fill.facts


def part(request, function, **kwargs):
    """A personal part of the page: ``function(fill, **kwargs)`` renders it, now or for each learner."""
    shared = _shared_render.get()
    call = Call.of(function, kwargs)
    if shared is not None:
        return shared.add(Part(call))
    return mark_safe(call(_fill_in_place(request)))


def flag(request, item, collection, render, **kwargs):
    """A shared piece with one personal bit: ``render(on)``, ``on`` telling whether ``item`` is in
    ``collection(fill, **kwargs)``. While the shared page renders, both versions render and the learner's
    parts choose."""
    shared = _shared_render.get()
    call = Call.of(collection, kwargs)
    if shared is not None:
        return shared.add(Flag(item, call, render(True), render(False)))
    return render(item in _fill_in_place(request).answer(call))


def render_template(fill, *, template_name, values):
    """The ``{% personal %}`` tag's parts."""
    return fill.render(template_name, values)


def learner_collection(fill, *, path):
    """The ``{% personal_flag %}`` tag's collections: ``path`` (``learner.completed_lesson_ids``) in the facts."""
    return Variable(path).resolve({"learner": fill.facts}) or ()


def learner_fact_holds(fill, *, path):
    """The ``{% personal_flag learner.fact as name %}`` form: ``{True}`` when the fact holds anything."""
    return {True} if learner_collection(fill, path=path) else set()


class SharedRender:
    """Collects a shared page's personal parts while it renders, leaving a marker in the page for each."""

    def __init__(self):
        self.parts = []
        self.facts = None

    def add(self, personal):
        self.parts.append(personal)
        return mark_safe(f"<!--personal:{len(self.parts) - 1}-->")


@dataclass(frozen=True)
class SharedPage(public_cache.Stamp):
    """A page as every plain learner sees it, with a marker for each personal part. ``version`` is a digest of it:
    a learner's parts are kept for one version (they fill its markers by position), and two processes that
    render the same page give it the same version."""

    version: str
    status: int
    headers: tuple
    content: str
    parts: tuple
    facts: Call | None

    def own_parts(self, request):
        """The learner's parts: a string for each ``Part``, whether the item is in the collection for a ``Flag``.
        They are kept for later requests, so they hold the CSRF placeholder; parts and flags inside them (the
        save button on a progress card) share their fill."""
        fill = request.__dict__["learner_page_fill"] = Fill(request, self.facts)
        token = _cached_render.set(True)
        try:
            return tuple(
                personal.call(fill) if isinstance(personal, Part) else personal.item in fill.answer(personal.call)
                for personal in self.parts
            )
        finally:
            _cached_render.reset(token)

    def response(self, own, request, served):
        def fill_in(found):
            personal = own[int(found[1])]
            if isinstance(personal, bool):
                flagged = self.parts[int(found[1])]
                return flagged.on if personal else flagged.off
            return personal

        content = MARKER.sub(fill_in, self.content).replace(CSRF_PLACEHOLDER, get_token(request))
        response = HttpResponse(content, status=self.status, headers=dict(self.headers))
        response["Content-Length"] = str(len(response.content))
        response[CACHE_HEADER] = served
        return response


@dataclass(frozen=True)
class OwnParts(public_cache.Stamp):
    """One learner's parts of one version of a shared page."""

    version: str
    parts: tuple


def learner_page(view):
    """Serve plain learners (signed in, not staff) this view's page as a cached shared page and their own
    parts (the module docstring). Anyone else, and a learner with a message to see, get the view as it is."""

    @wraps(view)
    def page(request, *args, **kwargs):
        if not _is_plain_learner_read(request):
            return view(request, *args, **kwargs)
        return LearnerPage(request).answer(lambda: view(request, *args, **kwargs))

    return page


def _is_plain_learner_read(request):
    user = request.user
    return (
        settings.LEARNER_PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and user.is_authenticated
        and not user.is_staff
        and not messages.get_messages(request)  # the messages are shown once, in the shared part
    )


class LearnerPage:
    """Serving one request of a plain learner from the shared page and their own parts, cached or rendered now.

    Each process keeps copies of the shared pages it served (``LocalCopies``, as the anonymous cache does for its
    largest answers), so a hit reads only the generations and the learner's parts from the cache: tens of
    kilobytes less to fetch and unpickle per request. A copy is judged by the generations read for this very
    request, so it is exactly as fresh as the shared entry."""

    local_copies = public_cache.LocalCopies(32 * 1024 * 1024)
    # The generation keys the learners' parts of each page last depended on (the same for every learner, mostly),
    # read in the same round trip as the page's.
    own_hints = public_cache.DependencyHints(100_000)

    def __init__(self, request):
        self.request = request
        address = f"{translation.get_language()} {request.build_absolute_uri()}"
        self.shared_key = f"learner-page:{FORMAT}:{hashlib.sha256(address.encode()).hexdigest()}"
        self.own_key = f"{self.shared_key}:{request.user.pk}"
        self.learner_key = learner_generation_key(request.user.pk)

    def answer(self, render_view):
        try:
            shared, found = self._cached_shared()
        except Exception as error:  # the cache is down: render the page whole, as for anyone else
            logger.warning("The cache did not answer (%s); rendering %s whole.", error, self.request.path)
            return render_view()
        if shared is not None:
            own = found.get(self.own_key) if settings.LEARNER_PARTS_CACHE else None
            if own is not None and own.version == shared.version and self._fresh(own, found):
                self.own_hints.remember(self.shared_key, own.generation_keys)
                return shared.response(own.parts, self.request, "hit")
            return shared.response(self._own_parts(shared, found), self.request, "own")
        shared = self._render_shared(render_view, found.get(public_cache.GENERATION_KEY))
        if isinstance(shared, HttpResponse):
            return shared
        return shared.response(self._own_parts(shared, found), self.request, "miss")

    def _cached_shared(self):
        """The shared page if a fresh one is cached, and what was read with it in one round trip: the learner's
        parts, the learner's generation and the generations the page depends on, ``any`` last."""
        local_copy = self.local_copies.get(self.shared_key)
        depends = {*(local_copy.generation_keys if local_copy else ()), *self.own_hints.get(self.shared_key)}
        depends -= {self.learner_key, public_cache.GENERATION_KEY}
        keys = [self.own_key, self.learner_key, *depends, public_cache.GENERATION_KEY]
        found = self._read(keys if local_copy else [self.shared_key, *keys])
        shared = local_copy or found.get(self.shared_key)
        if shared is not None and local_copy is not None and not self._fresh(shared, found):
            shared = cache.get(self.shared_key)  # another process may have stored the new page already
        if shared is None or not self._fresh(shared, found):
            return None, found
        if shared is not local_copy:
            self.local_copies.keep(self.shared_key, shared)
        return shared, found

    def _fresh(self, entry, found):
        missing = [key for key in entry.generation_keys if key not in found]
        if missing:
            found.update(self._read(missing))
        return entry.is_fresh(found, time.time())

    @staticmethod
    def _read(keys):
        """``keys`` from the cache, None for those it does not hold (a generation never moved)."""
        return {**dict.fromkeys(keys), **public_cache.read_many(keys)}

    def _render_shared(self, render_view, written_before):
        """Renders the view as any learner. Answers the shared page, or the view's own response when it is not a
        page to share (a redirect, an error, no personal part), with this learner's token in it."""
        shared_render = SharedRender()
        token = _shared_render.set(shared_render)
        user, self.request.user = self.request.user, ANY_LEARNER
        try:
            with public_cache.collecting() as depends_on:
                response = render_view()
                if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
                    response.render()
        finally:
            self.request.user = user
            _shared_render.reset(token)
        if response.streaming or response.status_code != 200 or not shared_render.parts:
            if not response.streaming:
                token = get_token(self.request).encode()
                response.content = response.content.replace(CSRF_PLACEHOLDER.encode(), token)
            return response
        content, parts = response.content.decode(response.charset), tuple(shared_render.parts)
        shared = SharedPage(
            depends=(),
            ends_at=None,
            version=hashlib.sha256(f"{content}{parts!r}".encode()).hexdigest()[:16],
            status=response.status_code,
            headers=tuple((name, value) for name, value in response.items() if name != "Content-Length"),
            content=content,
            parts=parts,
            facts=shared_render.facts,
        )
        keys = depends_on if public_cache.is_scoped(self.request) and depends_on else {public_cache.ANY}
        stored = self._store(self.shared_key, shared, {*keys, public_cache.ALL}, written_before)
        if stored is not None:
            self.local_copies.keep(self.shared_key, stored)
        return shared

    def _own_parts(self, shared, found):
        """Renders the learner's parts and keeps them for this version of the shared page (which ends them when it
        changes), stamped with the learner's generation as read before they rendered, and with whatever their
        selectors named."""
        read_before = {self.learner_key: found.get(self.learner_key)}
        with public_cache.collecting() as depends_on:
            own = shared.own_parts(self.request)
        if not settings.LEARNER_PARTS_CACHE:
            return own
        kept = OwnParts(depends=(), ends_at=shared.ends_at, version=shared.version, parts=own)
        # A scoped page's parts name what they show; any other page's parts end with every write, as it does.
        keys = depends_on if public_cache.is_scoped(self.request) else {public_cache.ANY}
        written_before = found.get(public_cache.GENERATION_KEY)
        self._store(self.own_key, kept, {*keys, public_cache.ALL}, written_before, read_before)
        return own

    def _store(self, key, entry, depends_on, written_before, read_before=()):
        """Stores ``entry`` stamped (``public_cache.stamp``) and answers it, or None when it must not be kept."""
        try:
            stamp = public_cache.stamp(depends_on, written_before, read_before)
            if stamp is None:
                return None
            ends_at = min((moment for moment in (stamp.ends_at, entry.ends_at) if moment is not None), default=None)
            stamped = replace(entry, depends=stamp.depends, ends_at=ends_at)
            seconds = stamped.seconds(time.time())
            if seconds <= 0:
                return None
            cache.set(key, stamped, timeout=math.ceil(seconds))
            return stamped
        except Exception as error:
            logger.warning("Could not store a part of %s in the cache (%s).", self.request.path, error)
            return None


def shared_page_context(request):
    """Context processor: while a shared page or a learner's parts render for the cache, the CSRF token is the
    placeholder each answer replaces."""
    rendering_for_later = _shared_render.get() is not None or _cached_render.get()
    return {"csrf_token": CSRF_PLACEHOLDER} if rendering_for_later else {}
