"""Migrations an operator may have to undo on a live database."""

import pytest
from django.core.management import call_command
from django.db import connection

from surveys.models import Invitation

from .fixtures import build_survey, publish_for


@pytest.mark.django_db(transaction=True)  # migrating runs its own transactions
def test_going_back_to_stored_tokens_gives_every_invitation_its_own(resident, other_resident):
    survey = build_survey()
    publish_for(survey, resident.resident, other_resident.resident)
    table = Invitation._meta.db_table
    try:
        call_command("migrate", "surveys", "0003", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*), count(DISTINCT token), min(length(token)) FROM {table}")
            assert cursor.fetchone() == (2, 2, 64)
    finally:
        call_command("migrate", "surveys", verbosity=0)
    assert Invitation.objects.filter(survey=survey).count() == 2
