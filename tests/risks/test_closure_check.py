"""The closure check the risk register registers for the lifecycle app (``core.registry``, PID s3.6): a workstream
or project cannot close while an open risk is still on its register."""

import pytest

from core import registry
from programme.models import Project
from risks.choices import Level

pytestmark = pytest.mark.django_db


def blockers(target):
    (check,) = [check for check in registry.closure_checks() if check.key == "risks.open_risks"]
    return check.blockers(target)


def test_open_risks_on_the_register_block_closing(make_risk, poa, in_llr):
    on_project = make_risk(title="On the project", level=Level.PROJECT, project=poa)
    on_workstream = make_risk(title="On the workstream", level=Level.WORKSTREAM, workstream=poa.workstream)
    closed = make_risk(title="Closed", level=Level.PROJECT, project=poa, status="closed")
    archived = make_risk(title="Archived", level=Level.PROJECT, project=poa, archived=True)
    above = make_risk(title="Transferred up", level=Level.PROGRAMME, workstream=poa.workstream, project=poa)
    for_project = blockers(poa)
    for_workstream = blockers(poa.workstream)
    sentence = "Risk {} is open: close it or transfer it to another register."
    assert sentence.format(on_project.ref) in for_project
    assert sentence.format(on_project.ref) in for_workstream and sentence.format(on_workstream.ref) in for_workstream
    assert sentence.format(on_workstream.ref) not in for_project  # the workstream's own register is not the project's
    for risk in (closed, archived, above):
        assert risk.ref not in " ".join(for_project + for_workstream)
    # Every sentence names an open, live risk of the register, oldest first.
    refs = [line.split()[1] for line in for_project]
    assert refs == sorted(refs) and len(refs) == len(set(refs))
    other_project = Project.objects.exclude(pk=poa.pk).first()
    assert on_project.ref not in " ".join(blockers(other_project))
