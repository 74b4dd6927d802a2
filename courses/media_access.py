"""Who may read a file of the media storage: the lesson media follow the lesson's publication.

- ``originals/`` (uploaded videos) are never served: learners get the HLS renditions.
- A lesson's renditions and poster (``lessons/<id>/video/<job>/``) and its captions (``captions/<random>.vtt``)
  are public while the lesson is (live, in a published course of a visible category); otherwise only staff
  members and the course's teachers may read them, and no shared cache keeps them.
- Any other file (course thumbnails, teachers' photos) is public.
"""

import re

from courses import selectors
from courses.models import Caption, Lesson

PUBLIC = "public"
PRIVATE = "private"

LESSON_VIDEO = re.compile(r"^lessons/(?P<lesson_id>\d+)/video/[0-9a-f]{32}/")
NEVER_SERVED = ("originals/", "lessons/")  # originals, and the originals stored before generated names
# Files that name others of their folder: a run's HLS playlists and its thumbnails track (courses.media.processing).
# With a bucket, the media view rewrites those names into signed URLs (core.object_media).
LINKING_MEDIA = r"^lessons/\d+/video/[0-9a-f]{32}/(hls/.+\.m3u8|thumbnails/thumbnails\.vtt)$"


def media_audience(user, path):
    """``PUBLIC``, ``PRIVATE`` (the user may read it, but not everyone) or None (answer 404) for ``path``."""
    lesson_id = _lesson_of(path)
    if lesson_id is None:
        return None if path.startswith(NEVER_SERVED) else PUBLIC
    if lesson_id is False:
        return None
    try:
        selectors.lesson_get_published(pk=lesson_id)
    except Lesson.DoesNotExist:
        pass
    else:
        return PUBLIC
    return PRIVATE if _may_preview(user, lesson_id) else None


def _lesson_of(path):
    """The id of the lesson ``path`` belongs to; None for media of no lesson; False for an unknown caption."""
    found = LESSON_VIDEO.match(path)
    if found:
        return int(found["lesson_id"])
    if path.startswith("captions/"):
        return Caption.objects.filter(file=path).values_list("lesson_id", flat=True).first() or False
    return None


def _may_preview(user, lesson_id):
    """Staff members and the course's teachers see a lesson before (and after) it is public."""
    if not user.is_authenticated:
        return False
    if user.is_staff_member:
        return True
    from teachers.selectors import teaches  # teachers' selectors build on the catalog's

    course_id = Lesson.all_objects.filter(pk=lesson_id).values_list("course_id", flat=True).first()
    return course_id is not None and teaches(user, course_id)
