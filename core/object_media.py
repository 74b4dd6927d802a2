"""Serves ``/media/<path>`` when media live in a private bucket (core.storage.CheckedS3Storage).

The view makes the same checks as for MEDIA_ROOT (core.media.serve_media): only the allowlisted content types,
no hidden file, and ``audience(user, path)`` decides who may read it (``"public"``, ``"private"`` or None: 404).
Then it never streams video bytes itself:

- Binary files (segments, posters, sprites) answer a 302 to the bucket: a presigned URL valid for
  MEDIA_PRIVATE_URL_SECONDS for private media; for public media the CDN's URL when one is configured
  (``STORAGES["media_cdn"]``), else a presigned URL valid for MEDIA_PUBLIC_URL_SECONDS.
- Text files (HLS playlists, WebVTT) are read from the bucket and answered by the app, so a ``<track>`` stays
  same-origin. In the files that ``links`` matches (the playlists and thumbnails tracks of a lesson's processing
  run), each reference to a file of the same folder or below becomes a signed URL (playlists keep going through
  the app, so a variant playlist is checked too). A playlist names its segments by relative URL, and a relative
  URL cannot carry a signature of its own: so the app signs them when it answers the playlist.

Signed URLs in an answer stay valid for the base lifetime plus the media's duration (the playlist's EXTINF sum, a
track's last cue), so a player that starts at once can play to the end; the answer itself is cached for at most
half the base lifetime, and never by a shared cache when the media are private.
"""

import math
import posixpath
import re
from functools import cache

from django.conf import settings
from django.core.files.storage import default_storage, storages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_safe

from core.media import CONTENT_TYPES, PUBLIC, media_cache_control

TEXT_FILES = (".m3u8", ".vtt")
SIGV4_MAX_SECONDS = 7 * 24 * 60 * 60  # the longest a presigned URL may be valid
URI_ATTRIBUTE = re.compile(r'URI="([^"]*)"')
EXTINF = re.compile(r"^#EXTINF:([0-9.]+)", re.MULTILINE)
CUE_END = re.compile(r"-->\s*(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


class _Signer:
    """Turns storage names into the URLs an answer hands out, for one audience."""

    def __init__(self, audience, extra_seconds=0):
        self.public = audience == PUBLIC
        base = settings.MEDIA_PUBLIC_URL_SECONDS if self.public else settings.MEDIA_PRIVATE_URL_SECONDS
        self.expire = min(math.ceil(base + extra_seconds), SIGV4_MAX_SECONDS)
        self.cdn = storages["media_cdn"] if self.public and "media_cdn" in settings.STORAGES else None
        self.urls = {}

    @property
    def expires(self):
        """Whether the URLs handed out stop working (presigned ones), so caches must not outlive them."""
        return self.cdn is None

    def url(self, name):
        if name not in self.urls:
            if self.cdn is not None:
                self.urls[name] = self.cdn.url(name)
            else:
                # Private media: no shared cache between the learner and the bucket keeps a copy.
                parameters = None if self.public else {"ResponseCacheControl": f"private, max-age={self.expire}"}
                self.urls[name] = default_storage.signed_url(name, expire=self.expire, parameters=parameters)
        return self.urls[name]


def _cache_control(audience, path, *, expires):
    """As for MEDIA_ROOT's files, except that a public answer naming URLs that expire is kept only while they
    work."""
    if audience == PUBLIC and expires:
        return f"public, max-age={min(3600, settings.MEDIA_PUBLIC_URL_SECONDS // 2)}"
    return media_cache_control(audience, path)


def _duration(text):
    """Seconds of media a playlist (its EXTINF sum) or a WebVTT track (its last cue's end) covers."""
    total = sum(float(value) for value in EXTINF.findall(text))
    for hours, minutes, seconds in CUE_END.findall(text):
        total = max(total, int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds))
    return total


def _inside(folder, reference):
    """The storage name ``reference`` (relative to ``folder``) points at, when it is in that folder or below."""
    if not reference or reference.startswith("/") or SCHEME.match(reference):
        return None
    name = posixpath.normpath(posixpath.join(folder, reference.split("?", 1)[0]))
    return name if name.startswith(folder + "/") else None


def _link(folder, reference, signer):
    """What ``reference`` becomes in the answer: the app's route for a playlist, a signed URL for anything else
    inside the folder, else itself (a relative URL is then resolved against the app's route and checked there)."""
    path, hash_, fragment = reference.partition("#")
    name = _inside(folder, path)
    if name is None:
        return reference
    url = default_storage.url(name) if name.endswith(".m3u8") else signer.url(name)
    return url + hash_ + fragment


def _rewrite_playlist(text, folder, signer):
    lines = []
    for line in text.splitlines():
        if line.startswith("#"):
            line = URI_ATTRIBUTE.sub(lambda found: f'URI="{_link(folder, found[1], signer)}"', line)
        elif line.strip():
            line = _link(folder, line.strip(), signer)
        lines.append(line)
    return "\n".join(lines) + "\n"


def _rewrite_track(text, folder, signer):
    """A WebVTT thumbnails track: cue payloads naming an image (``sprite.jpg#xywh=x,y,w,h``)."""
    lines = []
    for line in text.splitlines():
        if "#xywh=" in line and " " not in line.strip():
            line = _link(folder, line.strip(), signer)
        lines.append(line)
    return "\n".join(lines) + "\n"


@cache
def _linking(pattern):
    return re.compile(pattern)


def _text_response(path, audience, links):
    try:
        with default_storage.open(path, "rb") as file:
            text = file.read().decode("utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        raise Http404 from None
    signer = None
    if links is not None and _linking(links).search(path):
        signer = _Signer(audience, extra_seconds=_duration(text))
        folder = posixpath.dirname(path)
        rewrite = _rewrite_playlist if path.endswith(".m3u8") else _rewrite_track
        text = rewrite(text, folder, signer)
    response = HttpResponse(text, content_type=CONTENT_TYPES[posixpath.splitext(path)[1].lower()])
    response["Cache-Control"] = _cache_control(audience, path, expires=signer is not None and signer.expires)
    return response


@require_safe
def serve_object_media(request, path, audience, links=None):
    """``links``: a regular expression of the paths whose references to other files are rewritten."""
    suffix = posixpath.splitext(path)[1].lower()
    if suffix not in CONTENT_TYPES or any(part.startswith(".") for part in path.split("/")):
        raise Http404
    if posixpath.normpath(path) != path:
        raise Http404
    who = audience(request.user, path)
    if who is None:
        raise Http404
    if suffix in TEXT_FILES:
        response = _text_response(path, who, links)
    else:
        signer = _Signer(who)
        response = HttpResponseRedirect(signer.url(path))
        response["Cache-Control"] = _cache_control(who, path, expires=signer.expires)
    response["X-Content-Type-Options"] = "nosniff"
    return response
