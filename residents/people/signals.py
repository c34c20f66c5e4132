"""What people tell the features above them, which must hear of a change without people importing them."""

from django.dispatch import Signal

# New neighbourhoods were created in bulk (a register import), which sends no post_save for them.
neighbourhoods_added = Signal()


def _register_changed(**kwargs) -> None:
    from .services.register import forget_register_version

    forget_register_version()


def connect_signals() -> None:
    """A resident, home, block or equality answer saved or deleted gives the register a new version."""
    from django.db.models.signals import post_delete, post_save

    from .models import Block, EqualityMonitoring, Home, Resident

    for model in (Resident, Home, Block, EqualityMonitoring):
        for signal in (post_save, post_delete):
            signal.connect(_register_changed, sender=model, dispatch_uid=f"register-version-{model.__name__}")
