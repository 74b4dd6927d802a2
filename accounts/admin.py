from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import User
from learning.services import users_delete


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    def delete_model(self, request, obj):
        users_delete(users=User.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        users_delete(users=queryset)
