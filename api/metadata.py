"""What ``OPTIONS`` answers: DRF's description, without looking up an object.

DRF's own metadata calls ``get_object()`` to check object permissions before describing ``PUT``; views that
are not object views (my rating, lesson progress, the original clients' rating routes) have no queryset, so
that raised. Describing the input needs only the view-level permission check.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, metadata
from rest_framework.request import clone_request


class Metadata(metadata.SimpleMetadata):
    def determine_actions(self, request, view):
        actions = {}
        if not hasattr(view, "get_serializer"):
            return actions
        for method in {"PUT", "POST"} & set(view.allowed_methods):
            view.request = clone_request(request, method)
            try:
                view.check_permissions(view.request)
            except (exceptions.APIException, PermissionDenied, Http404):
                continue
            finally:
                view.request = request
            actions[method] = self.get_serializer_info(view.get_serializer())
        return actions
