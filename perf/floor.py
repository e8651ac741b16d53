"""The floor of each endpoint: one hand-written SQL statement that returns what the endpoint shows (the same
rows, in the same order, with the same columns, joined for related names and with related rows aggregated as
JSON), serialised with the standard library's ``json.dumps``. What the framework costs is the endpoint's time
over this.

Each statement takes ``%(tenant)s`` and, for a detail, the object's id (``%(risk)s``, ``%(benefit)s``...). A
list statement carries the total row count as a scalar subquery, since the paginated answer states it. The
floors read as the table owner, so they never pay for the visibility filters the endpoints apply; for the PMO
persona the benchmark acts as, those filters admit the same rows.
"""

import json
import time

ROWS = 100


def username(column):
    return f"(SELECT username FROM programme_user WHERE id = {column})"


def ids(table, key, value, column):
    return f"ARRAY(SELECT {value} FROM {table} WHERE {key} = {column} ORDER BY {value})"


def count(table, where="TRUE"):
    return f"(SELECT count(*) FROM {table} WHERE tenant_id = %(tenant)s AND {where})"


# Resources: (columns, FROM clause). Lists and details share them --------------------------------------------
RISK_ACTIONS = """COALESCE((SELECT json_agg(json_build_object('id', a.id, 'risk', a.risk_id,
    'description', a.description, 'owner', au.username, 'owner_name', a.owner_name, 'due_date', a.due_date,
    'status', a.status, 'overdue', a.due_date < CURRENT_DATE AND a.status IN ('not_started', 'in_progress'))
    ORDER BY a.due_date, a.id)
    FROM risks_mitigationaction a LEFT JOIN programme_user au ON au.id = a.owner_id WHERE a.risk_id = r.id), '[]')"""
PENDING_MOVE = """(SELECT json_build_object('id', m.id, 'risk', m.risk_id, 'direction', m.direction,
    'from_level', m.from_level, 'to_level', m.to_level, 'to_workstream', m.to_workstream_id,
    'to_project', m.to_project_id, 'reason', m.reason, 'automatic', m.automatic, 'residual_score', m.residual_score,
    'proposed_by', pu.username, 'proposed_at', m.proposed_at, 'status', m.status, 'decided_by', du.username,
    'decided_at', m.decided_at, 'decision_note', m.decision_note)
    FROM risks_riskmove m LEFT JOIN programme_user pu ON pu.id = m.proposed_by_id
    LEFT JOIN programme_user du ON du.id = m.decided_by_id WHERE m.risk_id = r.id AND m.status = 'proposed' LIMIT 1)"""
RISK = (f"""r.id, r.ref, r.title, r.description, r.category, r.nature, o.username AS owner, r.owner_name, r.level,
    r.project_id AS project, r.workstream_id AS workstream, r.inherent_likelihood, r.inherent_impact,
    r.inherent_score, r.inherent_rag, r.controls, r.residual_likelihood,
    r.residual_impact, r.residual_score, r.residual_rag, r.target_likelihood,
    r.target_impact, r.target_likelihood * r.target_impact AS target_score,
    r.target_rag, r.response, r.residual_above_inherent_reason,
    r.proximity, r.date_identified, r.review_date, (r.status = 'open' AND r.review_date < CURRENT_DATE) AS overdue,
    r.status, r.closed_on, r.restricted, r.archived,
    {ids('risks_risk_objectives', 'risk_id', 'objective_id', 'r.id')} AS objectives, r.source_ref,
    {PENDING_MOVE} AS pending_move, {RISK_ACTIONS} AS actions, r.created, r.updated""",
        "risks_risk r LEFT JOIN programme_user o ON o.id = r.owner_id")

ISSUE = ("""i.id, i.ref, i.title, i.description, o.username AS owner, i.owner_name, i.level,
    i.workstream_id AS workstream, i.project_id AS project, i.priority, i.status, i.resolution, i.raised_on,
    i.resolved_on, i.dispute_stage, i.risk_id AS risk, i.restricted, i.archived,
    COALESCE((SELECT json_agg(json_build_object('from_stage', e.from_stage, 'to_stage', e.to_stage,
        'reason', e.reason, 'escalated_by', eu.username, 'escalated_at', e.escalated_at) ORDER BY e.escalated_at, e.id)
        FROM risks_issueescalation e LEFT JOIN programme_user eu ON eu.id = e.escalated_by_id
        WHERE e.issue_id = i.id), '[]') AS escalations, i.created, i.updated""",
         "risks_issue i LEFT JOIN programme_user o ON o.id = i.owner_id")

ACTION = ("""a.id, a.risk_id AS risk, a.description, o.username AS owner, a.owner_name, a.due_date, a.status,
    (a.due_date < CURRENT_DATE AND a.status IN ('not_started', 'in_progress')) AS overdue""",
          "risks_mitigationaction a LEFT JOIN programme_user o ON o.id = a.owner_id")

