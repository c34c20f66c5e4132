from django.urls import path

from .views import answering, builder

app_name = "surveys"

# Staff: building a survey
urlpatterns = [
    path("staff/surveys/", builder.survey_list, name="survey_list"),
    path("staff/surveys/new/", builder.survey_create, name="survey_create"),
    path("staff/surveys/<int:pk>/", builder.survey_detail, name="survey_detail"),
    path("staff/surveys/<int:pk>/settings/", builder.survey_edit, name="survey_edit"),
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
]
