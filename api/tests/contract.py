"""Endpoints that build their answer as plain data keep the serializer that documents it: these tests hold the
two equal, so the schema never says something the answer does not. ``assert_matches_schema`` checks an answer
against the published schema itself."""

import json

import requests
import schemathesis
from django.utils import translation
from rest_framework.renderers import JSONRenderer


def documented_answer(serializer_class, instance, response, *, language):
    """What ``serializer_class``, the endpoint's documented shape, makes of ``instance`` for the request that got
    ``response``, as the client receives it."""
    with translation.override(language):
        data = serializer_class(instance, context={"request": response.renderer_context["request"]}).data
    return json.loads(JSONRenderer().render(data))


def assert_matches_schema(client, response, *, path, method="GET"):
    """Fail unless ``response`` (from Django's test client) is what the OpenAPI schema at /api/schema/ documents
    for ``method`` on ``path`` (the schema's path template, e.g. ``/api/v1/paths/{slug}/``), checked by
    schemathesis as its fuzzing run checks live answers."""
    raw = client.get("/api/schema/", {"format": "json"}).json()
    operation = schemathesis.openapi.from_dict(raw)[path][method]
    request = requests.Request(method, response.wsgi_request.build_absolute_uri()).prepare()
    headers = {name: [value] for name, value in response.headers.items()}
    operation.validate_response(
        schemathesis.Response(response.status_code, headers, response.content, request, elapsed=0.0, verify=True)
    )
