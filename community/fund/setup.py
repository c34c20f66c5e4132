"""The Community Fund's registrations with residents' shared features, called from CommunityConfig.ready(): the
"You said, we did" source, the applicant's section of their data download and the demo rounds."""

from django.core.exceptions import ValidationError

from residents.updates import sources


def export_applications(user, resident) -> list[dict] | None:
    """The resident's own applications with their budget lines, decisions and monitoring reports (UK GDPR right of
    access). Panel scores are not included: they are the scorers' opinions of the project, shown to nobody
    outside the panel and staff."""
    from .models import Application
    from .services import parse_budget

    if resident is None:
        return None
    applications = (
        Application.objects.filter(resident=resident)
        .select_related("round")
        .prefetch_related("neighbourhoods")
        .order_by("created_at", "id")
    )
    found = []
    for application in applications:
        try:
            lines = parse_budget(application.budget_breakdown)
        except ValidationError:  # a draft's unfinished breakdown: given as typed
            lines = None
        found.append(
            {
                "reference": application.pk,
                "round": application.round.title,
                "applying_as": application.get_applicant_type_display(),
                "group": application.group_name,
                "project": application.title,
                "description": application.description,
                "neighbourhoods": [n.name for n in application.neighbourhoods.all()],
                "who_benefits": application.beneficiaries,
                "people_benefiting": application.beneficiary_count,
                "amount_asked": str(application.amount) if application.amount is not None else None,
                "budget_lines": [{"item": item, "cost": str(cost)} for item, cost in lines]
                if lines is not None
                else application.budget_breakdown,
                "outcomes": application.outcomes,
                "safeguarding": application.safeguarding,
                "insurance": application.insurance,
                "status": application.get_status_display(),
                "started": application.created_at.isoformat(),
                "submitted": application.submitted_at.isoformat() if application.submitted_at else None,
                "decision": {
                    "decided": application.decided_at.isoformat(),
                    "amount_awarded": str(application.awarded_amount) if application.awarded_amount else None,
                    "reasons": application.decision_reasons,
                }
                if application.decided_at
                else None,
                "monitoring_report": {
                    "due": application.report_due_at.isoformat(),
                    "sent": application.report_submitted_at.isoformat() if application.report_submitted_at else None,
                    "what_was_done": application.report_what_done,
                    "people_reached": application.report_people_reached,
                    "spend": application.report_spend,
                }
                if application.report_due_at
                else None,
                "completed": application.completed_at.isoformat() if application.completed_at else None,
            }
        )
    return found or None


def register() -> None:
    from residents import dataexport, demo

    from .demo import seed_demo_fund
    from .models import Application

    # A "You said, we did" entry can cite a funded project: its applicant is told when it is published.
    sources.register_source(
        Application,
        describe=lambda application: f"Community Fund project: {application.title}",
        resident_ids=lambda ids: set(Application.objects.filter(pk__in=ids).values_list("resident_id", flat=True)),
        # and it is on the applicant's involvement record.
        object_ids_for_resident=lambda resident_id: Application.objects.filter(resident_id=resident_id).values("pk"),
    )
    dataexport.register_section("fund_applications", export_applications)
    demo.register_demo_seed(seed_demo_fund)
