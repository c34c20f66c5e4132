"""Block Champions (under the "community:" namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("champions/apply/", views.champion_apply, name="champion_apply"),
    path("champions/step-down/<int:pk>/", views.champion_step_down, name="champion_step_down"),
    path("blocks/<int:pk>/", views.block_detail, name="block_detail"),
    path("blocks/<int:pk>/issues/new/", views.block_issue_new, name="champion_block_issue_new"),
    path("blocks/<int:pk>/issues/<int:issue_pk>/", views.block_issue, name="champion_block_issue"),
    path("staff/champions/", views.staff_champion_list, name="champion_list"),
    path("staff/champions/<int:pk>/decide/", views.champion_decide, name="champion_decide"),
]
