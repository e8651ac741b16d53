"""Case references come from the kernel's one allocator (``core.numbering``): per partnership, in sequence,
carrying on from the highest number already used when the partnership's counter is first made."""

from business_cases.models import BusinessCase
from core.models import ReferenceCounter
from core.tenancy import tenant_context


def test_refs_carry_on_from_the_highest_number_and_are_never_reused(llr, make_case):
    ReferenceCounter.all_tenants.filter(tenant=llr, kind="BC").delete()
    with tenant_context(llr):
        highest = max(BusinessCase.objects.values_list("number", flat=True))
    first = make_case(title="First")
    assert first.ref == f"BC-{highest + 1:04d}"
    with tenant_context(llr):
        BusinessCase.objects.filter(pk=first.pk).delete()
    second = make_case(title="Second")
    assert second.ref == f"BC-{highest + 2:04d}"  # the deleted case's number is not handed out again
    assert ReferenceCounter.all_tenants.get(tenant=llr, kind="BC").last == highest + 2


def test_numbering_is_per_partnership(llr, northshire, make_case):
    with tenant_context(northshire):
        highest = max(BusinessCase.objects.values_list("number", flat=True), default=0)
    assert make_case(tenant=northshire, project=_north_project(northshire)).ref == f"BC-{highest + 1:04d}"


def _north_project(northshire):
    from programme.models import Project

    with tenant_context(northshire):
        return Project.objects.first()