BAF_ENTRY = ("""e.id, b.level, e.risk_id AS risk, r.ref AS risk_ref, e.principal_risk, e.controls,
    e.sources_of_assurance, e.gaps_in_control, e.gaps_in_assurance, e.assurance_rating, e.current, e.added_on,
    r.residual_score, r.residual_rag""",
             "risks_bafentry e JOIN risks_boardassuranceframework b ON b.id = e.baf_id "
             "JOIN risks_risk r ON r.id = e.risk_id")

REALISATION_RAG = """CASE WHEN {p} IS NULL OR {p} <= 0 OR {a} IS NULL THEN 'not_measured'
    WHEN {a} * 100 >= 95 * {p} THEN 'green' WHEN {a} * 100 >= 80 * {p} THEN 'amber' ELSE 'red' END"""
BENEFIT = (f"""b.id, b.ref, b.title, b.description,
    {ids('benefits_benefit_objectives', 'benefit_id', 'objective_id', 'b.id')} AS objectives, o.username AS owner,
    b.type, b.unit, b.baseline, b.baseline_date, b.target, b.period_kind, b.profile_start, b.profile_end, b.stage,
    {ids('benefits_benefit_projects', 'benefit_id', 'project_id', 'b.id')} AS projects,
    {ids('benefits_benefit_business_cases', 'benefit_id', 'businesscase_id', 'b.id')} AS business_cases,
    b.workstream_id AS workstream, b.level,
    COALESCE((SELECT json_agg(json_build_object('organisation', t.organisation_id, 'organisation_name', g.name,
        'percent', t.percent) ORDER BY t.percent DESC, g.name) FROM benefits_benefitattribution t
        JOIN programme_organisation g ON g.id = t.organisation_id WHERE t.benefit_id = b.id), '[]') AS attributions,
    b.planned_total, b.planned_to_date, b.actual_to_date, b.realisation_percent,
    {REALISATION_RAG.format(p='b.planned_to_date', a='b.actual_to_date')} AS realisation_rag, b.trend,
    b.latest_period,
    (SELECT count(*) > 1 FROM benefits_benefit_business_cases c WHERE c.benefit_id = b.id) AS double_counting,
    '[]'::json AS double_counting_reasons, b.restricted, b.archived, b.created, b.updated""",
           "benefits_benefit b JOIN programme_user o ON o.id = b.owner_id")

MEASUREMENT = (f"""m.period, to_char(m.period, 'Mon YYYY') AS label, m.planned, m.actual, m.forecast, m.note,
    floor(m.actual * 10000 / NULLIF(m.planned, 0)) / 100 AS realisation_percent,
    {REALISATION_RAG.format(p='m.planned', a='m.actual')} AS realisation_rag, u.username AS recorded_by,
    m.updated""", "benefits_benefitmeasurement m LEFT JOIN programme_user u ON u.id = m.recorded_by_id")

BRIEF = (f"""f.id, f.title, f.kind, f.workstream_id AS workstream, f.workstream_kind, f.description, f.context,
    f.output, f.timeframe, f.cost, f.status, {username('f.author_id')} AS author,
    {username('f.submitted_by_id')} AS submitted_by, f.submitted_at, {username('f.decided_by_id')} AS decided_by,
    f.decided_at, f.decision_note, f.admitted_workstream_id AS admitted_workstream,
    f.admitted_project_id AS admitted_project, f.created, f.updated""", "business_cases_brief f")

CASE = (f"""c.id, c.ref, c.title, c.project_id AS project, p.name AS project_name, p.workstream_id AS workstream,
    c.value, c.tier, c.document_type, c.sections, c.summary, c.status, c.restricted,
    {username('c.author_id')} AS author, {username('c.submitted_by_id')} AS submitted_by, c.submitted_at,
    {username('c.recommended_by_id')} AS recommended_by, c.recommended_at, {username('c.decided_by_id')} AS decided_by,
    c.decided_at, c.decision_note, {username('c.obc_approved_by_id')} AS obc_approved_by, c.obc_approved_at,
    c.withdrawn_reason, (SELECT count(*) FROM business_cases_businesscaseversion v WHERE v.case_id = c.id)
    AS version_count,
    json_build_object(
        'lines', COALESCE((SELECT json_agg(json_build_object('kind', l.kind, 'funding', l.funding,
            'financial_year', l.financial_year, 'phase', l.phase, 'amount', l.amount))
            FROM business_cases_moneyline l WHERE l.case_id = c.id), '[]'),
        'split', COALESCE((SELECT json_agg(json_build_object('organisation', s.organisation_id, 'percent', s.percent,
            'amount', s.amount)) FROM business_cases_costshare s WHERE s.case_id = c.id), '[]'),
        'stated', COALESCE((SELECT json_agg(json_build_object('kind', t.kind, 'phase', t.phase, 'amount', t.amount))
            FROM business_cases_statedtotal t WHERE t.case_id = c.id), '[]')) AS money,
    (SELECT json_build_object('count', count(*), 'average_total', round(avg(s.business_need + s.strategic_fit
        + s.value_for_money + s.affordability + s.clinical_quality + s.access), 1))
        FROM business_cases_prioritisationscore s WHERE s.case_id = c.id) AS prioritisation, c.created, c.updated""",
        "business_cases_businesscase c JOIN programme_project p ON p.id = c.project_id")

