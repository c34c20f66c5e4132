from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class EngagementConfig(AppConfig):
    default = True
    name = "engagement"
    verbose_name = "Board and public pages"


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "engagement.admin_site.PortalAdminSite"
