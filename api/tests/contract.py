"""Endpoints that build their answer as plain data keep the serializer that documents it: these tests hold the
two equal, so the schema never says something the answer does not."""

import json

from django.utils import translation
from rest_framework.renderers import JSONRenderer


def documented_answer(serializer_class, instance, response, *, language):
    """What ``serializer_class``, the endpoint's documented shape, makes of ``instance`` for the request that got
    ``response``, as the client receives it."""
    with translation.override(language):
        data = serializer_class(instance, context={"request": response.renderer_context["request"]}).data
    return json.loads(JSONRenderer().render(data))
