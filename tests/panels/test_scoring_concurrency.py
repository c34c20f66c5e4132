"""The database keeps a conflicted member from scoring even when the declaration and the score are written at the
same moment by two connections: the second waits for the first and then sees it."""

import threading

import pytest
from django.db import IntegrityError, connections, transaction

from panels.models import ConflictDeclaration, Score

from ..factories import ResidentFactory
from .factories import MembershipFactory, ScrutinyPanelFactory
from .scrutiny_fixtures import make_scoring_round


@pytest.mark.django_db(transaction=True)
def test_a_score_written_while_a_conflict_is_being_declared_is_refused():
    scoring_round = make_scoring_round(ScrutinyPanelFactory())
    resident = ResidentFactory()
    MembershipFactory(panel=scoring_round.panel, resident=resident)
    option, criterion = scoring_round.options.first(), scoring_round.criteria.first()
    declared, outcome = threading.Event(), {}

    def score_meanwhile():
        try:
            declared.wait(5)
            with transaction.atomic():  # blocks on the declaration's lock until it commits, then sees it
                Score.objects.create(option=option, criterion=criterion, resident=resident, value=4)
            outcome["result"] = "saved"
        except IntegrityError as error:
            outcome["result"] = str(error)
        finally:
            connections.close_all()

    scorer = threading.Thread(target=score_meanwhile)
    scorer.start()
    with transaction.atomic():
        ConflictDeclaration.objects.create(option=option, resident=resident, reason="Director of the firm")
        declared.set()
        scorer.join(0.5)  # the scorer is now waiting on the lock this transaction holds
        assert scorer.is_alive()
    scorer.join(10)
    assert "declared a conflict of interest" in outcome["result"]
    assert not Score.objects.exists()
