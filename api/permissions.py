from rest_framework import permissions


class CatalogPermission(permissions.DjangoModelPermissions):
    """Anyone reads; writing needs a staff account with the model's add, change or delete permission."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        return request.user.is_staff and super().has_permission(request, view)
