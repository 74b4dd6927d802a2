from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, generics, permissions

from api.schema import AUTH_ERRORS, NOT_FOUND, READ_ERRORS, SOFT_DELETED, THROTTLED, WRITE_ERRORS
from api.views import ApiView, CatalogWriteMixin
from teachers import selectors, services
from teachers.api import serializers
from teachers.models import Teacher


@extend_schema_view(
    get=extend_schema(
        summary="List teachers",
        description="Teachers by name, each with their published courses.",
        responses={200: serializers.TeacherListSerializer, **READ_ERRORS},
    ),
    post=extend_schema(
        summary="Create a teacher (staff)",
        description="Needs `teachers.add_teacher`. Slug and email must be unique among live teachers.",
        request=serializers.TeacherWriteSerializer,
        responses={201: serializers.TeacherWriteSerializer, **WRITE_ERRORS},
    ),
)
class TeacherListApi(CatalogWriteMixin, ApiView, generics.ListCreateAPIView):
    queryset = Teacher.objects.all()

    def get_queryset(self):
        return selectors.teacher_list()

    def get_serializer_class(self):
        if self.request.method == "POST":
            return serializers.TeacherWriteSerializer
        return serializers.TeacherListSerializer

    def perform_create(self, serializer):
        user = serializer.validated_data.pop("user", None)
        teacher = serializer.save()
        if user is not None:
            serializer.instance = services.teacher_account_link(teacher=teacher, user=user)


@extend_schema_view(
    get=extend_schema(
        summary="Teacher detail",
        description="A teacher with their published courses.",
        responses={200: serializers.TeacherDetailSerializer, **READ_ERRORS},
    ),
    put=extend_schema(
        summary="Replace a teacher (staff)",
        description="Needs `teachers.change_teacher`.",
        responses={200: serializers.TeacherWriteSerializer, **WRITE_ERRORS},
    ),
    patch=extend_schema(
        summary="Update some fields of a teacher (staff, or the teacher)",
        description=(
            "Needs `teachers.change_teacher`. A teacher account may edit only its own profile. `user` (a "
            "username, or null) links the account the teacher signs in with, which makes it a teacher account; "
            "only staff may change it."
        ),
        responses={200: serializers.TeacherWriteSerializer, **WRITE_ERRORS},
    ),
    delete=extend_schema(
        summary="Delete a teacher (staff)",
        description="Needs `teachers.delete_teacher`. A soft delete.",
        responses={**SOFT_DELETED, **AUTH_ERRORS, **NOT_FOUND, **THROTTLED},
    ),
)
class TeacherDetailApi(CatalogWriteMixin, ApiView, generics.RetrieveUpdateDestroyAPIView):
    queryset = Teacher.objects.all()
    lookup_field = "slug"

    def get_serializer_class(self):
        if self.request.method in permissions.SAFE_METHODS:
            return serializers.TeacherDetailSerializer
        return serializers.TeacherWriteSerializer

    def get_object(self):
        if self.request.method in permissions.SAFE_METHODS:
            try:
                return selectors.teacher_detail(slug=self.kwargs["slug"])
            except Teacher.DoesNotExist:
                raise exceptions.NotFound(_("Teacher not found.")) from None
        return super().get_object()

    def get_queryset(self):
        if self.request is None or self.request.method in permissions.SAFE_METHODS:
            return Teacher.objects.all()
        if self.request.user.is_staff_member:
            return Teacher.objects.all()
        return Teacher.objects.filter(user=self.request.user)

    def perform_update(self, serializer):
        linking = "user" in serializer.validated_data
        user = serializer.validated_data.pop("user", None)
        if linking and user != serializer.instance.user and not self.request.user.is_staff_member:
            raise exceptions.PermissionDenied(_("Only staff can change which account a teacher signs in with."))
        teacher = serializer.save()
        if linking:
            serializer.instance = services.teacher_account_link(teacher=teacher, user=user)
