"""Fixtures of the lifecycle tests: the demo persona holding each Appendix 3 role, and the matrix as seeded."""

import pytest

from core.raci import APPENDIX3_COLUMNS, appendix3_rows

# One LLR demo persona per Appendix 3 column (each holds only that role at the partnership).
ROLE_PERSONA = {
    "partnership_board": "partnership.llr",
    "joint_sro": "sro.llr",
    "delivery_board": "delivery.llr",
    "programme_director": "director.llr",
    "pmo": "pmo.llr",
}
NOBODY = "viewer.uhl.llr"  # a partner viewer: no letter for any Appendix 3 process
ROWS = [(key, name, {str(role): held for role, held in letters.items()}) for _, key, name, letters in appendix3_rows()]
assert set(ROLE_PERSONA) == {str(role) for role in APPENDIX3_COLUMNS.values()}


def holders(letters, letter):
    return [role for role, held in letters.items() if letter in held]


@pytest.fixture
def stage(in_llr):
    from programme.models import Stage

    return Stage.objects.get(name="Delivery stage 2")


@pytest.fixture
def pledges_redeployed(llr):
    """Every demo resource pledge given its redeployment outcome, so the programme's redeployment can be confirmed
    (finance's closure check)."""
    from core.tenancy import tenant_context
    from finance.models import ResourcePledge

    with tenant_context(llr):
        ResourcePledge.objects.update(outcome="returned", outcome_note="Back to its partner")
