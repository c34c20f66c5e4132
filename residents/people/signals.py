"""What people tell the features above them, which must hear of a change without people importing them."""

from django.dispatch import Signal

# New neighbourhoods were created in bulk (a register import), which sends no post_save for them.
neighbourhoods_added = Signal()