CHANGE = (f"""x.id, x.ref, x.version, x.predecessor_id AS predecessor,
    (SELECT s.id FROM change_control_changerequest s WHERE s.predecessor_id = x.id) AS successor, x.kind, x.title,
    x.description, x.workstream_id AS workstream, x.project_id AS project, x.business_case_id AS business_case,
    {username('x.originator_id')} AS originator, x.status, NULLIF(x.authority, '') AS authority, x.referred_up,
    x.cost_impact, x.time_impact_days, x.changes_stage_or_objective, x.changes_business_case_tier,
    json_build_object('programme', x.impact_programme, 'business_case', x.impact_business_case,
        'benefits', x.impact_benefits, 'risks', x.impact_risks, 'resources', x.impact_resources) AS impact,
    NULLIF(x.priority, '') AS priority,
    {ids('change_control_changerequest_linked_risks', 'changerequest_id', 'risk_id', 'x.id')} AS linked_risks,
    {username('x.assessed_by_id')} AS assessed_by, x.assessed_at, x.proposal,
    {username('x.proposed_by_id')} AS proposed_by, x.proposed_at, NULLIF(x.decision, '') AS decision, x.rationale,
    {username('x.decided_by_id')} AS decided_by, x.decided_at, x.implementation_note,
    {username('x.implemented_by_id')} AS implemented_by, x.implemented_at, x.created, x.updated""",
          "change_control_changerequest x")

PROJECT = (f"""p.id, p.name, p.workstream_id AS workstream, p.description, p.stage, m.username AS manager,
    {ids('programme_project_objectives', 'project_id', 'objective_id', 'p.id')} AS objectives,
    {ids('programme_project_depends_on', 'from_project_id', 'to_project_id', 'p.id')} AS depends_on,
    p.start, p."end" """, "programme_project p JOIN programme_workstream w ON w.id = p.workstream_id "
                          "LEFT JOIN programme_user m ON m.id = p.manager_id")

WORKSTREAM = (f"""w.id, w.name, w.kind, w.description, {username('w.sro_id')} AS sro, {username('w.lead_id')} AS lead,
    w.clinical_lead, w.finance_lead, w.reports_to_id AS reports_to,
    (SELECT count(*) FROM programme_project p WHERE p.workstream_id = w.id) AS project_count""",
              "programme_workstream w")


# A plan item's row, and the whole plan's dates and links: both the API list and the register page mark each item
# pushed by its predecessors (plan.services.slippage), which reads every item's dates and every dependency.
PLAN_ITEM = (f"""i.id, i.ref, i.kind, i.title, i.description, i.outputs, i.level, i.workstream_id AS workstream,
    i.project_id AS project, i.stage_id AS stage, o.username AS owner, i.start_date, i.baseline_date,
    i.forecast_date, i.actual_date, COALESCE(i.actual_date, i.forecast_date) - i.baseline_date AS variance_days,
    i.status, {ids('plan_planitem_delivered_by', 'planitem_id', 'project_id', 'i.id')} AS delivered_by,
    {ids('plan_planitem_benefits', 'planitem_id', 'benefit_id', 'i.id')} AS benefits,
    {ids('plan_planitem_business_cases', 'planitem_id', 'businesscase_id', 'i.id')} AS business_cases,
    i.change_request_id AS change_request, i.created, i.updated""",
             "plan_planitem i LEFT JOIN programme_user o ON o.id = i.owner_id")
PLAN_GRAPH = """json_build_object(
    'items', (SELECT json_agg(json_build_array(g.id, g.ref, g.start_date, g.forecast_date, g.actual_date, g.status))
              FROM plan_planitem g WHERE g.tenant_id = %(tenant)s),
    'links', (SELECT json_agg(json_build_array(d.predecessor_id, d.successor_id, d.type, d.lag_days))
              FROM plan_plandependency d WHERE d.tenant_id = %(tenant)s),
    'externals', (SELECT json_agg(json_build_array(e.item_id, e.title, e.due_date))
                  FROM plan_externaldependency e WHERE e.tenant_id = %(tenant)s AND e.met_date IS NULL))"""


def plan_list(rows, **more):
    """One row: the page of items, the total, the whole plan's graph (read once, as the view reads it) and more."""
    extra = "".join(f", '{name}', ({sql})" for name, sql in more.items())
    return (f"SELECT json_build_object('results', (SELECT json_agg(q) FROM ({rows}) q), "
            f"'count', {count('plan_planitem')}, 'graph', {PLAN_GRAPH}{extra}) AS plan")


REPORT_COLUMNS = ("r.id, r.ref, r.workstream_id, r.project_id, r.period_start, r.version, r.status, r.schedule_rag, "
                  "r.finance_rag, r.benefits_rag, r.risks_rag, r.resources_rag, r.overall_rag")
