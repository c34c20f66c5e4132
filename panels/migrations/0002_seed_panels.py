"""The three panels every landlord using the portal starts with. Staff edit the wording and add others."""

from django.db import migrations

PANELS = [
    {
        "name": "Resident Scrutiny Panel",
        "slug": "scrutiny",
        "kind": "scrutiny",
        "summary": "Residents who look closely at one of our services at a time, and tell us how to make it better.",
        "remit": (
            "The panel chooses two services to review each year, gathers evidence (performance figures, "
            "complaints, mystery shopping, talking to residents and staff) and makes recommendations."
        ),
        "can_influence": (
            "How a service is delivered: standards, processes, communication with residents, and the priorities "
            "for improving it."
        ),
        "cannot_influence": (
            "Rent levels, decisions about individual residents' cases, staff employment matters, and anything "
            "the law sets."
        ),
        "route_to_board": (
            "The panel's report goes to the Executive Team, who give a written response to each recommendation "
            "within 6 weeks. The report and response go to the Board, and progress is reported every quarter."
        ),
        "time_commitment": "About 6 hours a month: one meeting, plus reading and evidence gathering between meetings.",
        "support_offered": (
            "Travel and care costs paid, scrutiny skills training, papers in large print or easy read, "
            "meetings in step-free rooms or online."
        ),
        "how_to_join": "Apply on this page. We will contact you for an informal chat about the role.",
    },
    {
        "name": "Together Panel",
        "slug": "together",
        "kind": "together",
        "summary": "A large, diverse group of residents we ask before we change policies and services.",
        "remit": (
            "Members are asked for their views on draft policies, service changes and communications, by survey, "
            "focus group or workshop, and choose which consultations to take part in."
        ),
        "can_influence": "Draft policies and service standards before they are decided, and how we explain them.",
        "cannot_influence": "Decisions already taken by the Board or required by law or regulation.",
        "route_to_board": (
            "Each consultation's findings, and how they changed the policy, are reported to the Board with the "
            "policy itself, and published in You said, we did."
        ),
        "time_commitment": "As much as you like: most consultations take under an hour, a few times a year.",
        "support_offered": "Online or paper surveys, interpreters, and vouchers for longer workshops.",
        "how_to_join": "Apply on this page. Everyone who lives in one of our homes is welcome.",
    },
    {
        "name": "Spotlight Residents Panel",
        "slug": "spotlight",
        "kind": "spotlight",
        "summary": "Residents who report directly to the Board on the issues that matter most to residents.",
        "remit": (
            "The panel shines a spotlight on a topic the Board or residents raise, and writes a report to the "
            "Board with recommendations. Board members attend its meetings."
        ),
        "can_influence": "The Board's priorities and its decisions on the topics the panel reports on.",
        "cannot_influence": "Operational decisions about individual homes or residents.",
        "route_to_board": (
            "Reports go straight to the Board, which records its response to each recommendation at its next "
            "meeting. The response is published to residents."
        ),
        "time_commitment": "About 4 hours a month, with a meeting every 6 to 8 weeks.",
        "support_offered": "Travel and care costs paid, induction and chairing training, a staff support officer.",
        "how_to_join": "Apply on this page when the panel is recruiting.",
    },
]


def seed(apps, schema_editor):
    Panel = apps.get_model("panels", "Panel")
    for panel in PANELS:
        Panel.objects.get_or_create(slug=panel["slug"], defaults=panel)


def unseed(apps, schema_editor):
    apps.get_model("panels", "Panel").objects.filter(slug__in=[p["slug"] for p in PANELS]).delete()


class Migration(migrations.Migration):
    dependencies = [("panels", "0001_panels_and_memberships")]
    operations = [migrations.RunPython(seed, unseed)]
