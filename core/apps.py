from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate
from django.utils.autoreload import file_changed
from django.utils.translation import gettext_lazy as _

from core import converters


def page_source_changed(sender, file_path, **kwargs):
    """In development, editing a template, a style sheet or a translation does not restart runserver (editing
    Python does), so the pages cached before the edit are ended here. Returns None: the reloader goes on as usual."""
    from core.public_cache import public_content_changed

    public_content_changed()


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        converters.register()
        from core.schedule import sync_after_migrate

        post_migrate.connect(sync_after_migrate, sender=self, dispatch_uid="core_periodic_tasks_sync")
        if settings.DEBUG:
            file_changed.connect(page_source_changed, dispatch_uid="core_page_source_changed")