DASHBOARD = f"""json_build_object(
    'workstreams', (SELECT json_agg(json_build_object('id', w.id, 'name', w.name, 'sro', s.username, 'lead', l.username,
        'lead_id', w.lead_id) ORDER BY w.name) FROM programme_workstream w LEFT JOIN programme_user s ON s.id = w.sro_id
        LEFT JOIN programme_user l ON l.id = w.lead_id WHERE w.tenant_id = %(tenant)s),
    'projects', (SELECT json_agg(json_build_object('id', p.id, 'name', p.name, 'workstream', p.workstream_id,
        'manager', m.username,
        'objectives', {ids('programme_project_objectives', 'project_id', 'objective_id', 'p.id')}) ORDER BY p.name)
        FROM programme_project p LEFT JOIN programme_user m ON m.id = p.manager_id
        WHERE p.tenant_id = %(tenant)s AND p.stage <> 'closed'),
    'signed_off', (SELECT json_agg(q) FROM (SELECT {REPORT_COLUMNS} FROM reporting_highlightreport r
        WHERE r.tenant_id = %(tenant)s AND r.status = 'signed_off'
        AND r.period_start >= date_trunc('month', CURRENT_DATE) - interval '13 months'
        ORDER BY r.period_start, r.version) q),
    'current', (SELECT json_agg(q) FROM (SELECT {REPORT_COLUMNS} FROM reporting_highlightreport r
        WHERE r.tenant_id = %(tenant)s AND r.period_start = date_trunc('month', CURRENT_DATE) - interval '1 month') q),
    'late', (SELECT json_agg(q) FROM (SELECT workstream_id, project_id, count(*) FROM plan_planitem
        WHERE tenant_id = %(tenant)s AND (status = 'late' OR (status <> 'complete' AND forecast_date < CURRENT_DATE))
        GROUP BY 1, 2) q),
    'risks', (SELECT json_agg(q) FROM (SELECT workstream_id, project_id, max(residual_score) FROM risks_risk
        WHERE tenant_id = %(tenant)s AND NOT archived AND NOT restricted AND status = 'open' GROUP BY 1, 2) q),
    'benefits', (SELECT json_agg(q) FROM (SELECT scope_workstream_id, scope_project_id, sum(planned_to_date),
        sum(actual_to_date) FROM benefits_benefit WHERE tenant_id = %(tenant)s AND NOT archived AND NOT restricted
        AND type IN ('cashable', 'non_cashable')
        GROUP BY GROUPING SETS ((scope_workstream_id), (scope_project_id))) q)) AS dashboard"""

# Programme finance (issue 18): the two grouped reads every finance summary is a sum of (``finance.figures.cells``),
# budget lines by place, partner, year and quarter (a reducing line negative) and actuals by project, partner and
# financial year, with the names they are labelled by and the tolerances.
FINANCE_LINES = """SELECT l.level, l.workstream_id, l.project_id, f.organisation_id, l.financial_year, l.quarter,
    sum(CASE WHEN l.reduces THEN -l.amount ELSE l.amount END) AS total FROM finance_budgetline l
    LEFT JOIN finance_fundingsource f ON f.id = l.funding_source_id WHERE l.tenant_id = %(tenant)s
    GROUP BY 1, 2, 3, 4, 5, 6"""
FINANCE_ACTUALS = """SELECT p.workstream_id, a.project_id, a.organisation_id,
    CASE WHEN extract(month FROM a.month) >= 4 THEN extract(year FROM a.month) ELSE extract(year FROM a.month) - 1
    END AS fy, sum(a.amount) AS total FROM finance_actual a JOIN programme_project p ON p.id = a.project_id
    WHERE a.tenant_id = %(tenant)s GROUP BY 1, 2, 3, 4"""
FINANCE = f"""json_build_object(
    'lines', (SELECT json_agg(q) FROM ({FINANCE_LINES}) q),
    'actuals', (SELECT json_agg(q) FROM ({FINANCE_ACTUALS}) q),
    'workstreams', (SELECT json_agg(json_build_object('id', w.id, 'name', w.name)) FROM programme_workstream w
        WHERE w.tenant_id = %(tenant)s),
    'projects', (SELECT json_agg(json_build_object('id', p.id, 'name', p.name)) FROM programme_project p
        WHERE p.tenant_id = %(tenant)s),
    'partners', (SELECT json_agg(json_build_object('id', o.id, 'code', o.code, 'name', o.name))
        FROM programme_organisation o WHERE o.tenant_id = %(tenant)s),
    'settings', (SELECT json_agg(s) FROM finance_financesettings s WHERE s.tenant_id = %(tenant)s)) AS finance"""
