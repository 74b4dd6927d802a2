import random
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from courses.models import Category, Course, Lesson
from demo import demo_data, demo_english, demo_images, flagship, tasks, videos
from demo.analytics_demo import seed_activity
from demo.community_demo import seed_community
from demo.learning_demo import seed_learning
from demo.personal_demo import seed_personal
from learning import services as learning_services
from learning.models import Rating
from teachers import services as teacher_services
from teachers.models import Teacher

STAFF_LOGIN = ("admin", "platziflix-admin")
LEARNER_PASSWORD = "platziflix-demo"
TEACHER_PASSWORD = "platziflix-teacher"
SAMPLE_VIDEO = Path(settings.BASE_DIR) / "static" / "video" / "sample.webm"
SAMPLE_VIDEO_NAME = "lessons/sample.webm"
SCORE_WEIGHTS = [(5, 5), (4, 4), (3, 2), (2, 1), (1, 1)]
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = "Load the demo catalog, demo learners and their ratings. Safe to run again: it only adds what is missing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=DEFAULT_BASE_URL,
            help="Where the site will be served, for the log-in hints (make run passes its HOST and PORT).",
        )
        parser.add_argument(
            "--with-demo-accounts",
            action="store_true",
            help="With DEBUG off, still give the demo accounts their published passwords (admin / platziflix-admin).",
        )

    def handle(self, *args, verbosity=1, base_url=DEFAULT_BASE_URL, with_demo_accounts=False, **options):
        # The demo passwords are in the README: with DEBUG off (a server others can reach) they would be a way in.
        self.known_passwords = settings.DEBUG or with_demo_accounts
        with transaction.atomic():
            categories = {
                data["slug"]: self._category(position, data) for position, data in enumerate(demo_data.CATEGORIES)
            }
            teachers = {data["slug"]: self._teacher(data) for data in demo_data.TEACHERS}
            video_name = self._sample_video()
            now = timezone.now()
            courses = [
                self._course(data, categories, teachers, video_name, published_at=now - timedelta(days=30 + 23 * index))
                for index, data in enumerate(demo_data.COURSES)
            ]
            if self.known_passwords:
                self._user(*STAFF_LOGIN, first_name="Staff", last_name="Platziflix", is_staff=True, is_superuser=True)
            for teacher in teachers.values():
                self._teacher_account(teacher)
            learners = [
                self._user(username, LEARNER_PASSWORD, first_name=first, last_name=last)
                for username, first, last in demo_data.LEARNERS
            ]
            published_ids = set(
                Course.objects.published().filter(pk__in=[c.pk for c in courses]).values_list("pk", flat=True)
            )
            published = [course for course in courses if course.pk in published_ids]
            self._ratings(published, learners)
            self._progress(published, learners[0])
            seed_learning(graduate=learners[0])
            seed_community(
                make_user=lambda username, first, last: self._user(
                    username, LEARNER_PASSWORD, first_name=first, last_name=last
                )
            )
            seed_personal(learner=learners[0], others=learners[1:], published=published)
            seed_activity(published, learners[0])
        if settings.DEMO_VIDEOS:
            self._videos(published, log=self.stdout.write if verbosity else None)
        if not verbosity:
            return
        self.stdout.write(
            self.style.SUCCESS(f"Demo catalog ready: {Course.objects.published().count()} published courses.")
        )
        if self.known_passwords:
            base_url = base_url.rstrip("/")
            self.stdout.write(f"  Staff log-in:   {STAFF_LOGIN[0]} / {STAFF_LOGIN[1]}  ({base_url}/admin/)")
            self.stdout.write(f"  Learner log-in: {learners[0].username} / {LEARNER_PASSWORD}  ({base_url}/)")
            teacher = teachers[demo_data.TEACHERS[0]["slug"]]
            self.stdout.write(f"  Teacher log-in: {teacher.slug} / {TEACHER_PASSWORD}  ({base_url}/admin/)")
        else:
            self.stdout.write(
                self.style.WARNING(
                    "DEBUG is off, so no account with a published password was made: no staff account, and the "
                    "demo learners cannot log in. Create staff with createsuperuser, or pass --with-demo-accounts."
                )
            )

    def _category(self, position, data):
        name_en, description_en = demo_english.CATEGORIES[data["slug"]]
        category, _ = Category.objects.get_or_create(
            slug=data["slug"],
            defaults={"name": data["name"], "description": data["description"], "position": position},
        )
        _translate(category, data["name"], name_en=name_en, description_en=description_en)
        return category

    def _teacher(self, data):
        headline_en, bio_en = demo_english.TEACHERS[data["slug"]]
        existing = Teacher.objects.filter(Q(slug=data["slug"]) | Q(email=data["email"])).first()
        if existing:
            _translate(existing, data["name"], headline_en=headline_en, bio_en=bio_en)
            return existing
        fields = {key: data[key] for key in ("slug", "name", "email", "headline", "bio")}
        teacher = Teacher.objects.create(**fields, headline_en=headline_en, bio_en=bio_en)
        teacher.avatar.save(f"{teacher.slug}.png", ContentFile(demo_images.teacher_avatar(teacher.name)))
        return teacher

    def _sample_video(self):
        if not default_storage.exists(SAMPLE_VIDEO_NAME):
            with SAMPLE_VIDEO.open("rb") as video:
                return default_storage.save(SAMPLE_VIDEO_NAME, video)
        return SAMPLE_VIDEO_NAME

    def _course(self, data, categories, teachers, video_name, *, published_at):
        status = data.get("status", Course.Status.PUBLISHED)
        course, created = Course.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "summary": data["summary"],
                "description": data["description"],
                "category": categories[data["category"]],
                "level": data["level"],
                "status": status,
                "published_at": published_at if status == Course.Status.PUBLISHED else None,
            },
        )
        name_en, summary_en, description_en = demo_english.COURSES[data["slug"]]
        _translate(course, data["name"], name_en=name_en, summary_en=summary_en, description_en=description_en)
        if not created:
            for lesson in course.lessons.filter(name__in=data["lessons"]):
                _description, lesson_name_en, lesson_description_en = demo_english.LESSONS[lesson.original_text("name")]
                _translate(
                    lesson, lesson.original_text("name"), name_en=lesson_name_en, description_en=lesson_description_en
                )
            return course
        thumbnail = demo_images.course_thumbnail(data["name"], data["category"])
        course.thumbnail.save(f"{course.slug}.png", ContentFile(thumbnail))
        course.teachers.set(teachers[slug] for slug in data["teachers"])
        rng = random.Random(course.slug)
        Lesson.objects.bulk_create(
            Lesson(
                course=course,
                name=name,
                name_en=demo_english.LESSONS[name][1],
                slug=slugify(name),
                description=demo_english.LESSONS[name][0],
                description_en=demo_english.LESSONS[name][2],
                video_file=video_name,
                duration_seconds=rng.randint(180, 900),
                position=position,
            )
            for position, name in enumerate(data["lessons"], start=1)
        )
        return course

    def _videos(self, published, log):
        """Queue the demo videos for the worker, so ``make run`` serves pages at once: each course's short clips,
        then the flagship course's long lessons one by one (demo.tasks)."""
        lessons = Lesson.objects.filter(course__in=published).select_related("course").order_by("course", "position")
        waiting = [lesson for lesson in lessons if videos.needs_video(lesson)]
        flagship_lessons = [lesson for lesson in waiting if flagship.is_flagship(lesson)]
        courses = list(dict.fromkeys(lesson.course_id for lesson in waiting if lesson not in flagship_lessons))
        for course_id in courses:
            tasks.course_videos_make.delay(course_id)
        for lesson in flagship_lessons:
            tasks.flagship_lesson_video_make.delay(lesson.pk)
        if waiting and log:
            log(
                f"{len(waiting) - len(flagship_lessons)} short demo videos and {len(flagship_lessons)} flagship "
                "lessons (720p, 2-3 min) queued: the worker makes them in the background."
            )

    def _user(self, username, password, **fields):
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={**fields, "email": f"{username}@platziflix.local"}
        )
        if created:
            if self.known_passwords:
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.save(update_fields=["password"])
        return user

    def _teacher_account(self, teacher):
        """Each demo teacher signs in with the account named after their slug (the community's demo makes the same
        account with get_or_create, so either may run first)."""
        first_name, _space, last_name = teacher.name.partition(" ")
        user = self._user(teacher.slug, TEACHER_PASSWORD, first_name=first_name, last_name=last_name)
        if self.known_passwords and not user.has_usable_password():
            user.set_password(TEACHER_PASSWORD)
            user.save(update_fields=["password"])
        if teacher.user_id is None:
            teacher_services.teacher_account_link(teacher=teacher, user=user)

    def _ratings(self, published, learners):
        scores, weights = zip(*SCORE_WEIGHTS, strict=True)
        for course in published:
            rng = random.Random(f"ratings:{course.slug}")
            reviews = _reviews(course.slug, rng)
            for learner in rng.sample(learners, k=rng.randint(3, len(learners))):
                if Rating.all_objects.filter(course=course, user=learner).exists():
                    continue
                score = rng.choices(scores, weights=weights)[0]
                rating, _created = learning_services.rating_submit(
                    user=learner, course=course, score=score, review=(reviews[score] or [""]).pop()
                )
                age = timezone.now() - course.published_at
                written = course.published_at + age * rng.uniform(0.05, 0.95)
                Rating.all_objects.filter(pk=rating.pk).update(created_at=written, updated_at=written)

    def _progress(self, published, learner):
        if learner.lesson_progress.exists():
            return
        lessons_per_course = [list(course.lessons.all()) for course in published]
        with_lessons = [lessons for lessons in lessons_per_course if len(lessons) > 3]
        for lessons, watched in zip(with_lessons[:2], (3, 1), strict=False):
            for lesson in lessons[:watched]:
                learning_services.lesson_progress_update(
                    user=learner, lesson=lesson, position_seconds=lesson.duration_seconds, completed=True
                )
            learning_services.lesson_progress_update(user=learner, lesson=lessons[watched], position_seconds=42)


def _translate(obj, demo_name, **translations):
    """Fill the demo's English texts on a demo row that staff have not renamed, where they are still empty."""
    if obj.original_text("name") != demo_name:
        return
    missing = {field: text for field, text in translations.items() if not getattr(obj, field)}
    if missing:
        for field, text in missing.items():
            setattr(obj, field, text)
        obj.save(update_fields=[*missing, "updated_at"])


def _reviews(slug, rng):
    """Review texts for one course by score, specific to its topics and never repeated within the course."""
    topics = demo_english.REVIEW_TOPICS[slug]
    by_score = {}
    for score, templates in demo_english.REVIEW_TEMPLATES.items():
        texts = [template.format(topic=topic) if template else "" for template in templates for topic in topics]
        rng.shuffle(texts)
        by_score[score] = texts
    return by_score
