"""The outbound email outbox: emails written in the same transaction as the change they tell of, relayed by Celery.
Any feature may queue email; the outbox imports none of them."""
