"""Neighbourhood Action Plans (under the "community:" namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    # Residents of the plan's neighbourhood and staff (anyone, once published).
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/comment/", views.plan_comment, name="plan_comment"),
    path("plans/<int:pk>/propose/", views.plan_propose, name="plan_propose"),
    path("plans/<int:pk>/actions/<int:action_pk>/vote/", views.action_vote, name="action_vote"),
    # Staff.
    path("staff/plans/", views.staff_plan_list, name="plan_list"),
    path("staff/plans/new/", views.plan_create, name="plan_create"),
    path("staff/plans/<int:pk>/", views.plan_manage, name="plan_manage"),
    path("staff/plans/<int:pk>/actions/new/", views.action_create, name="action_create"),
    path("staff/plans/<int:pk>/actions/<int:action_pk>/", views.action_edit, name="action_edit"),
    path("staff/plans/<int:pk>/actions/<int:action_pk>/decide/", views.action_decide, name="action_decide"),
    path("staff/plans/<int:pk>/actions/<int:action_pk>/progress/", views.action_progress, name="action_progress"),
    path(
        "staff/plans/<int:pk>/actions/<int:action_pk>/you-said-we-did/",
        views.action_to_update,
        name="action_to_update",
    ),
    path("staff/plans/<int:pk>/comments/<int:comment_pk>/remove/", views.comment_remove, name="comment_remove"),
    path("staff/plans/<int:pk>/proposals/<int:proposal_pk>/review/", views.proposal_review, name="proposal_review"),
]
