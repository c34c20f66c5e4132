"""Reports already flagged as a possible hazard get their investigation deadline, so the queue shows and sorts
them by it as it does new ones (services/feedback.py refresh_next_due keeps it from now on)."""

from django.db import migrations

from residents.feedback.workdays import working_days_deadline

# rules.POSSIBLE_HAZARD_INVESTIGATE_DAYS when this was written: a migration keeps the value it ran with.
INVESTIGATE_DAYS = 10


def set_possible_hazard_deadlines(apps, schema_editor):
    Feedback = apps.get_model("residents", "Feedback")
    changed = []
    for item in Feedback.objects.filter(hazard_review="possible").only("created_at", "next_due_at").iterator():
        due = working_days_deadline(item.created_at, INVESTIGATE_DAYS)
        if item.next_due_at is None or due < item.next_due_at:
            item.next_due_at = due
            changed.append(item)
    Feedback.objects.bulk_update(changed, ["next_due_at"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("residents", "0007_register_name_order")]

    # Going back leaves the deadlines: the earlier code recomputes next_due_at on each item's next change.
    operations = [migrations.RunPython(set_possible_hazard_deadlines, migrations.RunPython.noop)]
