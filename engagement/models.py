"""The engagement app's models live with the feature that keeps them."""

from .board.models import FrozenYear

__all__ = ["FrozenYear"]
