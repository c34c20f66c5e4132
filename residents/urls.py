from django.urls import path

from .views import profile, register

app_name = "residents"

urlpatterns = [
    path("my/", profile.resident_home, name="home"),
    path("my/link/", profile.link_home, name="link"),
    path("my/preferences/", profile.preferences, name="preferences"),
    path("my/equality/", profile.equality, name="equality"),
    path("my/equality/delete/", profile.equality_delete, name="equality_delete"),
    path("my/data.json", profile.data_export, name="data_export"),
    path("staff/", register.staff_home, name="staff_home"),
    path("staff/register/", register.register_list, name="register_list"),
    path("staff/register/<int:pk>/", register.resident_detail, name="resident_detail"),
    path("staff/register/<int:pk>/link-code/", register.link_code_create, name="link_code_create"),
    path("staff/register/import/", register.register_upload, name="register_upload"),
    path("staff/register/import/example.csv", register.register_example, name="register_example"),
    path("staff/register/import/<int:pk>/", register.import_detail, name="import_detail"),
]
