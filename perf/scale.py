"""How much data each scale generates. ``full`` is issue 8's dataset; ``small`` a quick run; ``tiny`` the tests'.

The first partnership of every scale is the *large tenant* the benchmark measures; the others are smaller,
of varied sizes, so that every query runs among other tenants' rows as it would with many partnerships.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class TenantSize:
    workstreams: int
    projects: int
    users: int
    risks: int
    actions_per_risk: float
    issues: int
    benefits: int
    benefit_periods: int  # measurements per benefit (monthly for the large tenant, quarterly for the others)
    monthly: bool
    cases: int
    change_requests: int
    history_years: int = 10
    plan_items: int = 0  # milestones, deliverables and step-changes (issue 16)


@dataclass(frozen=True)
class Scale:
    name: str
    tenants: int
    large: TenantSize
    small_low: TenantSize  # the other tenants are spread evenly between these two sizes
    small_high: TenantSize
    load_test_tenants: int = 5

    def size_of(self, index):
        """The size of tenant ``index`` (0 is the large one)."""
        if index == 0:
            return self.large
        others = max(self.tenants - 2, 1)
        share = (index - 1) / others
        low, high = self.small_low, self.small_high

        def between(name):
            a, b = getattr(low, name), getattr(high, name)
            value = a + (b - a) * share
            return value if isinstance(a, float) else round(value)

        return TenantSize(**{name: between(name) for name in TenantSize.__dataclass_fields__})


SMALL_LOW = TenantSize(workstreams=3, projects=12, users=15, risks=150, actions_per_risk=1.0, issues=15, benefits=15,
                       benefit_periods=20, monthly=False, cases=8, change_requests=30,
                      plan_items=40)
SMALL_HIGH = TenantSize(workstreams=8, projects=60, users=40, risks=900, actions_per_risk=1.5, issues=60, benefits=80,
                        benefit_periods=20, monthly=False, cases=40, change_requests=150,
                       plan_items=200)

SCALES = {
    # Issue 8: one tenant with 20 workstreams, 400 projects, 20,000 risks, 2,000 benefits with 5 years of monthly
    # measurements, 500 business cases, 2,000 change requests and 10 years of history; 39 others smaller.
    "full": Scale(
        name="full", tenants=40,
        large=TenantSize(workstreams=20, projects=400, users=300, risks=20_000, actions_per_risk=1.5, issues=1_000,
                         benefits=2_000, benefit_periods=60, monthly=True, cases=500, change_requests=2_000,
                         plan_items=3_000),
        small_low=SMALL_LOW, small_high=SMALL_HIGH,
    ),
    # Issue 20: the register grown to 100,000 risks (``BENCH_SCALE=large make bench``), to show that lists, pages
    # and exports stay flat as one tenant grows: the full tenant's other rows, fewer other tenants (the point is
    # the one large register, and generating 40 partnerships again would only lengthen the run).
    "large": Scale(
        name="large", tenants=10,
        large=TenantSize(workstreams=20, projects=400, users=300, risks=100_000, actions_per_risk=1.5, issues=1_000,
                         benefits=2_000, benefit_periods=60, monthly=True, cases=500, change_requests=2_000,
                         plan_items=3_000),
        small_low=SMALL_LOW, small_high=SMALL_HIGH,
    ),
    # A tenth of it, for a quick ``BENCH_SCALE=small make bench``.
    "small": Scale(
        name="small", tenants=5,
        large=TenantSize(workstreams=6, projects=40, users=60, risks=2_000, actions_per_risk=1.5, issues=100,
                         benefits=200, benefit_periods=60, monthly=True, cases=50, change_requests=200,
                         plan_items=300),
        small_low=SMALL_LOW, small_high=SMALL_HIGH,
    ),
    # For the tests: a few seconds on SQLite, and more than 20 rows in every list of the large tenant.
    "tiny": Scale(
        name="tiny", tenants=3, load_test_tenants=2,
        large=TenantSize(workstreams=3, projects=24, users=12, risks=120, actions_per_risk=1.5, issues=30,
                         benefits=30, benefit_periods=12, monthly=True, cases=30, change_requests=30,
                         history_years=2, plan_items=60),
        small_low=TenantSize(workstreams=1, projects=2, users=4, risks=10, actions_per_risk=0.5, issues=2, benefits=2,
                             benefit_periods=4, monthly=False, cases=2, change_requests=3, history_years=1,
                             plan_items=4),
        small_high=TenantSize(workstreams=2, projects=3, users=5, risks=15, actions_per_risk=0.5, issues=2,
                              benefits=3, benefit_periods=4, monthly=False, cases=2, change_requests=3,
                              history_years=1, plan_items=6),
    ),
}
