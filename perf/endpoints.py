"""What the benchmark measures: each main list endpoint at 100 rows, each detail endpoint, the register pages, the
heat map and the dashboards, the .xlsx export of the whole risk register, and a Delivery Board pack.

``{risk}``, ``{benefit}``... in a URL are the ids of typical objects of the large tenant (``sample_ids``); a
list's ``small`` URL asks for 10 rows, to show that queries per request do not depend on the page size.
"""

import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import Count

LIST, DETAIL, PAGE, EXPORT = "list", "detail", "page", "export"
TARGET_MS = {LIST: 150, DETAIL: 250, PAGE: 250}  # p95 targets of issue 8 (a detail is held to the page target)
FLOOR_RATIO = 4  # every list within 4x its floor
LAST_PAGE_RATIO = 1.5  # issue 20: the last page of a list within 1.5x its first


@dataclass(frozen=True)
class Endpoint:
    key: str  # also the floor's key (perf.floor.FLOORS)
    label: str
    url: str
    kind: str
    small: str | None = None  # the same list at 10 rows
    target_ms: int | None = None  # a p95 target of its own, tighter than its kind's
    ratio_target: float | None = None  # issue 20: a ratio to its floor of its own (lists: FLOOR_RATIO otherwise)
    walk: str | None = None  # measured on the list's last page (following ``next``); the key of its first page

    @property
    def api(self):
        return self.url.startswith("/api/")


def api_list(key, label, path, **options):
    sep = "&" if "?" in path else "?"
    return Endpoint(key, label, f"/api/v1/{path}{sep}page_size=100", LIST, f"/api/v1/{path}{sep}page_size=10",
                    **options)


def page_list(key, label, path, **options):
    sep = "&" if "?" in path else "?"
    return Endpoint(key, label, f"{path}{sep}page_size=100", PAGE, f"{path}{sep}page_size=25", **options)


NEXT_LINK = re.compile(r'<a [^>]*rel="next" href="([^"]+)"')


def _next(response):
    """The ``next`` link of an API page (its JSON) or of a register page (its ``rel="next"`` link), or None."""
    if response.get("Content-Type", "").startswith("application/json"):
        return response.json().get("next")
    found = NEXT_LINK.search(response.content.decode())
    return html.unescape(found.group(1)) if found else None


def resolve(endpoint, ids, get):
    """The URL to measure: the endpoint's own, or for a ``walk`` endpoint the last page of its list, reached by
    following ``next`` from the first page as a client would (``get(url)`` answers with a response)."""
    url = endpoint.url.format(**ids)
    while endpoint.walk:
        following = _next(get(url))
        if not following:
            break
        parts = urlsplit(following)
        url = f"{parts.path or urlsplit(url).path}?{parts.query}"
    return url


