"""Serves MEDIA_ROOT for single-machine deployments (DEBUG off, no object storage).

What a video player needs from a file server: byte ranges (206 partial content, for seeking), validators
(ETag, Last-Modified; 304 and 412 as Django's ``get_conditional_response`` decides), long cache lifetimes for
files that never change, the right content types, and nothing outside MEDIA_ROOT. Hidden files (names starting
with a dot, e.g. renditions being written) are never served. ``X-Content-Type-Options: nosniff`` comes from
SecurityMiddleware, like on every other answer.

Only the content types of ``CONTENT_TYPES`` are served (HLS playlists, MPEG-TS and fMP4 segments, JPEG, PNG,
WebP, WebVTT), always with ``X-Content-Type-Options: nosniff``: any other file answers 404, so an uploaded page,
script or SVG can never run from the site's origin. ``audience(user, path)``, given by the URL configuration
(courses.media_access), decides who may read a file: ``"public"`` (long shared cache lifetimes), ``"private"``
(this user only, never stored by a cache) or None (404).

With ``MEDIA_X_ACCEL`` on (behind deploy/nginx.conf), the view still decides whether a file is served, and then
hands the sending to nginx: an empty answer with ``X-Accel-Redirect`` naming the file under nginx's internal
location, which answers ranges and validators itself.
"""

import os
import re
from email.utils import formatdate
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

CONTENT_TYPES = {
    ".m3u8": "application/vnd.apple.mpegurl",
    ".ts": "video/mp2t",
    ".m4s": "video/iso.segment",
    ".mp4": "video/mp4",  # fMP4 initialization segments
    ".vtt": "text/vtt; charset=utf-8",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"
DEFAULT_CACHE = "public, max-age=3600"
PRIVATE_CACHE = "private, no-store"
PUBLIC = "public"
# Offsets of more than 30 digits are past any file; such a range is ignored (RFC 9110 lets a server ignore Range),
# and Python would refuse to parse more than 4,300 digits.
RANGE = re.compile(r"^bytes=([0-9]{0,30})-([0-9]{0,30})$")
CHUNK = 64 * 1024


def _media_file(path):
    try:
        # The storage's own path check: a name that leaves MEDIA_ROOT is a SuspiciousFileOperation.
        full = Path(FileSystemStorage(location=settings.MEDIA_ROOT).path(path))
    except (SuspiciousFileOperation, ValueError):
        raise Http404 from None
    if any(part.startswith(".") for part in Path(path).parts) or not _is_file(full):
        raise Http404
    return full


def _is_file(full):
    """Whether ``full`` is a regular file; a name the file system refuses (too long) is simply not one."""
    try:
        return full.is_file()
    except OSError:
        return False


def _byte_range(header, size):
    """(start, end inclusive) for a single satisfiable range, None for no/unsupported range, or "unsatisfiable"."""
    found = RANGE.match(header.strip()) if header else None
    if not found or found[1] == found[2] == "":
        return None
    if found[1] == "":
        length = int(found[2])
        if length == 0:
            return "unsatisfiable"
        return max(0, size - length), size - 1
    start = int(found[1])
    end = min(int(found[2]), size - 1) if found[2] else size - 1
    if start >= size or end < start:
        return "unsatisfiable"
    return start, end


def _read_range(full, start, end):
    with full.open("rb") as file:
        file.seek(start)
        remaining = end - start + 1
        while remaining > 0:
            chunk = file.read(min(CHUNK, remaining))
            if not chunk:
                return
            remaining -= len(chunk)
            yield chunk


def _file_response(request, full, size, etag, content_type):
    """The whole file, the byte range asked for (206), or 416 for a range outside it. A range that comes with an
    ``If-Range`` naming another version is answered with the whole file."""
    if_range = request.headers.get("If-Range")
    wanted = _byte_range(request.headers.get("Range"), size) if if_range in (None, etag) else None
    if wanted == "unsatisfiable":
        response = HttpResponse(status=416, content_type=content_type)
        response["Content-Range"] = f"bytes */{size}"
        return response
    if wanted is None:
        return FileResponse(full.open("rb"), content_type=content_type)
    start, end = wanted
    body = b"" if request.method == "HEAD" else _read_range(full, start, end)
    response = StreamingHttpResponse(body, status=206, content_type=content_type)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(end - start + 1)
    return response


def _accel_response(full, content_type, cache_control):
    """No body: nginx sends the file from its internal location, with its own ETag, Last-Modified and ranges, and
    keeps this answer's Content-Type and Cache-Control."""
    relative = full.relative_to(os.path.abspath(settings.MEDIA_ROOT)).as_posix()
    response = HttpResponse(content_type=content_type)
    response["X-Accel-Redirect"] = settings.MEDIA_X_ACCEL_PREFIX + quote(relative)
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _everyone(user, path):
    return PUBLIC


def media_cache_control(audience, path):
    """Private media: no cache keeps them. Public ones: a year for names never reused, else an hour."""
    if audience != PUBLIC:
        return PRIVATE_CACHE
    return IMMUTABLE_CACHE if re.search(settings.MEDIA_IMMUTABLE_PATHS, path) else DEFAULT_CACHE


@require_safe
def serve_media(request, path, audience=_everyone):
    content_type = CONTENT_TYPES.get(Path(path).suffix.lower())
    if content_type is None:
        raise Http404
    full = _media_file(path)
    who = audience(request.user, path)
    if who is None:
        raise Http404
    cache_control = media_cache_control(who, path)
    if settings.MEDIA_X_ACCEL:
        return _accel_response(full, content_type, cache_control)
    stat = full.stat()
    size, mtime = stat.st_size, stat.st_mtime
    etag = f'"{stat.st_mtime_ns:x}-{size:x}"'
    headers = {
        "ETag": etag,
        "Last-Modified": formatdate(mtime, usegmt=True),
        "Accept-Ranges": "bytes",
        "Cache-Control": cache_control,
        "X-Content-Type-Options": "nosniff",
    }
    response = get_conditional_response(request, etag=etag, last_modified=int(mtime))  # a 304, a 412 or None
    if response is not None and response.status_code == 412:
        return response  # a failed If-Match or If-Unmodified-Since: nothing a cache should keep for a year
    if response is None:
        response = _file_response(request, full, size, etag, content_type)
    for name, value in headers.items():
        response[name] = value
    return response


def media(request, path, audience=_everyone, links=None):
    """``/media/<path>``: a file of MEDIA_ROOT (``serve_media``) or, with a bucket (SERVE_MEDIA off), one of the
    private bucket (core.object_media), after the same checks. ``links``: see ``serve_object_media``."""
    if settings.SERVE_MEDIA:
        return serve_media(request, path, audience)
    from core.object_media import serve_object_media  # it builds on this module's content types

    return serve_object_media(request, path, audience, links)
