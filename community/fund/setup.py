"""The Community Fund's registrations with residents' shared features, called from CommunityConfig.ready()."""

from residents.updates import sources


def register() -> None:
    from .models import Application

    # A "You said, we did" entry can cite a funded project: its applicant is told when it is published.
    sources.register_source(
        Application,
        describe=lambda application: f"Community Fund project: {application.title}",
        resident_ids=lambda ids: set(Application.objects.filter(pk__in=ids).values_list("resident_id", flat=True)),
        # and it is on the applicant's involvement record.
        object_ids_for_resident=lambda resident_id: Application.objects.filter(resident_id=resident_id).values("pk"),
    )