# Partner resources' capacity (issue 18): the live pledges of people, the demand summed by skill and quarter, and
# the skills' names (``finance.capacity.compute``'s three reads).
CAPACITY = """json_build_object(
    'pledges', (SELECT json_agg(json_build_object('id', p.id, 'skill', p.skill_id, 'first', p.first_quarter,
        'last', p.last_quarter, 'wte', p.wte, 'workstream', p.workstream_id, 'project', p.project_id,
        'person', p.person_id, 'name', p.person_name)) FROM finance_resourcepledge p
        WHERE p.tenant_id = %(tenant)s AND p.kind <> 'space' AND p.outcome = ''),
    'demand', (SELECT json_agg(q) FROM (SELECT d.skill_id, d.quarter, sum(d.wte) AS total
        FROM finance_resourcedemand d WHERE d.tenant_id = %(tenant)s GROUP BY 1, 2) q),
    'skills', (SELECT json_agg(json_build_object('id', s.id, 'name', s.name)) FROM finance_skill s
        WHERE s.tenant_id = %(tenant)s)) AS capacity"""
# The API's summary by workstream: each workstream's budget and actual (the cells summed in the statement).
BUDGET_BY_WORKSTREAM = f"""SELECT w.id, w.name, coalesce(b.budget, 0) AS budget, coalesce(x.actual, 0) AS actual
    FROM programme_workstream w
    LEFT JOIN (SELECT workstream_id, sum(total) AS budget FROM ({FINANCE_LINES}) l GROUP BY 1) b
        ON b.workstream_id = w.id
    LEFT JOIN (SELECT workstream_id, sum(total) AS actual FROM ({FINANCE_ACTUALS}) a GROUP BY 1) x
        ON x.workstream_id = w.id
    WHERE w.tenant_id = %(tenant)s ORDER BY w.name"""


def listing(resource, alias, order, where="TRUE", table=None, limit=ROWS):
    columns, source = resource
    table = table or source.split()[0]
    total = count(table, where.replace(f"{alias}.", ""))
    return (f"SELECT {columns}, {total} AS count FROM {source} WHERE {alias}.tenant_id = %(tenant)s AND {where} "
            f"ORDER BY {order} LIMIT {limit}")


def detail(resource, alias, key):
    columns, source = resource
    return f"SELECT {columns} FROM {source} WHERE {alias}.tenant_id = %(tenant)s AND {alias}.id = %({key})s"


def json_object(**queries):
    """One statement returning each query's rows as a JSON array under its name."""
    parts = ", ".join(f"'{name}', (SELECT json_agg(q) FROM ({sql}) q)" for name, sql in queries.items())
    return f"SELECT json_build_object({parts}) AS history"


HISTORY = """SELECT h.*, u.username AS who FROM {table} h LEFT JOIN programme_user u ON u.id = h.history_user_id
    WHERE h.tenant_id = %(tenant)s AND {where} ORDER BY h.history_date DESC, h.history_id DESC"""

