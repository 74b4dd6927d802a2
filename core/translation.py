"""Content in the learner's language: a text column in Spanish plus one ``<name>_<language>`` column per other language.

``name = TranslatedCharField(...)`` next to ``name_en = models.CharField(..., blank=True)``: reading
``course.name`` while English is active gives the English text when staff entered one, else the Spanish
(the fallback). The database column, forms, the admin and saving always work on the Spanish value, so a
form never writes English into the Spanish column; the other languages are plain fields of their own.
"""

from django.conf import settings
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.utils import translation


def active_translation_language():
    """The active language when it is not the default one, else None."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return None if language == settings.LANGUAGE_CODE.split("-")[0] else language


def translation_field_names(model, field_name):
    """``field_name`` and the fields of ``model`` that hold its translations (``name``, ``name_en``): what a
    ``.values()`` row or a hand-written SELECT reads for ``row_text``. The one place that knows how the columns of
    translated content are named."""
    siblings = [f"{field_name}_{code}" for code, _name in settings.LANGUAGES]
    present = {field.name for field in model._meta.get_fields() if field.concrete}
    return [field_name, *(name for name in siblings if name in present)]


def row_text(row, field_name, language):
    """A translated field's text from a ``.values()`` row holding the field and its ``<name>_<language>``
    siblings, with the fallback reading it on an instance has; ``language`` is ``active_translation_language()``,
    asked once for the whole row."""
    return (language and row.get(f"{field_name}_{language}")) or row[field_name]


class TranslatedAttribute(DeferredAttribute):
    """A data descriptor (it has ``__set__``), so reads reach ``__get__`` even once the value is loaded."""

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value

    def __get__(self, instance, cls=None):
        value = super().__get__(instance, cls)
        if instance is None:
            return value
        language = active_translation_language()
        if language is None:
            return value
        return getattr(instance, f"{self.field.attname}_{language}", "") or value


class TranslatedFieldMixin:
    descriptor_class = TranslatedAttribute

    def pre_save(self, model_instance, add):
        return model_instance.__dict__[self.attname]

    def value_from_object(self, obj):
        return obj.__dict__[self.attname]


class TranslatedCharField(TranslatedFieldMixin, models.CharField):
    pass


class TranslatedTextField(TranslatedFieldMixin, models.TextField):
    pass


class TranslatedModel(models.Model):
    """Validation reads fields through their attributes, so it runs in the default language: it must see and
    clean the Spanish column, not the translation a reader of another language would see."""

    class Meta:
        abstract = True

    def full_clean(self, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            super().full_clean(*args, **kwargs)

    def original_text(self, field_name):
        """The default-language text of a translated field, whatever language is active."""
        return self.__dict__[field_name]
