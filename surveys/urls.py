from django.urls import path

from .views import answering, builder, results, sending, tsm

app_name = "surveys"

# Staff: building a survey
urlpatterns = [
    path("staff/surveys/", builder.survey_list, name="survey_list"),
    path("staff/surveys/new/", builder.survey_create, name="survey_create"),
    path("staff/surveys/<int:pk>/", builder.survey_detail, name="survey_detail"),
    path("staff/surveys/<int:pk>/settings/", builder.survey_edit, name="survey_edit"),
    path("staff/surveys/<int:pk>/delete/", builder.survey_delete, name="survey_delete"),
    path("staff/surveys/<int:pk>/preview/", builder.survey_preview, name="survey_preview"),
    path("staff/surveys/<int:pk>/questions/new/", builder.question_create, name="question_create"),
    path("staff/surveys/<int:pk>/questions/<int:question_pk>/", builder.question_edit, name="question_edit"),
    path("staff/surveys/<int:pk>/questions/<int:question_pk>/move/", builder.question_move, name="question_move"),
    path("staff/surveys/<int:pk>/questions/<int:question_pk>/delete/", builder.question_delete, name="question_delete"),
]

# Residents answering, from the portal or from the link in their invitation; staff answering for them
urlpatterns += [
    path("my/surveys/", answering.my_surveys, name="my_surveys"),
    path("surveys/<int:pk>/", answering.answer, name="answer"),
    path("s/<str:token>/", answering.token_entry, name="token_entry"),
    path("staff/surveys/<int:pk>/invitations/<int:invitation_pk>/answer/", answering.staff_answer, name="staff_answer"),
    # Staff answering a staff survey (the staff pulse) for themselves, anonymously
    path("staff/my-surveys/", answering.my_staff_surveys, name="my_staff_surveys"),
    path("staff/my-surveys/<int:pk>/", answering.staff_survey_answer, name="staff_survey_answer"),
]

# Staff: results, and the Tenant Satisfaction Measures (the Board reads the TSM results and CSV too)
urlpatterns += [
    path("staff/surveys/<int:pk>/results/", results.results_page, name="results"),
    path("staff/surveys/<int:pk>/results.csv", results.results_csv, name="results_csv"),
    path("staff/surveys/<int:pk>/you-said-we-did/", results.results_update_create, name="results_update_create"),
    path("staff/surveys/<int:pk>/results/questions/<int:question_pk>/", results.results_text, name="results_text"),
    path("staff/tsm/new/", tsm.tsm_create, name="tsm_create"),
    path("staff/tsm/<int:year>/", tsm.tsm_results, name="tsm_results"),
    path("staff/tsm/<int:year>/approach/", tsm.tsm_approach, name="tsm_approach"),
    path("staff/tsm/<int:year>/publish/", tsm.tsm_publish, name="tsm_publish"),
    path("staff/tsm/<int:year>/tsm.csv", tsm.tsm_csv, name="tsm_csv"),
]

# Staff: who is asked, publishing, sending; the phone-or-paper list. Residents: opting out from an email.
urlpatterns += [
    path("staff/surveys/<int:pk>/audience/", sending.survey_audience, name="survey_audience"),
    path("staff/surveys/<int:pk>/audience/residents/", sending.audience_residents, name="audience_residents"),
    path("staff/surveys/<int:pk>/publish/", sending.survey_publish, name="survey_publish"),
    path("staff/surveys/<int:pk>/progress/", sending.survey_progress, name="survey_progress"),
    path("staff/surveys/<int:pk>/offline/", sending.offline_list, name="offline_list"),
    path("surveys/opt-out/<str:token>/", sending.opt_out, name="opt_out"),
]
