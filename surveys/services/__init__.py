"""Survey actions by topic: building.py (surveys and questions), audience.py and invitations.py (who is asked,
sending, reminders, opting out), answering.py (drafts and submitting), results.py (aggregates), tsm.py (the
Tenant Satisfaction Measures)."""
