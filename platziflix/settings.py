"""Platziflix settings: the one place that reads the environment.

Defaults make ``make run`` work with nothing set (SQLite, DEBUG on, local-memory
cache); with DEBUG off, production hardening is switched on.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from core import logging as core_logging
from core import sentry as core_sentry
from platziflix import __version__, env

BASE_DIR = Path(__file__).resolve().parent.parent
VERSION = __version__

DEBUG = env.get_bool("DEBUG", True)

SECRET_KEY = env.get_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise env.ConfigError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-while-debug-is-on"

ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS")
CORS_ALLOWED_ORIGINS = env.get_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"

INSTALLED_APPS = [
    "core",
    "api",
    "accounts",
    "courses",
    "uploads",
    "teachers",
    "learning",
    "community",
    "notifications",
    "notebook",
    "compat",
    "analytics",
    "demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
]

MIDDLEWARE = [
    # Outermost, so every answer carries them, even one made from an exception raised inside another
    # middleware (the 400 for an unknown Host header comes from CommonMiddleware).
    "core.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.RefuseTraceMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Anonymous reads answered here, before sessions, CSRF and authentication (core/public_cache.py).
    "core.middleware.PublicResponseCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.ErrorResponseMiddleware",
]

# Content-Security-Policy by path prefix, the first match wins. Pictures and lesson videos may live on
# another HTTPS host (a bucket, a CDN, a staff-given URL); embeds come only from the privacy-enhanced
# YouTube and Vimeo players. The admin and the API docs bring inline styles of their own, and the docs
# must not fetch anything (ReDoc would load its logo from its CDN).
_CSP_BASE = "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
CSP_SITE = (
    f"{_CSP_BASE}; script-src 'self'; style-src 'self'; img-src 'self' data: https:; media-src 'self' https:; "
    "frame-src https://www.youtube-nocookie.com https://player.vimeo.com"
)
# Lesson pages play HLS through Media Source Extensions (blob: media) and fetch playlists and segments, possibly
# from the media bucket's origin (MEDIA_ORIGIN, e.g. https://media.example.com).
MEDIA_ORIGIN = env.get_str("MEDIA_ORIGIN")
CSP_LESSON = CSP_SITE.replace("media-src 'self' https:", "media-src 'self' blob: https:") + (
    f"; connect-src 'self' {MEDIA_ORIGIN}".rstrip()
)
_CSP_DOCS = f"{_CSP_BASE}; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; worker-src blob:"
# Django's own debug pages (technical 404 and 500) carry inline styles and scripts; while DEBUG is on, and only
# for those pages, the policy lets them run so the page stays readable.
CSP_DEBUG_TECHNICAL_PAGES = (
    f"{_CSP_BASE}; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"
)
CSP_BY_PATH = [
    ("/admin/", f"{_CSP_BASE}; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:"),
    ("/api/docs/", _CSP_DOCS),
    ("/api/redoc/", _CSP_DOCS),
]

ROOT_URLCONF = "platziflix.urls"
WSGI_APPLICATION = "platziflix.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.notification_bell",
                "core.learner_pages.shared_page_context",  # last: while a shared page renders, its CSRF placeholder
            ],
        },
    },
]


def _database(name, default):
    config = env.get_database(name, default, conn_max_age=env.get_int("CONN_MAX_AGE", 600))
    if config["ENGINE"] == "django.db.backends.postgresql":
        # The catalog's correlated subqueries look expensive to the planner, so JIT would compile them on every
        # request: ~0.8 s of compiling for a query that runs in 0.1 s. Page queries are short; JIT never pays off.
        config.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    return config


DATABASES = {"default": _database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}

# A read replica: anonymous catalog reads (DATABASE_REPLICA_PATHS, below the languages) go to it; everything else,
# and every read after a write in the same request, to the primary (core/db_routing.py). Tests mirror it onto default.
DATABASE_REPLICA_URL = env.get_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = _database("DATABASE_REPLICA_URL", DATABASE_REPLICA_URL)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["core.db_routing.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "core.db_routing.ReplicaRoutingMiddleware",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # the Django 6.0 default, and what staff mean when they omit the scheme

REDIS_URL = env.get_str("REDIS_URL")
# Throttles, log-in limits, the cache and sessions must be shared by every worker (and every machine): Redis when
# REDIS_URL is set; otherwise, with DEBUG off, the database's cache table (created by core's migration). A
# process's own memory only serves development, where one runserver process is all there is.
# Limits and throttles count with core.counters, atomic and with a window that holds on each of these (in the
# database: the core_counter table), so production runs without Redis too. With Redis, a Redis that does not
# answer costs a short socket timeout (core.cache_backends.RedisCache.DEFAULT_OPTIONS): pages are served uncached,
# sessions come from the database, and log-in, sign-up and password reset answer 503 until it is back.
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "core.cache_backends.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif not DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "platziflix_cache"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# How many proxies of ours stand in front of the app and append to X-Forwarded-For; 0 means clients connect
# directly and the socket's address is the client's. Every throttle and limit counts by core.clients.
TRUSTED_PROXY_COUNT = env.get_int("TRUSTED_PROXY_COUNT", 0)
# Count per window ("10/15m", "5/h"), per client address or per account, in the shared cache (core.ratelimit).
RATE_LIMITS = {
    "login_per_account": env.get_limit("LOGIN_LIMIT_PER_ACCOUNT", "10/15m"),
    "login_per_address": env.get_limit("LOGIN_LIMIT_PER_ADDRESS", "30/15m"),
    "password_reset_per_account": env.get_limit("PASSWORD_RESET_LIMIT_PER_ACCOUNT", "3/h"),
    "password_reset_per_address": env.get_limit("PASSWORD_RESET_LIMIT_PER_ADDRESS", "5/h"),
    "signup_per_address": env.get_limit("SIGNUP_LIMIT_PER_ADDRESS", "10/h"),
    # The community's abuse limits, per learner: new threads, replies, and the same body again within a minute.
    "community_threads": env.get_limit("COMMUNITY_THREADS_LIMIT", "10/h"),
    "community_replies": env.get_limit("COMMUNITY_REPLIES_LIMIT", "30/h"),
    "community_same_body": env.get_limit("COMMUNITY_SAME_BODY_LIMIT", "1/m"),
}
# Accounts younger than this may not post links in the community (spam accounts are made to post them).
COMMUNITY_LINKS_AFTER_SECONDS = env.get_int("COMMUNITY_LINKS_AFTER_SECONDS", 600)
# API tokens end this long after they are issued (a new log-in through the token endpoint issues a new one).
API_TOKEN_TTL = env.get_duration("API_TOKEN_TTL", "30d")

# --- Background work (Celery) --------------------------------------------------------------------------------
# Lesson videos and the periodic jobs run on Celery workers, never inside a request. Production names a Redis
# broker (CELERY_BROKER_URL, else REDIS_URL). With neither (`make run`), kombu's filesystem transport keeps the
# queue in CELERY_BROKER_FOLDER, which needs no server: `make run` starts a worker with beat next to runserver
# (Procfile.dev). The URL names a host because kombu warns "No hostname was supplied" for any URL without one,
# and an empty broker URL (what this used to be) also reached kombu, through the eager path's producer.
CELERY_BROKER_URL = env.get_str("CELERY_BROKER_URL") or REDIS_URL or "filesystem://localhost/"
CELERY_BROKER_FOLDER = Path(env.get_str("CELERY_BROKER_FOLDER") or BASE_DIR / "var" / "broker")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A video still "processing" after this many seconds was abandoned (its worker died) and is taken over; the
# broker hands an unacknowledged task to another worker after the same time.
VIDEO_PROCESSING_TIMEOUT = env.get_int("VIDEO_PROCESSING_TIMEOUT", 3600)
# A processing run renews its lesson's heartbeat every VIDEO_HEARTBEAT_SECONDS while FFmpeg runs; a run silent
# for VIDEO_TAKEOVER_SECONDS is dead (its process was killed) and the redelivered task or the periodic
# lesson_videos_recover takes it over. An upload whose job is still pending after VIDEO_ENQUEUE_AFTER_SECONDS
# (the broker was away when it was saved) is queued by the same periodic task: the lesson row is the outbox.
VIDEO_HEARTBEAT_SECONDS = env.get_int("VIDEO_HEARTBEAT_SECONDS", 15)
VIDEO_TAKEOVER_SECONDS = env.get_int("VIDEO_TAKEOVER_SECONDS", 60)
VIDEO_ENQUEUE_AFTER_SECONDS = env.get_int("VIDEO_ENQUEUE_AFTER_SECONDS", 60)
# An upload is refused with 400 when FFmpeg tells within this many seconds that it holds no video stream.
VIDEO_UPLOAD_CHECK_SECONDS = env.get_int("VIDEO_UPLOAD_CHECK_SECONDS", 5)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": VIDEO_PROCESSING_TIMEOUT}
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        "data_folder_in": str(CELERY_BROKER_FOLDER / "queue"),
        "data_folder_out": str(CELERY_BROKER_FOLDER / "queue"),
        "control_folder": str(CELERY_BROKER_FOLDER / "control"),
    }
    CELERY_WORKER_ENABLE_REMOTE_CONTROL = False  # one local worker; nothing to broadcast to
# Every task has a soft limit (SoftTimeLimitExceeded is raised in it) and a hard one (its process is killed);
# these are the defaults, tasks set their own (README, "Background work"). The video task's hard limit is
# VIDEO_TASK_TIME_LIMIT, by default the takeover time: a run is never still going when another takes it over.
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
VIDEO_TASK_TIME_LIMIT = env.get_int("VIDEO_TASK_TIME_LIMIT", VIDEO_PROCESSING_TIMEOUT)
# Periodic work, scheduled by `celery -A platziflix beat` from the database (django-celery-beat), so staff can
# change it in the admin. PERIODIC_TASKS is the schedule in code: `migrate` adds the entries missing from the
# database (core.schedule) and never overwrites what staff changed. Seconds between runs.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
PERIODIC_TASKS = {
    "Take over stuck lesson videos": {"task": "courses.tasks.lesson_videos_recover", "every": 30},
    "Delete superseded lesson media": {"task": "courses.tasks.superseded_media_delete", "every": 60 * 60},
    "Delete abandoned uploads": {"task": "uploads.tasks.uploads_abandoned_delete", "every": 60 * 60},
    "Issue due certificates": {"task": "learning.tasks.certificates_issue_due", "every": 60 * 60},
    "Clear expired sessions and API tokens": {"task": "accounts.tasks.sessions_and_tokens_clear", "every": 86400},
    "Rebuild yesterday's analytics": {"task": "analytics.tasks.rollups_rebuild_recent", "every": 86400},
}
# Replaced video runs and caption files are deleted this long after they stopped being served, so a learner
# mid-stream keeps the segments the player already listed.
MEDIA_DELETE_GRACE_SECONDS = env.get_int("MEDIA_DELETE_GRACE_SECONDS", 86400)
# Workers write a heartbeat every WORKER_HEARTBEAT_SECONDS; /health/ready is not ready when a broker is set and
# no worker wrote one within WORKER_HEARTBEAT_MAX_AGE seconds.
WORKER_HEARTBEAT_SECONDS = env.get_int("WORKER_HEARTBEAT_SECONDS", 10)
WORKER_HEARTBEAT_MAX_AGE = env.get_int("WORKER_HEARTBEAT_MAX_AGE", 60)
# `make run` writes to its SQLite file from two processes (runserver and the worker): wait for the other's lock
# rather than fail at once, and take the write lock when a transaction starts, not halfway through it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
# --- end of background work ----------------------------------------------------------------------------------
# seed_demo queues the demo lesson videos for the worker: short clips, and 720p lessons for the flagship Python
# course (demo/flagship.py); DEMO_VIDEOS=0 skips them.
DEMO_VIDEOS = env.get_bool("DEMO_VIDEOS", True)
VIDEO_X264_PRESET = env.get_choice(
    "VIDEO_X264_PRESET", "VERYFAST", ["ULTRAFAST", "SUPERFAST", "VERYFAST", "FASTER", "FAST", "MEDIUM"]
).lower()

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a check: Django calls its password_changed() after every password change (form, reset, admin,
    # changepassword), which is where the account's API token ends.
    {"NAME": "accounts.passwords.ApiTokenEndsWithPassword"},
]
# Django's ModelBackend, refusing (429) after too many failed log-ins per account or per client address.
AUTHENTICATION_BACKENDS = ["accounts.backends.RateLimitedModelBackend"]
# The signed-in user is read from the cache for this long (accounts.backends); every save of the user ends it sooner.
USER_CACHE_SECONDS = env.get_int("USER_CACHE_SECONDS", 300)
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
# Paths outside i18n_patterns answer in the caller's language (cookie, then Accept-Language); pages in their URL's.
LANGUAGE_FROM_HEADERS_PATHS = ("/api/", "/admin/")
# The admin edits the Spanish text of translated fields beside their "in English" fields, so it shows that text in
# its lists too (core.translation.original_texts); only its interface follows the staff member's language.
ORIGINAL_TEXT_PATHS = ("/admin/",)
LOCALE_PATHS = [BASE_DIR / "locale"]
# Optional in a page path: the language of an English page, say, which lives under /en/ (i18n_patterns).
_LANGUAGE_PREFIX = "(" + "|".join(f"{code}/" for code, _name in LANGUAGES if code != LANGUAGE_CODE) + ")?"
DATABASE_REPLICA_PATHS = [
    rf"^/{_LANGUAGE_PREFIX}$",
    rf"^/{_LANGUAGE_PREFIX}(courses|teachers)/",
    r"^/api/v1/(courses|teachers|categories)/",
]
TIME_ZONE = env.get_str("TIME_ZONE", "America/Bogota")
USE_I18N = True
USE_TZ = True

# Anonymous GET and HEAD answers on these paths come from the cache (core/public_cache.py), stamped with the
# public content's generation, which every catalog write moves on; an entry also ends when the next scheduled
# course is published (PUBLIC_CACHE_NEXT_CHANGE) or, at the latest, after PUBLIC_CACHE_SECONDS.
PUBLIC_CACHE = env.get_bool("PUBLIC_CACHE", True)
PUBLIC_CACHE_PATHS = [
    rf"^/{_LANGUAGE_PREFIX}$",
    rf"^/{_LANGUAGE_PREFIX}(courses|teachers|paths)/",
    r"^/api/v1/(courses|teachers|categories|paths|moments)/",
    r"^/api/platziflix/(courses|classes)",
]
PUBLIC_CACHE_NEXT_CHANGE = "courses.selectors.next_publication_at"
# Signed-in learners' pages: a shared page cached for all of them and each learner's own parts, cached until their
# next write (core/learner_pages.py). Off (0), every signed-in page renders whole: how its cost was measured.
LEARNER_PAGE_CACHE = env.get_bool("LEARNER_PAGE_CACHE", True)
# Off (0), each learner's parts render on every request from their facts (as after each write of theirs).
LEARNER_PARTS_CACHE = env.get_bool("LEARNER_PARTS_CACHE", True)
# Answers of these views depend only on the keys their selectors name (public_cache.depends_on): a rating on one
# course leaves the others' pages cached. Each was checked to show nothing those keys do not cover; any other
# cached answer ends on every write (the key ``any``).
PUBLIC_CACHE_SCOPED_VIEWS = [
    "courses:detail",
    "courses:lesson",
    "teachers:detail",
    "learning:path",
    "api:course-detail",
    "api:lesson-detail",
    "api:course-ratings",
    "api:course-rating-stats",
    "api:path",
    "api:lesson-threads",
    "api:thread",
    "community:thread",
    "compat:course-detail",
    "compat:class-detail",
    "compat:course-ratings",
    "compat:rating-stats",
]
PUBLIC_CACHE_SECONDS = env.get_int("PUBLIC_CACHE_SECONDS", 24 * 60 * 60)
if not PUBLIC_CACHE:
    MIDDLEWARE.remove("core.middleware.PublicResponseCacheMiddleware")

STATIC_URL = "static/"
STATIC_ROOT = Path(env.get_str("STATIC_ROOT") or BASE_DIR / "staticfiles")  # nginx serves it in production
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.get_str("MEDIA_ROOT") or BASE_DIR / "media")
# Media written once under a name never reused, served with a year-long immutable cache: HLS segments, and
# everything inside a video processing run's own folder (courses.services writes lessons/<id>/video/<run>/).
MEDIA_IMMUTABLE_PATHS = r"(\.(ts|m4s)$)|(^lessons/\d+/video/[0-9a-f]{32}/)"
# Uploaded media on S3-compatible object storage when a bucket is named; else MEDIA_ROOT, which the app serves
# itself (with HTTP ranges) when DEBUG is off.
AWS_STORAGE_BUCKET_NAME = env.get_str("AWS_STORAGE_BUCKET_NAME")
# The bucket is private. Media URLs name the app's /media/ route (core.storage.CheckedS3Storage), whose view checks
# who may read the file and then redirects to a presigned URL of the bucket, or answers a playlist whose segments
# are presigned (core.object_media): valid MEDIA_PRIVATE_URL_SECONDS for private media (a draft lesson's), and
# MEDIA_PUBLIC_URL_SECONDS for public ones, which come from the CDN at AWS_S3_CUSTOM_DOMAIN instead when one is set
# (README, "Media in production").
MEDIA_PRIVATE_URL_SECONDS = env.get_int("MEDIA_PRIVATE_URL_SECONDS", 300)
MEDIA_PUBLIC_URL_SECONDS = env.get_int("MEDIA_PUBLIC_URL_SECONDS", 6 * 60 * 60)
_media_cdn_domain = env.get_str("AWS_S3_CUSTOM_DOMAIN")
_media_storages = {}
if AWS_STORAGE_BUCKET_NAME:
    _bucket_options = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "endpoint_url": env.get_str("AWS_S3_ENDPOINT_URL") or None,
        "region_name": env.get_str("AWS_S3_REGION_NAME") or None,
        "access_key": env.get_str("AWS_ACCESS_KEY_ID") or None,
        "secret_key": env.get_str("AWS_SECRET_ACCESS_KEY") or None,
        "addressing_style": env.get_str("AWS_S3_ADDRESSING_STYLE") or None,
        "signature_version": "s3v4",
    }
    _media_storages["default"] = {
        "BACKEND": "core.storage.CheckedS3Storage",
        "OPTIONS": {
            **_bucket_options,
            "querystring_expire": MEDIA_PRIVATE_URL_SECONDS,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    if _media_cdn_domain:  # only for URLs of public media; the CDN reads the private bucket (origin access)
        _media_storages["media_cdn"] = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**_bucket_options, "custom_domain": _media_cdn_domain, "querystring_auth": False},
        }
else:
    _media_storages["default"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
SERVE_MEDIA = not AWS_STORAGE_BUCKET_NAME  # the media view sends MEDIA_ROOT's files, else the bucket's
# Behind nginx (deploy/nginx.conf): once the media view has made its checks, it answers with an empty body and
# X-Accel-Redirect: MEDIA_X_ACCEL_PREFIX + path, and nginx sends the file from an `internal` location on MEDIA_ROOT
# (ranges, validators, sendfile), so no gunicorn thread streams video. Off (make run, a bare gunicorn), the view
# sends the file itself, with ranges. The prefix must match the internal location in deploy/nginx.conf.
MEDIA_X_ACCEL = env.get_bool("MEDIA_X_ACCEL", False)
MEDIA_X_ACCEL_PREFIX = "/internal-media/"
STORAGES = {
    **_media_storages,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365 if not DEBUG else 0
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Lesson videos arrive as resumable uploads (README, "Uploads"): in chunks of at most UPLOAD_CHUNK_SIZE bytes through
# the app, written to UPLOAD_TEMP_DIR (never served; best on MEDIA_ROOT's file system, so finishing is a rename, and
# shared by every web instance), or, with a bucket, in UPLOAD_S3_PART_SIZE parts straight to it, each PUT to a URL
# signed for UPLOAD_S3_URL_SECONDS. Uploads untouched for UPLOAD_ABANDON_SECONDS are deleted.
VIDEO_UPLOAD_MAX_BYTES = env.get_int("VIDEO_UPLOAD_MAX_BYTES", 8 * 1024**3)
UPLOAD_CHUNK_SIZE = env.get_int("UPLOAD_CHUNK_SIZE", 8 * 1024**2)
UPLOAD_TEMP_DIR = Path(env.get_str("UPLOAD_TEMP_DIR") or BASE_DIR / "var" / "uploads")
UPLOAD_S3_PART_SIZE = env.get_int("UPLOAD_S3_PART_SIZE", 64 * 1024**2)
UPLOAD_S3_URL_SECONDS = env.get_int("UPLOAD_S3_URL_SECONDS", 3600)
UPLOAD_ABANDON_SECONDS = env.get_int("UPLOAD_ABANDON_SECONDS", 86400)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

EMAIL_BACKEND = env.get_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.get_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.get_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.get_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.get_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "Platziflix <no-reply@platziflix.local>")
# The site's address as learners reach it, for links in e-mails sent outside a request (notifications).
SITE_URL = env.get_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# At most one notification e-mail per discussion thread and recipient in this many seconds.
NOTIFICATION_MAIL_INTERVAL = env.get_int("NOTIFICATION_MAIL_INTERVAL", 3600)

# Requests per client: "anon" by address, "user" per account, "auth_token" per address on the token endpoint.
API_THROTTLE_RATES = {
    "anon": env.get_str("API_THROTTLE_ANON", "120/minute"),
    "user": env.get_str("API_THROTTLE_USER", "2000/minute"),
    "auth_token": env.get_str("API_THROTTLE_AUTH_TOKEN", "5/minute"),
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous write answers 401 with a WWW-Authenticate header rather than 403.
        "api.authentication.ExpiringTokenAuthentication",
        # Before the session: a request with an API key never acts as the user of a cookie it also carries.
        "accounts.api.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_METADATA_CLASS": "api.metadata.Metadata",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttles.AnonRateThrottle",
        "api.throttles.UserRateThrottle",
        "api.throttles.ServerClientRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": API_THROTTLE_RATES,
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Platziflix API",
    "DESCRIPTION": (
        "Courses, lessons, teachers, categories, ratings and learner progress. Reads are public; "
        "writes need `Authorization: Token <token>` (from `POST /api/v1/auth/token/`) or the site's session "
        "with its CSRF token. `/api/platziflix/` serves the original Platziflix contract."
    ),
    "VERSION": __version__,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SORT_OPERATIONS": "api.schema.operation_order",
    "ENUM_NAME_OVERRIDES": {
        "CourseLevelEnum": "courses.models.Course.Level",
        "CourseStatusEnum": "courses.models.Course.Status",
        "ThreadKindEnum": "community.models.Thread.Kind",
    },
}

# --- Observability (issue 21; README "Observability"): logs with request ids, /metrics, error reports. ---
# Every process logs to stdout, in UTC: plain text by default, one JSON object per line with LOG_FORMAT=json
# (core/logging.py; gunicorn takes core.logging.gunicorn_logconfig_dict(), Celery this same LOGGING).
LOG_LEVEL = env.get_choice("LOG_LEVEL", "INFO", ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"])
LOG_FORMAT = env.get_choice("LOG_FORMAT", "plain", ["PLAIN", "JSON"]).lower()
LOGGING = core_logging.logging_config(LOG_FORMAT, LOG_LEVEL)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Outermost, the request's id (X-Request-ID: the proxy's when TRUSTED_PROXY_COUNT > 0, else a new one) and its log
# line, then django-prometheus's count and latency of every request. Its per-view counts sit just outside the
# public cache, so answers served from the cache are counted under their view too.
MIDDLEWARE.insert(0, "core.observability.RequestLogMiddleware")
MIDDLEWARE.insert(1, "django_prometheus.middleware.PrometheusBeforeMiddleware")
MIDDLEWARE.insert(
    MIDDLEWARE.index("corsheaders.middleware.CorsMiddleware") + 1, "core.observability.ViewMetricsMiddleware"
)
# Query counts, durations and errors per database: django-prometheus's subclasses of Django's own backends.
for _database_config in DATABASES.values():
    _database_config["ENGINE"] = _database_config["ENGINE"].replace(
        "django.db.backends.", "django_prometheus.db.backends.", 1
    )
# /metrics answers only "Authorization: Bearer <METRICS_TOKEN>", and does not exist while it is unset. With several
# processes (gunicorn workers, a Celery worker) set PROMETHEUS_MULTIPROC_DIR, an empty folder they all share.
METRICS_TOKEN = env.get_str("METRICS_TOKEN")
# Errors from Django and Celery go to Sentry when SENTRY_DSN is set, without personal data.
SENTRY_DSN = env.get_str("SENTRY_DSN")
SENTRY_ENVIRONMENT = env.get_str("SENTRY_ENVIRONMENT")
if SENTRY_DSN:
    core_sentry.init(SENTRY_DSN, environment=SENTRY_ENVIRONMENT, release=f"platziflix@{__version__}")
# --- End of observability. ---

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
