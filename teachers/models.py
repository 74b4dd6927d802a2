from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import SoftDeleteModel, alive_unique
from core.translation import TranslatedCharField, TranslatedModel, TranslatedTextField


class Teacher(TranslatedModel, SoftDeleteModel):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140)
    email = models.EmailField(_("email"))
    headline = TranslatedCharField(
        _("headline"), max_length=200, blank=True, help_text=_("One line shown under the name.")
    )
    headline_en = models.CharField(_("headline in English"), max_length=200, blank=True)
    bio = TranslatedTextField(_("biography"), blank=True)
    bio_en = models.TextField(_("biography in English"), blank=True)
    avatar = models.ImageField(_("avatar"), upload_to="teachers/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="teacher",
        verbose_name=_("user account"),
        help_text=_("The account this teacher signs in with; linking one lets them run their own courses."),
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            alive_unique("slug", name="teacher_slug_unique"),
            alive_unique("email", name="teacher_email_unique"),
        ]
        verbose_name = _("teacher")
        verbose_name_plural = _("teachers")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("teachers:detail", kwargs={"slug": self.slug})
