"""Serializer pieces shared by the apps' APIs."""

import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import get_error_detail
from rest_framework.settings import api_settings


@extend_schema_field(OpenApiTypes.URI)
class AbsoluteUrlField(serializers.Field):
    """The absolute URL of the object's page (``get_absolute_url``); of the object itself unless ``source`` says."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        request = self.context.get("request")
        url = value.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


NOT_BLANK_FIELDS = (
    serializers.DateTimeField,
    serializers.DateField,
    serializers.IntegerField,
    serializers.FloatField,
    serializers.DecimalField,
)


class StrictStringsMixin:
    """Text is a string and nothing else is an empty string.

    DRF would store ``"review": 0`` as ``"0"`` and ``true`` as ``"True"``, and read an empty ``published_at``
    in a form body as null. Send ``null`` (JSON) or leave the field out instead.
    """

    def to_internal_value(self, data):
        if isinstance(data, dict):
            errors = {}
            for field in self.fields.values():
                value = data.get(field.field_name)
                if field.read_only or value is None:
                    continue
                if isinstance(field, serializers.CharField) and not isinstance(value, str):
                    errors[field.field_name] = [_("Not a valid string.")]
                elif isinstance(field, NOT_BLANK_FIELDS) and value == "":
                    errors[field.field_name] = [_("This field may not be blank.")]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class ModelCleanSerializer(StrictStringsMixin, serializers.ModelSerializer):
    """Validates a write exactly as a ModelForm (and so the admin) does: ``full_clean`` on a copy.

    The copy means a rejected write leaves the instance untouched.
    """

    def extra_instance_values(self):
        """Values not in the body that the model needs to validate (a lesson's course, say)."""
        return {}

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        instance = copy.copy(self.instance) if self.instance is not None else model()
        many_to_many = {field.name for field in model._meta.many_to_many}
        for name, value in {**self.extra_instance_values(), **attrs}.items():
            if name not in many_to_many:
                setattr(instance, name, value)
        try:
            instance.full_clean(exclude=many_to_many)
        except DjangoValidationError as exc:
            detail = get_error_detail(exc)
            if isinstance(detail, dict) and NON_FIELD_ERRORS in detail:
                detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
            raise serializers.ValidationError(detail) from None
        return attrs
