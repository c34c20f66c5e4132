from django.urls import path

from . import views

app_name = "residents"

urlpatterns = [
    path("my/", views.resident_home, name="home"),
    path("my/link/", views.link_home, name="link"),
    path("my/preferences/", views.preferences, name="preferences"),
    path("my/equality/", views.equality, name="equality"),
    path("my/equality/delete/", views.equality_delete, name="equality_delete"),
    path("my/data.json", views.data_export, name="data_export"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/register/", views.register_list, name="register_list"),
    path("staff/register/<int:pk>/", views.resident_detail, name="resident_detail"),
    path("staff/register/<int:pk>/link-code/", views.link_code_create, name="link_code_create"),
    path("staff/register/import/", views.register_upload, name="register_upload"),
    path("staff/register/import/example.csv", views.register_example, name="register_example"),
    path("staff/register/import/<int:pk>/", views.import_detail, name="import_detail"),
]
