"""Block Champions (under the "community:" namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("champions/apply/", views.champion_apply, name="champion_apply"),
    path("blocks/<int:pk>/", views.block_detail, name="block_detail"),
    path("staff/champions/", views.staff_champion_list, name="champion_list"),
    path("staff/champions/<int:pk>/decide/", views.champion_decide, name="champion_decide"),
]
