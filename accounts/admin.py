from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts import services
from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    def delete_model(self, request, obj):
        services.users_delete(users=User.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.users_delete(users=queryset)
