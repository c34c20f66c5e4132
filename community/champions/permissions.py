"""Who may see a block's page: residents whose home is in the block, and staff; everyone else 404. Who may log an issue
for a block: its approved Block Champions (another block's page 404; a resident of the block who is not one, 403)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from residents.models import Block, Resident
from residents.permissions import is_resident, is_staff

from .models import BlockChampion


def lives_in_block(resident: Resident | None, block: Block) -> bool:
    return resident is not None and resident.home.block_id == block.pk


def get_block_for_user(request, pk: int) -> Block:
    block = get_object_or_404(Block.objects.select_related("neighbourhood"), pk=pk)
    if is_staff(request.user):
        return block
    resident = Resident.objects.select_related("home").only("id", "home__block_id").filter(user=request.user).first()
    if is_resident(request.user) and lives_in_block(resident, block):
        return block
    raise Http404


def get_champion_for_staff(request, pk: int) -> BlockChampion:
    if not is_staff(request.user):
        raise PermissionDenied
    return get_object_or_404(BlockChampion.objects.select_related("resident", "block"), pk=pk)


def get_champion_for_block(request, pk: int, resident: Resident) -> BlockChampion:
    """The signed-in resident's approved champion role for block pk: 404 for a block that is not their own, 403 when
    they are not (or no longer) its champion."""
    if not is_resident(request.user):
        raise PermissionDenied
    block = get_object_or_404(Block, pk=pk)
    if not lives_in_block(resident, block):
        raise Http404
    champion = (
        BlockChampion.objects.approved()
        .filter(resident=resident, block=block)
        .select_related("block__neighbourhood")
        .first()
    )
    if champion is None:
        raise PermissionDenied
    return champion


def get_block_issue_for_champion(request, pk: int, issue_pk: int, resident: Resident):
    """An issue the signed-in champion logged for their block between walks; anyone else's is a 404."""
    from ..walkabouts.models import WalkaboutIssue

    champion = get_champion_for_block(request, pk, resident)
    issue = get_object_or_404(
        WalkaboutIssue.objects.select_related("feedback"), pk=issue_pk, walkabout__isnull=True, logged_by=request.user
    )
    return champion, issue
