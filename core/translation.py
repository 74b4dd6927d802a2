"""Content in the learner's language: a text column in Spanish plus one ``<name>_<language>`` column per other language.

``name = TranslatedCharField(...)`` next to ``name_en = models.CharField(..., blank=True)``: reading
``course.name`` while English is active gives the English text when staff entered one, else the Spanish
(the fallback). The database column, forms, the admin and saving always work on the Spanish value, so a
form never writes English into the Spanish column; the other languages are plain fields of their own.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.utils import translation

_reading_original_texts = ContextVar("reading_original_texts", default=False)


@contextmanager
def original_texts():
    """Inside this block translated fields read their default-language text whatever language is active. The
    admin runs in it: its forms edit the Spanish column beside the ``_en`` one, so its lists, titles and
    related-object names show that same text, while its labels and buttons speak the staff member's language."""
    token = _reading_original_texts.set(True)
    try:
        yield
    finally:
        _reading_original_texts.reset(token)


def active_translation_language():
    """The active language when it is not the default one, else None (always None inside ``original_texts``)."""
    if _reading_original_texts.get():
        return None
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return None if language == settings.LANGUAGE_CODE.split("-")[0] else language


def translation_languages():
    """The languages that have a ``<name>_<language>`` column beside each translated field."""
    default = settings.LANGUAGE_CODE.split("-")[0]
    return [code for code, _name in settings.LANGUAGES if code != default]


def translation_column(field_name, language):
    """The column holding ``field_name``'s text in ``language``: the field's own for the default language (the
    Spanish text is ``name``), ``<name>_<language>`` for the others. The one place that knows the naming."""
    return field_name if language in (None, settings.LANGUAGE_CODE.split("-")[0]) else f"{field_name}_{language}"


def with_translations(model, field_names):
    """``field_names`` (lookups such as ``name`` or ``category__name``, as ``only()`` takes them) plus, for each
    translated field among them, its column in every other language: so reading the field on a row in any
    language needs no further query."""
    siblings = []
    for lookup in field_names:
        *path, name = lookup.split("__")
        current = model
        try:
            for part in path:
                current = current._meta.get_field(part).related_model
            field = current._meta.get_field(name)
        except (AttributeError, FieldDoesNotExist):
            continue
        if isinstance(field, TranslatedFieldMixin):
            siblings += ["__".join([*path, column]) for column in translation_field_names(current, name)[1:]]
    return [*field_names, *(sibling for sibling in siblings if sibling not in field_names)]


class TranslatedQuerySet(models.QuerySet):
    """``only()`` keeps the other languages' columns of the translated fields it names, so an English page
    of a hundred rows is one query, not a hundred and one (``TranslatedAttribute`` would load each deferred
    column row by row)."""

    def only(self, *fields):
        return super().only(*with_translations(self.model, fields))


TranslatedManager = models.Manager.from_queryset(TranslatedQuerySet)


def translation_field_names(model, field_name):
    """``field_name`` and the fields of ``model`` that hold its translations (``name``, ``name_en``): what a
    ``.values()`` row or a hand-written SELECT reads for ``row_text``."""
    siblings = [translation_column(field_name, language) for language in translation_languages()]
    present = {field.name for field in model._meta.get_fields() if field.concrete}
    return [field_name, *(name for name in siblings if name in present)]


def row_text(row, field_name, language):
    """A translated field's text from a ``.values()`` row holding the field and its ``<name>_<language>``
    siblings, with the fallback reading it on an instance has; ``language`` is ``active_translation_language()``,
    asked once for the whole row."""
    return (language and row.get(translation_column(field_name, language))) or row[field_name]


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
        return getattr(instance, translation_column(self.field.attname, language), "") or value


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
