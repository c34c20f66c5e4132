"""Who may see a block's page: residents whose home is in the block, and staff; everyone else 404."""

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
