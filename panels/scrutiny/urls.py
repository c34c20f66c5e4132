"""Scrutiny reviews, recommendations and the panels' reports to the Board (under the "panels:" namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("panels/<slug:slug>/scrutiny/", views.scrutiny_home, name="scrutiny_home"),
    path("panels/<slug:slug>/scrutiny/topics/new/", views.topic_create, name="topic_create"),
    path("panels/<slug:slug>/scrutiny/voting/open/", views.ballot_open, name="ballot_open"),
    path("panels/<slug:slug>/scrutiny/voting/close/", views.ballot_close, name="ballot_close"),
    path("scrutiny/topics/<int:pk>/vote/", views.topic_vote, name="topic_vote"),
    path("scrutiny/topics/<int:pk>/start-review/", views.review_start, name="review_start"),
    path("scrutiny/reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("scrutiny/reviews/<int:pk>/edit/", views.review_edit, name="review_edit"),
    path("scrutiny/reviews/<int:pk>/stage/", views.review_stage, name="review_stage"),
    path("scrutiny/reviews/<int:pk>/evidence/new/", views.evidence_create, name="evidence_create"),
    path("scrutiny/reviews/<int:pk>/findings/", views.finding_create, name="finding_create"),
    path("scrutiny/reviews/<int:pk>/recommendations/", views.recommendation_create, name="recommendation_create"),
    path("scrutiny/evidence/<int:pk>/document/", views.evidence_document, name="evidence_document"),
    path("scrutiny/recommendations/", views.recommendation_list, name="recommendation_list"),
    path("scrutiny/recommendations/<int:pk>/", views.recommendation_detail, name="recommendation_detail"),
    path("scrutiny/recommendations/<int:pk>/response/", views.recommendation_respond, name="recommendation_respond"),
    path("scrutiny/recommendations/<int:pk>/progress/", views.recommendation_progress, name="recommendation_progress"),
    path(
        "scrutiny/recommendations/<int:pk>/you-said-we-did/",
        views.recommendation_update_draft,
        name="recommendation_update_draft",
    ),
    path("panels/<slug:slug>/board-reports/new/", views.board_report_create, name="board_report_create"),
    path("board/reports/", views.board_report_list, name="board_report_list"),
    path("board/reports/<int:pk>/", views.board_report_detail, name="board_report_detail"),
    path("board/reports/<int:pk>/respond/", views.board_report_respond, name="board_report_respond"),
]
