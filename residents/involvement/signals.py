"""Receipts leave storage with their claim (a claim goes when its resident is erased): the file is deleted once the
deletion is committed, so a rolled-back erasure keeps it."""

from django.db import transaction


def delete_receipt(sender, instance, **kwargs) -> None:
    if instance.receipt:
        storage, name = instance.receipt.storage, instance.receipt.name
        transaction.on_commit(lambda: storage.delete(name))


def connect_signals() -> None:
    from django.db.models.signals import post_delete

    from .models import ExpenseClaim

    post_delete.connect(delete_receipt, sender=ExpenseClaim, dispatch_uid="involvement-delete-receipt")
