"""The Community Fund (included under the "community:" namespace by community/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    # Public
    path("fund/", views.round_list, name="fund_rounds"),
    path("fund/<int:pk>/", views.round_detail, name="fund_round"),
    path("fund/funded/", views.funded, name="fund_funded"),
    # Residents
    path("fund/<int:pk>/apply/", views.apply, name="fund_apply"),
    path("fund/applications/<int:pk>/", views.application_detail, name="fund_application"),
    path("fund/applications/<int:pk>/edit/", views.application_edit, name="fund_application_edit"),
    path("fund/applications/<int:pk>/report/", views.report, name="fund_report"),
    # Staff
    path("staff/fund/", views.staff_list, name="fund_staff_list"),
    path("staff/fund/new/", views.round_create, name="fund_round_create"),
    path("staff/fund/<int:pk>/", views.manage, name="fund_manage"),
    path("staff/fund/<int:pk>/edit/", views.round_edit, name="fund_round_edit"),
    path("staff/fund/<int:pk>/applications.csv", views.round_csv, name="fund_csv"),
    path("staff/fund/<int:pk>/equality.csv", views.equality_csv, name="fund_equality_csv"),
    path("staff/fund/<int:pk>/scoring/", views.scoring_create, name="fund_scoring"),
    path("staff/fund/applications/<int:pk>/decide/", views.decide, name="fund_decide"),
    path("staff/fund/applications/<int:pk>/complete/", views.complete, name="fund_complete"),
]
