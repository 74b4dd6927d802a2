from rest_framework import permissions


class CatalogPermission(permissions.DjangoModelPermissions):
    """Anyone reads; writing needs a staff member or a teacher account with the model's add, change or delete
    permission. A teacher account's writes are narrowed further by the views: to the courses it teaches (another
    one is not found) and to its own teacher profile."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return (user.is_staff_member or user.is_teacher_account) and super().has_permission(request, view)
