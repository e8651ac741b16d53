"""Security tests (SECURITY.md says which file proves what)."""


def main_pages(llr):
    """(name, path) of the portal's main pages in the LLR demo, as pmo.llr sees them, for the browser checks."""
    from benefits.models import Benefit
    from business_cases.models import BusinessCase
    from change_control.models import ChangeRequest
    from core.tenancy import tenant_context
    from programme.models import Project, Workstream
    from risks.choices import Level
    from risks.models import Risk

    with tenant_context(llr):
        workstream = Workstream.objects.get(name="Urgent Care")
        project = Project.objects.get(name="Integrating LLR Points of Access")
        # A programme-register risk: the PMO may edit those (the form page is among the pages).
        risk = Risk.objects.filter(archived=False, level=Level.PROGRAMME).order_by("pk").first()
        benefit = Benefit.objects.order_by("pk").first()
        case = BusinessCase.objects.order_by("pk").first()
        change = ChangeRequest.objects.order_by("pk").first()
    return [
        ("my work", "/my-work/"),
        ("programme overview", "/programme/"),
        ("workstream", f"/programme/workstreams/{workstream.pk}/"),
        ("project", f"/programme/projects/{project.pk}/"),
        ("risk register", "/risks/"),
        ("heat map", "/risks/heat-map/"),
        ("risk detail", f"/risks/{risk.pk}/"),
        ("risk form", f"/risks/{risk.pk}/edit/"),
        ("benefits register", "/benefits/"),
        ("benefit", f"/benefits/{benefit.pk}/"),
        ("business case pipeline", "/cases/"),
        ("business case", f"/cases/{case.pk}/"),
        ("change log", "/changes/"),
        ("change request", f"/changes/{change.pk}/"),
        ("inbox", "/programme/inbox/"),
        ("two-factor", "/accounts/two-factor/"),
        ("API tokens", "/accounts/tokens/"),
        ("audit trail", "/audit/"),
    ]
