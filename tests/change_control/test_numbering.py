"""Request references come from the kernel's one allocator (``core.numbering``): per partnership, in sequence,
carrying on from the highest number already used when the partnership's counter is first made."""

from change_control.models import ChangeRequest
from core.models import ReferenceCounter
from core.tenancy import tenant_context


def test_refs_carry_on_from_the_highest_number_and_are_never_reused(llr, make_request):
    ReferenceCounter.all_tenants.filter(tenant=llr, kind="CR").delete()
    with tenant_context(llr):
        highest = max(ChangeRequest.objects.values_list("number", flat=True))
    first = make_request(title="First")
    assert first.ref == f"CR-{highest + 1:04d}"
    with tenant_context(llr):
        ChangeRequest.objects.filter(pk=first.pk).delete()
    second = make_request(title="Second")
    assert second.ref == f"CR-{highest + 2:04d}"  # the deleted request's number is not handed out again
    assert ReferenceCounter.all_tenants.get(tenant=llr, kind="CR").last == highest + 2


def test_numbering_is_per_partnership(northshire, make_request, llr):
    with tenant_context(northshire):
        highest = max(ChangeRequest.objects.values_list("number", flat=True), default=0)
    assert make_request(tenant=northshire, originator="viewer.north", place=None).ref == f"CR-{highest + 1:04d}"
