from django.urls import path

from . import views
from .feedback import views as feedback
from .involvement import views as involvement
from .people import views as people
from .updates import views as updates

app_name = "residents"

urlpatterns = [
    path("my/", views.resident_home, name="home"),
    path("my/link/", people.link_home, name="link"),
    path("my/preferences/", people.preferences, name="preferences"),
    path("my/equality/", people.equality, name="equality"),
    path("my/equality/delete/", people.equality_delete, name="equality_delete"),
    path("my/data.json", views.data_export, name="data_export"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/register/", people.register_list, name="register_list"),
    path("staff/register/<int:pk>/", people.resident_detail, name="resident_detail"),
    path("staff/register/<int:pk>/link-code/", people.link_code_create, name="link_code_create"),
    path("staff/register/import/", people.register_upload, name="register_upload"),
    path("staff/register/import/example.csv", people.register_example, name="register_example"),
    path("staff/register/import/<int:pk>/", people.import_detail, name="import_detail"),
    path("staff/register/import/<int:pk>/apply/", people.import_apply, name="import_apply"),
    path("staff/register/import/<int:pk>/changes/", people.import_changes, name="import_changes"),
    path("staff/register/import/<int:pk>/undo/", people.import_undo, name="import_undo"),
]

# Feedback, complaints and hazards; "You said, we did".
urlpatterns += [
    # A resident's own feedback
    path("my/feedback/", feedback.my_feedback, name="my_feedback"),
    path("my/feedback/new/", feedback.feedback_new, name="feedback_new"),
    path("my/feedback/<int:pk>/", feedback.feedback_detail, name="feedback_detail"),
    # A photo on a feedback item: its resident, or staff
    path("feedback/<int:pk>/photos/<int:photo_pk>/", feedback.feedback_photo, name="feedback_photo"),
    # Staff log feedback for a resident who phoned, wrote or visited
    path("staff/register/<int:pk>/feedback/new/", feedback.staff_log_feedback, name="staff_log_feedback"),
    # Staff queue and item
    path("staff/feedback/", feedback.queue, name="feedback_queue"),
    path("staff/feedback/<int:pk>/", feedback.item, name="feedback_item"),
    path("staff/feedback/<int:pk>/assign/", feedback.assign, name="feedback_assign"),
    path("staff/feedback/<int:pk>/status/", feedback.status, name="feedback_status"),
    path("staff/feedback/<int:pk>/reply/", feedback.reply, name="feedback_reply"),
    path("staff/feedback/<int:pk>/note/", feedback.note, name="feedback_note"),
    path("staff/feedback/<int:pk>/complaint/", feedback.complaint_action, name="feedback_complaint"),
    path("staff/feedback/<int:pk>/hazard/", feedback.hazard_action, name="feedback_hazard"),
    path("staff/hazards/", feedback.hazards, name="hazards"),
    # "You said, we did": staff
    path("staff/updates/", updates.staff_list, name="update_list"),
    path("staff/updates/new/", updates.create, name="update_create"),
    path("staff/updates/<int:pk>/", updates.edit, name="update_edit"),
    path("staff/updates/<int:pk>/schedule/", updates.schedule, name="update_schedule"),
    path("staff/updates/<int:pk>/unschedule/", updates.unschedule, name="update_unschedule"),
    path("staff/updates/<int:pk>/withdraw/", updates.withdraw, name="update_withdraw"),
    # "You said, we did": public (no login)
    path("you-said-we-did/", updates.public_list, name="update_public_list"),
    path("you-said-we-did/feed.atom", updates.AtomFeed(), name="update_feed"),
    path("you-said-we-did/<int:pk>/", updates.detail, name="update_detail"),
    path("you-said-we-did/<int:pk>/photo", updates.photo, name="update_photo"),
]

# Involvement as volunteering: the public Get involved page, a resident's record, staff opportunities and hours.
urlpatterns += [
    path("get-involved/", involvement.get_involved, name="involvement_list"),
    path("get-involved/<int:pk>/", involvement.opportunity_detail, name="involvement_detail"),
    path("get-involved/<int:pk>/interest/", involvement.express_interest, name="involvement_interest"),
    path("my/involvement/", involvement.my_involvement, name="my_involvement"),
    path("my/involvement/hours/new/", involvement.log_hours, name="involvement_log_hours"),
    path("staff/involvement/", involvement.staff_list, name="involvement_staff_list"),
    path("staff/involvement/new/", involvement.create, name="involvement_create"),
    path("staff/involvement/<int:pk>/", involvement.edit, name="involvement_edit"),
    path("staff/involvement/volunteers/", involvement.register, name="involvement_register"),
    path("staff/involvement/volunteers.csv", involvement.register_csv, name="involvement_register_csv"),
    path("staff/involvement/<int:pk>/close/", involvement.close, name="involvement_close"),
    path("staff/involvement/<int:pk>/volunteers/", involvement.volunteers, name="involvement_volunteers"),
    path("staff/involvement/interest/<int:pk>/", involvement.decide, name="involvement_decide"),
    path("staff/involvement/interest/<int:pk>/induction/", involvement.induction, name="involvement_induction"),
    path("staff/involvement/hours/", involvement.hours_queue, name="involvement_hours"),
    path("staff/involvement/hours/<int:pk>/confirm/", involvement.hours_confirm, name="involvement_hours_confirm"),
    # Training
    path("my/training/", involvement.training, name="involvement_training"),
    path("my/training/<int:pk>/book/", involvement.training_book, name="involvement_training_book"),
    path("staff/involvement/training/", involvement.staff_training, name="involvement_training_staff"),
    path("staff/involvement/training/courses/new/", involvement.course_create, name="involvement_course_create"),
    path("staff/involvement/training/new/", involvement.session_create, name="involvement_session_create"),
    path("staff/involvement/training/<int:pk>/", involvement.session_detail, name="involvement_session"),
    path(
        "staff/involvement/training/<int:pk>/complete/",
        involvement.session_complete,
        name="involvement_session_complete",
    ),
    # Expenses
    path("my/involvement/expenses/new/", involvement.claim_new, name="involvement_claim_new"),
    path("involvement/claims/<int:pk>/receipt/", involvement.claim_receipt, name="involvement_claim_receipt"),
    path("staff/involvement/claims/", involvement.staff_claims, name="involvement_claims"),
    path("staff/involvement/claims/approved.csv", involvement.claims_csv, name="involvement_claims_csv"),
    path("staff/involvement/claims/<int:pk>/", involvement.claim_decide, name="involvement_claim"),
    # A resident's record, from the register; hours and claims logged on their behalf
    path("staff/register/<int:pk>/involvement/", involvement.staff_record, name="resident_involvement"),
    path(
        "staff/register/<int:pk>/involvement/hours/new/",
        involvement.staff_log_hours,
        name="resident_involvement_hours",
    ),
    path(
        "staff/register/<int:pk>/involvement/expenses/new/",
        involvement.staff_claim,
        name="resident_involvement_claim",
    ),
]
