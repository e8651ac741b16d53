"""The RACI matrix seeded into each tenant: PID Appendix 3 plus the product defaults (DOMAIN.md s3).

The seed is data the PMO edits afterwards; nothing here is consulted at request
time except through the tenant's own ``RaciEntry`` rows. Whoever writes those rows in bulk (no signals) must give
the matrix a new version (``core.derived.bump(tenant_id, core.rules.RACI_MATRIX)``), as ``seed_matrix`` does.
"""

import csv
from pathlib import Path

from django.utils.text import slugify

from core.choices import Role

APPENDIX3_CSV = Path(__file__).resolve().parent / "fixtures" / "raci_appendix3.csv"
APPENDIX3_COLUMNS = {
    "partnership_board": Role.PARTNERSHIP_BOARD,
    "joint_sro": Role.JOINT_SRO,
    "delivery_board": Role.DELIVERY_BOARD,
    "programme_director": Role.PROGRAMME_DIRECTOR,
    "pmo": Role.PMO,
}

R, A = "R", "A"
# Product defaults for the registers (DOMAIN.md s3, "Product defaults"): process -> (name, {role: letters}).
PRODUCT_DEFAULTS = {
    "edit_project": ("Edit a project and its risks, issues and benefits", {
        Role.WORKSTREAM_SRO: A, Role.PROJECT_MANAGER: R, Role.WORKSTREAM_LEAD: R, Role.PMO: R,
        Role.PROGRAMME_DIRECTOR: R,
    }),
    "edit_workstream": ("Edit a workstream and its risks, issues and benefits", {
        Role.WORKSTREAM_SRO: A, Role.WORKSTREAM_LEAD: R, Role.PMO: R, Role.PROGRAMME_DIRECTOR: R,
    }),
    "edit_programme_register": ("Edit the programme risk register and issue log", {
        Role.PROGRAMME_DIRECTOR: A, Role.PMO: R,
    }),
    "accept_delivery_board_baf": ("Accept a risk onto the Delivery Board BAF", {
        Role.DELIVERY_BOARD: A, Role.PROGRAMME_DIRECTOR: R, Role.PMO: R,
    }),
    "accept_partnership_board_baf": ("Accept a risk onto the Partnership Board BAF", {
        Role.PARTNERSHIP_BOARD: A, Role.DELIVERY_BOARD: R, Role.JOINT_SRO: R,
    }),
    "approve_brief": ("Approve a brief in principle", {
        Role.DELIVERY_BOARD: A, Role.WORKSTREAM_LEAD: R, Role.PMO: R,
    }),
    "approve_rff": ("Approve a request for funding", {Role.DELIVERY_BOARD: A, Role.PMO: R}),
    "approve_obc_fbc": ("Approve an outline or full business case", {
        Role.PARTNERSHIP_BOARD: A, Role.DELIVERY_BOARD: R,
    }),
    "decide_change_request": ("Log, assess and decide a change request", {
        Role.PMO: R, Role.WORKSTREAM_SRO: A, Role.PROGRAMME_DIRECTOR: A, Role.DELIVERY_BOARD: A,
    }),
    "approve_end_of_stage": ("Approve an end-of-stage report and the next stage", {
        Role.DELIVERY_BOARD: A, Role.PARTNERSHIP_BOARD: A, Role.PROGRAMME_DIRECTOR: R,
    }),
    "approve_eia": ("Approve an equality impact assessment", {
        Role.DELIVERY_BOARD: A, Role.WORKSTREAM_SRO: R,
    }),
    # PID s3.4.1: the Programme Plan is a product of the PMO; Appendix 3 "make the programme plan" (Programme
    # Director R) makes it, and managing it day to day falls to those who deliver each part of it.
    "manage_the_programme_plan": ("Manage the programme plan", {
        Role.PMO: R, Role.PROGRAMME_DIRECTOR: R, Role.WORKSTREAM_LEAD: R, Role.PROJECT_MANAGER: R,
        Role.WORKSTREAM_SRO: A, Role.JOINT_SRO: A,
    }),
    # PID s3: the PMO's "progress monitoring, reporting and forecasting": a project manager (a workstream's lead)
    # writes the highlight report, the workstream SRO signs it off.
    "highlight_reports": ("Write and sign off highlight reports", {
        Role.PROJECT_MANAGER: R, Role.WORKSTREAM_LEAD: R, Role.PMO: R, Role.WORKSTREAM_SRO: A,
    }),
    # PID s1 names "programme budget" among the PMO's functions and Appendix 3 "manage people and other resources"
    # (Programme Director R, Joint SROs A); the partners' spend is entered by those who deliver each project.
    "manage_programme_finance": ("Manage the programme budget and actual spend", {
        Role.PMO: R, Role.PROGRAMME_DIRECTOR: R, Role.WORKSTREAM_LEAD: R, Role.PROJECT_MANAGER: R,
        Role.WORKSTREAM_SRO: A, Role.JOINT_SRO: A,
    }),
    # PID s5.1: the Partnership Board reviews the resource partners own ("funding, staff, skills, time and space");
    # Appendix 3 "manage people and other resources" and "confirm redeployment of all programme resource"
    # (Programme Director R, Joint SROs A): the partners' pledges, the cases' demand and, at closure, each
    # pledge's outcome are kept by the PMO and those who deliver each part of the programme.
    "manage_programme_resources": ("Manage partner resources, demand and redeployment", {
        Role.PMO: R, Role.PROGRAMME_DIRECTOR: R, Role.WORKSTREAM_LEAD: R, Role.PROJECT_MANAGER: R,
        Role.WORKSTREAM_SRO: A, Role.JOINT_SRO: A,
    }),
    "publish_board_pack": ("Generate and publish a board pack", {Role.PROGRAMME_DIRECTOR: A, Role.PMO: R}),
}


def process_key(name):
    return slugify(name).replace("-", "_")


def appendix3_rows():
    """(group, process key, process name, {role: letters}) for each Appendix 3 process."""
    with APPENDIX3_CSV.open(newline="") as handle:
        for row in csv.DictReader(handle):
            letters = {role: row[column].strip() for column, role in APPENDIX3_COLUMNS.items() if row[column].strip()}
            yield row["group"], process_key(row["process"]), row["process"], letters


def seed_matrix(tenant):
    """Create the tenant's RACI entries if missing; existing (possibly edited) entries are left alone."""
    from core.models import RaciEntry

    existing = set(RaciEntry.all_tenants.filter(tenant=tenant).values_list("process", "role"))
    rows = [(group, key, name, letters) for group, key, name, letters in appendix3_rows()]
    rows += [("Product defaults", key, name, letters) for key, (name, letters) in PRODUCT_DEFAULTS.items()]
    new = []
    for group, key, name, letters in rows:
        for role in Role.values:
            if (key, role) in existing:
                continue
            new.append(RaciEntry(
                tenant=tenant, process=key, process_name=name, group=group, role=role,
                letters=letters.get(role, ""),
            ))
    RaciEntry.all_tenants.bulk_create(new)
    if new:  # bulk_create sends no signal: the matrix's new version (core.rules remembers the matrix by it)
        from core import derived, rules, tenancy

        with tenancy.tenant_context(tenant):
            derived.bump(tenant.pk, rules.RACI_MATRIX)
    return len(new)