ENDPOINTS = [
    api_list("api.risks", "API risks", "risks/", ratio_target=3),
    # Issue 20: the register's last page, by cursor, costs what its first does (no OFFSET over the tenant).
    Endpoint("api.risks_last", "API risks, the last page (by cursor)", "/api/v1/risks/?page_size=100", LIST,
             walk="api.risks"),
    api_list("api.issues", "API issues", "issues/"),
    api_list("api.actions", "API mitigation actions", "mitigation-actions/"),
    api_list("api.baf", "API BAF entries", "baf-entries/"),
    api_list("api.benefits", "API benefits", "benefits/"),
    api_list("api.measurements", "API a benefit's measurements", "benefits/{benefit}/measurements/"),
    api_list("api.briefs", "API briefs", "briefs/"),
    api_list("api.cases", "API business cases", "business-cases/"),
    api_list("api.changes", "API change requests", "change-requests/"),
    api_list("api.projects", "API projects", "projects/"),
    api_list("api.workstreams", "API workstreams (all 20)", "workstreams/"),
    api_list("api.plan_items", "API plan items (of 3,000)", "plan-items/"),
    Endpoint("api.risk", "API a risk", "/api/v1/risks/{risk}/", DETAIL),
    Endpoint("api.risk_history", "API a risk's history", "/api/v1/risks/{risk}/history/", DETAIL),
    Endpoint("api.issue", "API an issue", "/api/v1/issues/{issue}/", DETAIL),
    Endpoint("api.benefit", "API a benefit", "/api/v1/benefits/{benefit}/", DETAIL),
    Endpoint("api.benefit_history", "API a benefit's history (60 months)", "/api/v1/benefits/{benefit}/history/",
             DETAIL),
    Endpoint("api.brief", "API a brief", "/api/v1/briefs/{brief}/", DETAIL),
    Endpoint("api.case", "API a business case", "/api/v1/business-cases/{case}/", DETAIL),
    Endpoint("api.change", "API a change request", "/api/v1/change-requests/{change}/", DETAIL),
    Endpoint("api.project", "API a project", "/api/v1/projects/{project}/", DETAIL),
    Endpoint("api.workstream", "API a workstream", "/api/v1/workstreams/{workstream}/", DETAIL),
    Endpoint("api.heatmap", "API risk heat map", "/api/v1/risks/heatmap/", PAGE, ratio_target=3),
    page_list("page.register", "Risk register page", "/risks/", ratio_target=5),
    Endpoint("page.register_last", "Risk register page, the last page (by cursor)", "/risks/?page_size=100", PAGE,
             walk="page.register"),
    Endpoint("page.heatmap", "Risk heat map page", "/risks/heat-map/", PAGE, ratio_target=5),
    Endpoint("page.risk", "A risk's page", "/risks/{risk}/", PAGE),
    Endpoint("page.baf", "Delivery Board BAF page", "/risks/baf/delivery_board/", PAGE),
    page_list("page.issues", "Issue log page", "/risks/issues/"),
    page_list("page.benefits", "Benefits register page", "/benefits/"),
    Endpoint("page.benefit_dashboard", "Benefits dashboard", "/benefits/dashboard/", PAGE, ratio_target=5),
    Endpoint("page.benefit", "A benefit's page", "/benefits/{benefit}/", PAGE, ratio_target=5),
    Endpoint("page.pipeline", "Business case pipeline (all cases)", "/cases/", PAGE),
    Endpoint("page.awaiting", "Cases awaiting a board", "/cases/awaiting/", PAGE),
    Endpoint("page.case", "A business case's page", "/cases/{case}/", PAGE),
    Endpoint("page.briefs", "Briefs page", "/cases/briefs/", PAGE),
    page_list("page.changes", "Change log page", "/changes/"),
    page_list("page.plan", "Programme plan page (of 3,000 items)", "/plan/"),
    Endpoint("page.change", "A change request's page", "/changes/{change}/", PAGE),
    Endpoint("page.overview", "Programme overview (dashboard)", "/programme/", PAGE),
    Endpoint("page.workstream", "A workstream's page", "/programme/workstreams/{workstream}/", PAGE),
    Endpoint("page.project", "A project's page", "/programme/projects/{project}/", PAGE),
    # Issue 17: each person's home page, under 150 ms at p95 (the PMO's: the risks, actions and benefits it owns).
    Endpoint("page.my_work", "My work (the PMO's home page)", "/my-work/", PAGE, target_ms=150),
    # Issue 17: the live programme dashboard of 20 workstreams and 400 projects, under 250 ms at p95.
    Endpoint("page.dashboard", "Live programme dashboard (20 workstreams, 400 projects)", "/programme/dashboard/",
             PAGE),
    # Issue 18: the finance overview (budget, actual and forecast outturn by workstream, partner and year, the
    # largest variances) of 400 projects with five years of monthly actuals (about 60,000), and its API summary.
    Endpoint("page.finance", "Programme finance overview (60,000 actuals)", "/finance/", PAGE),
    Endpoint("api.budgets", "API budget by workstream (60,000 actuals)", "/api/v1/budgets/?by=workstream", PAGE),
    # Issue 18 (resources): the capacity heat map of the partners' pledges against approved cases' demand, by skill
    # and quarter (about 1,000 pledges and 3,000 demands), beside the finance overview.
    Endpoint("page.capacity", "Capacity: pledged and demanded WTE (1,000 pledges)", "/finance/capacity/", PAGE),
]
EXPORT_ENDPOINT = Endpoint("export.xlsx", "Risk register .xlsx export (every live risk)", "/risks/export.xlsx", EXPORT)


def sample_ids():
    """Typical objects of the active (large) tenant: a project risk with actions, a measured monthly benefit, an
    approved top-tier case with versions, an implemented change request, the first workstream and project."""
    from benefits.models import Benefit
    from business_cases.models import Brief, BusinessCase
    from change_control.models import ChangeRequest
    from core.models import User
    from core.tenancy import get_current_tenant
    from programme.models import Project, Workstream
    from risks.models import Issue, Risk

    risk = (Risk.objects.filter(level="project", status="open", archived=False, restricted=False)
            .annotate(n=Count("actions")).filter(n__gte=2).order_by("number").first()
            or Risk.objects.order_by("number").first())
    case = (BusinessCase.objects.filter(status="approved", restricted=False).annotate(n=Count("versions"))
            .order_by("-n", "number").first() or BusinessCase.objects.order_by("number").first())
    return {
        "risk": risk.pk,
        "issue": Issue.objects.filter(archived=False).order_by("number").values_list("pk", flat=True).first(),
        "benefit": Benefit.objects.filter(archived=False, restricted=False, period_kind="month")
        .order_by("number").values_list("pk", flat=True).first(),
        "brief": Brief.objects.order_by("pk").values_list("pk", flat=True).first(),
        "case": case.pk,
        "change": ChangeRequest.objects.filter(status="implemented").order_by("number")
        .values_list("pk", flat=True).first(),
        "project": Project.objects.order_by("pk").values_list("pk", flat=True).first(),
        "workstream": Workstream.objects.order_by("name").values_list("pk", flat=True).first(),
        "pmo": User.objects.get(username=pmo_username(get_current_tenant())).pk,
    }


def pmo_username(tenant):
    """The generated partnership's PMO, whom the benchmark acts as."""
    return f"load.{tenant.slug.removeprefix('load-')}.pmo"
