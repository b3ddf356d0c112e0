"""Ways a nonconformity could get stuck, found in the browser journey."""

import pytest

from qms.core.errors import DomainError, InvalidTransition
from qms.nonconformities import services
from qms.nonconformities.models import ActionKind, ActionStatus, NcStatus
from tests.nonconformities.conftest import NOW


def test_the_verifier_cannot_be_given_an_action_after_the_plan(flow, people):
    nc = flow.to(NcStatus.IMPLEMENTATION)
    with pytest.raises(DomainError) as caught:
        flow.action(nc, kind=ActionKind.PREVENTIVE, owner=people.verifier)
    assert caught.value.field == "owner_id"


def test_actions_are_frozen_while_their_effectiveness_is_checked(flow, people):
    nc = flow.to(NcStatus.EFFECTIVENESS)
    action = nc.actions[0]
    with pytest.raises(InvalidTransition):
        services.update_action(action, actor=people.owner, now=NOW,
                               status=ActionStatus.IN_PROGRESS, note="Atvēru vēlreiz")
    assert action.status == ActionStatus.DONE


def test_the_quality_manager_can_cancel_during_the_effectiveness_check(flow, people):
    nc = flow.to(NcStatus.EFFECTIVENESS)
    services.cancel(nc, actor=people.qm, now=NOW, reason="Pārbaudītājs aizgājis no darba.")
    assert nc.status == NcStatus.CANCELLED