FLOORS = {
    # API lists, 100 rows (the measurements of one benefit: its 60 months).
    "api.risks": listing(RISK, "r", "r.residual_score DESC, r.number", "NOT r.archived"),
    "api.issues": listing(ISSUE, "i", "i.number DESC", "NOT i.archived"),
    "api.actions": listing(ACTION, "a", "a.due_date, a.id"),
    "api.baf": listing(BAF_ENTRY, "e", "e.baf_id, e.current DESC, e.id"),
    "api.benefits": listing(BENEFIT, "b", "b.number", "NOT b.archived"),
    "api.measurements": (f"SELECT {MEASUREMENT[0]}, (SELECT count(*) FROM benefits_benefitmeasurement c "
                         f"WHERE c.benefit_id = %(benefit)s) AS count FROM {MEASUREMENT[1]} "
                         "WHERE m.tenant_id = %(tenant)s AND m.benefit_id = %(benefit)s ORDER BY m.period LIMIT 100"),
    "api.briefs": listing(BRIEF, "f", "f.created DESC, f.id DESC"),
    "api.cases": listing(CASE, "c", "c.number"),
    "api.changes": listing(CHANGE, "x", "x.number DESC"),
    "api.projects": listing(PROJECT, "p", "w.name, p.name"),
    "api.workstreams": listing(WORKSTREAM, "w", "w.name"),
    "api.plan_items": plan_list(f"SELECT {PLAN_ITEM[0]} FROM {PLAN_ITEM[1]} WHERE i.tenant_id = %(tenant)s "
                                f"ORDER BY i.forecast_date, i.number LIMIT {ROWS}"),
    # API details.
    "api.risk": detail(RISK, "r", "risk"),
    "api.issue": detail(ISSUE, "i", "issue"),
    "api.benefit": detail(BENEFIT, "b", "benefit"),
    "api.brief": detail(BRIEF, "f", "brief"),
    "api.case": detail(CASE, "c", "case"),
    "api.change": detail(CHANGE, "x", "change"),
    "api.project": detail(PROJECT, "p", "project"),
    "api.workstream": detail(WORKSTREAM, "w", "workstream"),
    "api.risk_history": json_object(
        changes=HISTORY.format(table="risks_historicalrisk", where="h.id = %(risk)s"),
        moves="SELECT * FROM risks_riskmove m WHERE m.risk_id = %(risk)s ORDER BY m.proposed_at DESC"),
    "api.benefit_history": json_object(
        benefit=HISTORY.format(table="benefits_historicalbenefit", where="h.id = %(benefit)s"),
        measurements=HISTORY.format(table="benefits_historicalbenefitmeasurement", where="h.benefit_id = %(benefit)s"),
        attributions=HISTORY.format(table="benefits_historicalbenefitattribution",
                                    where="h.benefit_id = %(benefit)s")),
    "api.heatmap": ("SELECT residual_likelihood, residual_impact, count(*) FROM risks_risk "
                    "WHERE tenant_id = %(tenant)s AND NOT archived GROUP BY 1, 2"),
    # Pages: what each shows.
    "page.register": ("SELECT r.id, r.ref, r.title, r.category, r.level, o.first_name, o.last_name, o.username, "
                      "r.owner_name, p.name AS project, w.name AS workstream, r.inherent_score, r.residual_score, "
                      "r.review_date, r.status, " + count("risks_risk", "NOT archived") + " AS count "
                      "FROM risks_risk r LEFT JOIN programme_user o ON o.id = r.owner_id "
                      "LEFT JOIN programme_project p ON p.id = r.project_id "
                      "LEFT JOIN programme_workstream w ON w.id = r.workstream_id "
                      "WHERE r.tenant_id = %(tenant)s AND NOT r.archived "
                      "ORDER BY r.residual_score DESC, r.number LIMIT 100"),
    "page.heatmap": ("SELECT residual_likelihood, residual_impact, count(*) FROM risks_risk "
                     "WHERE tenant_id = %(tenant)s AND NOT archived GROUP BY 1, 2"),
    "page.risk": (f"SELECT {RISK[0]}, (SELECT json_agg(h ORDER BY h.history_date DESC) FROM risks_historicalrisk h "
                  "WHERE h.id = r.id) AS history, (SELECT json_agg(m) FROM risks_riskmove m WHERE m.risk_id = r.id) "
                  "AS moves, (SELECT json_agg(e) FROM risks_bafentry e WHERE e.risk_id = r.id) AS baf_entries, "
                  "(SELECT json_agg(i) FROM risks_issue i WHERE i.risk_id = r.id AND NOT i.archived) AS issues "
                  f"FROM {RISK[1]} WHERE r.tenant_id = %(tenant)s AND r.id = %(risk)s"),
    "page.baf": ("SELECT e.*, r.ref, r.title, r.residual_score, o.username FROM risks_bafentry e "
                 "JOIN risks_boardassuranceframework b ON b.id = e.baf_id JOIN risks_risk r ON r.id = e.risk_id "
                 "LEFT JOIN programme_user o ON o.id = r.owner_id "
                 "WHERE e.tenant_id = %(tenant)s AND b.level = 'delivery_board' "
                 "ORDER BY e.current DESC, r.residual_score DESC, r.number"),
    "page.issues": ("SELECT i.id, i.ref, i.title, i.level, i.priority, i.status, i.raised_on, o.username, "
                    "p.name AS project, w.name AS workstream, " + count("risks_issue", "NOT archived") + " AS count "
                    "FROM risks_issue i LEFT JOIN programme_user o ON o.id = i.owner_id "
                    "LEFT JOIN programme_project p ON p.id = i.project_id "
                    "LEFT JOIN programme_workstream w ON w.id = i.workstream_id "
                    "WHERE i.tenant_id = %(tenant)s AND NOT i.archived ORDER BY i.number DESC LIMIT 100"),
    "page.benefits": ("SELECT b.id, b.ref, b.title, b.type, b.stage, b.level, b.planned_total, b.actual_to_date, "
                      "b.realisation_percent, b.trend, o.username, "
                      + ids("benefits_benefit_objectives", "benefit_id", "objective_id", "b.id") + " AS objectives, "
                      + count("benefits_benefit", "NOT archived") + " AS count FROM benefits_benefit b "
                      "JOIN programme_user o ON o.id = b.owner_id WHERE b.tenant_id = %(tenant)s AND NOT b.archived "
                      "ORDER BY b.number LIMIT 100"),
    "page.benefit_dashboard": (
        "SELECT json_build_object("
        "'objectives', (SELECT json_agg(q) FROM (SELECT o.code, count(*) AS benefits, sum(b.planned_total) AS planned, "
        "sum(b.actual_to_date) AS actual FROM benefits_benefit b JOIN benefits_benefit_objectives bo "
        "ON bo.benefit_id = b.id JOIN programme_objective o ON o.id = bo.objective_id "
        "WHERE b.tenant_id = %(tenant)s AND NOT b.archived GROUP BY o.code) q), "
        "'organisations', (SELECT json_agg(q) FROM (SELECT g.name, count(*) AS benefits, "
        "sum(b.planned_total * t.percent / 100) AS planned, sum(b.actual_to_date * t.percent / 100) AS actual "
        "FROM benefits_benefit b JOIN benefits_benefitattribution t ON t.benefit_id = b.id "
        "JOIN programme_organisation g ON g.id = t.organisation_id WHERE b.tenant_id = %(tenant)s AND NOT b.archived "
        "GROUP BY g.name) q)) AS dashboard"),
    "page.benefit": (f"SELECT {BENEFIT[0]}, (SELECT json_agg(m ORDER BY m.period) FROM benefits_benefitmeasurement m "
                     "WHERE m.benefit_id = b.id) AS measurements, (SELECT json_agg(h) FROM "
                     "benefits_historicalbenefitmeasurement h WHERE h.benefit_id = b.id) AS history "
                     f"FROM {BENEFIT[1]} WHERE b.tenant_id = %(tenant)s AND b.id = %(benefit)s"),
    "page.pipeline": ("SELECT c.id, c.ref, c.title, c.status, c.tier, c.document_type, c.value, p.name, w.name, "
                      "u.username, (SELECT count(*) FROM business_cases_businesscaseversion v WHERE v.case_id = c.id) "
                      "FROM business_cases_businesscase c JOIN programme_project p ON p.id = c.project_id "
                      "JOIN programme_workstream w ON w.id = p.workstream_id "
                      "LEFT JOIN programme_user u ON u.id = c.author_id WHERE c.tenant_id = %(tenant)s "
                      "ORDER BY c.number"),
    "page.awaiting": ("SELECT c.id, c.ref, c.title, c.status, (SELECT json_agg(s) FROM "
                      "business_cases_prioritisationscore s WHERE s.case_id = c.id) AS scores "
                      "FROM business_cases_businesscase c "
                      "WHERE c.tenant_id = %(tenant)s AND c.status IN ('submitted', 'recommended') "
                      "ORDER BY c.status, c.number"),
    "page.case": (f"SELECT {CASE[0]}, (SELECT json_agg(v) FROM business_cases_businesscaseversion v "
                  "WHERE v.case_id = c.id) AS versions, (SELECT json_agg(h) FROM (SELECT * FROM "
                  "business_cases_historicalbusinesscase h WHERE h.id = c.id ORDER BY h.history_date DESC LIMIT 20) h) "
                  f"AS history FROM {CASE[1]} WHERE c.tenant_id = %(tenant)s AND c.id = %(case)s"),
    "page.briefs": ("SELECT f.id, f.title, f.kind, f.status, f.cost, w.name, f.created FROM business_cases_brief f "
                    "LEFT JOIN programme_workstream w ON w.id = f.workstream_id WHERE f.tenant_id = %(tenant)s "
                    "ORDER BY f.created DESC, f.id DESC"),
    "page.changes": ("SELECT x.id, x.ref, x.kind, x.title, x.status, x.authority, x.decision, w.name, p.name, c.ref, "
                     "u.username, " + count("change_control_changerequest") + " AS count "
                     "FROM change_control_changerequest x LEFT JOIN programme_workstream w ON w.id = x.workstream_id "
                     "LEFT JOIN programme_project p ON p.id = x.project_id "
                     "LEFT JOIN business_cases_businesscase c ON c.id = x.business_case_id "
                     "LEFT JOIN programme_user u ON u.id = x.originator_id WHERE x.tenant_id = %(tenant)s "
                     "ORDER BY x.number DESC LIMIT 100"),
    "page.plan": plan_list(
        "SELECT i.id, i.ref, i.title, i.kind, i.level, o.first_name, o.last_name, o.username, w.name AS workstream, "
        "p.name AS project, s.name AS stage, i.start_date, i.baseline_date, i.forecast_date, i.actual_date, i.status "
        "FROM plan_planitem i LEFT JOIN programme_user o ON o.id = i.owner_id "
        "LEFT JOIN programme_workstream w ON w.id = i.workstream_id "
        "LEFT JOIN programme_project p ON p.id = i.project_id "
        "LEFT JOIN programme_stage s ON s.id = i.stage_id WHERE i.tenant_id = %(tenant)s "
        "ORDER BY i.forecast_date, i.number LIMIT 100",
        baseline="SELECT json_build_object('label', b.label, 'taken_at', b.taken_at) FROM plan_baseline b "
                 "WHERE b.tenant_id = %(tenant)s ORDER BY b.number DESC LIMIT 1"),
    "page.change": (f"SELECT {CHANGE[0]}, (SELECT json_agg(h ORDER BY h.history_date) FROM "
                    "change_control_historicalchangerequest h WHERE h.id = x.id) AS history "
                    f"FROM {CHANGE[1]} WHERE x.tenant_id = %(tenant)s AND x.id = %(change)s"),
    "page.overview": ("SELECT w.id, w.name, w.kind, s.username, l.username, (SELECT json_agg(json_build_object("
                      "'id', p.id, 'name', p.name, 'stage', p.stage, 'manager', m.username) ORDER BY p.name) "
                      "FROM programme_project p LEFT JOIN programme_user m ON m.id = p.manager_id "
                      "WHERE p.workstream_id = w.id) AS projects FROM programme_workstream w "
                      "LEFT JOIN programme_user s ON s.id = w.sro_id LEFT JOIN programme_user l ON l.id = w.lead_id "
                      "WHERE w.tenant_id = %(tenant)s ORDER BY w.name"),
    "page.workstream": (f"SELECT {WORKSTREAM[0]}, (SELECT json_agg(p ORDER BY p.name) FROM programme_project p "
                        "WHERE p.workstream_id = w.id) AS projects FROM programme_workstream w "
                        "WHERE w.tenant_id = %(tenant)s AND w.id = %(workstream)s"),
    "page.project": (f"SELECT {PROJECT[0]}, (SELECT json_agg(r) FROM programme_roleassignment r "
                     f"WHERE r.project_id = p.id) AS roles FROM {PROJECT[1]} "
                     "WHERE p.tenant_id = %(tenant)s AND p.id = %(project)s"),
    # The live programme dashboard: every workstream and open project, the signed-off reports of the last thirteen
    # months (the latest, the one before for the trend), the current period's reports, late plan items, the worst
    # open risk and the financial benefits' realisation of each place. One row: each part as JSON.
    "page.dashboard": "SELECT " + DASHBOARD,
    "page.finance": "SELECT " + FINANCE,
    "page.capacity": "SELECT " + CAPACITY,
    "api.budgets": BUDGET_BY_WORKSTREAM,
    # My work: the PMO's decisions awaited ("awaiting" notifications not yet settled), its open risks due for review
    # within two weeks, open meeting actions, plan items late or due within four weeks, and benefits with periods
    # past and no actual; overdue first. One row: the items as JSON.
    "page.my_work": ("SELECT json_agg(w ORDER BY w.overdue DESC, w.due NULLS LAST) FROM ("
                     "SELECT 'awaiting' AS source, n.subject AS title, n.link AS url, NULL::date AS due, "
                     "FALSE AS overdue FROM programme_notification n WHERE n.tenant_id = %(tenant)s "
                     "AND n.recipient_id = %(pmo)s AND n.settled_at IS NULL AND n.kind LIKE '%%awaiting%%' "
                     "UNION ALL SELECT 'review', r.ref || ' ' || r.title, '/risks/' || r.id || '/', r.review_date, "
                     "r.review_date < CURRENT_DATE FROM risks_risk r WHERE r.tenant_id = %(tenant)s "
                     "AND r.owner_id = %(pmo)s AND r.status = 'open' AND NOT r.archived "
                     "AND r.review_date <= CURRENT_DATE + 14 "
                     "UNION ALL SELECT 'action', left(a.description, 120), '/meetings/' || a.meeting_id || '/', "
                     "a.due_date, a.due_date < CURRENT_DATE FROM programme_meetingaction a "
                     "WHERE a.tenant_id = %(tenant)s AND a.owner_id = %(pmo)s AND a.status = 'open' "
                     "UNION ALL SELECT 'plan', i.ref || ' ' || i.title, '/plan/' || i.id || '/', i.forecast_date, "
                     "i.forecast_date < CURRENT_DATE OR i.status = 'late' FROM plan_planitem i "
                     "WHERE i.tenant_id = %(tenant)s AND i.owner_id = %(pmo)s AND i.status <> 'complete' "
                     "AND (i.status = 'late' OR i.forecast_date <= CURRENT_DATE + 28) "
                     "UNION ALL SELECT 'measurements', b.ref || ' ' || b.title || ': ' || count(*) || ' periods', "
                     "'/benefits/' || b.id || '/measurements/', min(m.period), TRUE "
                     "FROM benefits_benefitmeasurement m JOIN benefits_benefit b ON b.id = m.benefit_id "
                     "WHERE m.tenant_id = %(tenant)s AND b.owner_id = %(pmo)s AND NOT b.archived "
                     "AND m.actual IS NULL AND m.planned IS NOT NULL AND m.period < CURRENT_DATE "
                     "GROUP BY b.id, b.ref, b.title) w"),
    # Exports: every live risk, in App. 7's columns.
    "export.xlsx": ("SELECT r.number, r.ref, r.category, r.date_identified, r.title, r.description, o.first_name, "
                    "o.last_name, o.username, r.owner_name, r.inherent_likelihood, r.inherent_impact, r.controls, "
                    "r.residual_likelihood, r.residual_impact, r.review_date, r.residual_score, r.level, r.status "
                    "FROM risks_risk r LEFT JOIN programme_user o ON o.id = r.owner_id "
                    "WHERE r.tenant_id = %(tenant)s AND NOT r.archived ORDER BY r.category, r.number"),
}


def run(cursor, key, params):
    """One floor: execute, fetch, turn the rows into dicts and serialise them. Returns (seconds, rows)."""
    started = time.perf_counter()
    cursor.execute(FLOORS[key], params)
    names = [column.name for column in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    json.dumps(rows, default=str)
    return time.perf_counter() - started, len(rows)
