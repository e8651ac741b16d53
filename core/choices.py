"""Enumerations every app shares: partner organisations, roles and their scopes, RACI letters (DOMAIN.md s1, s3),
and the three-colour RAG of a highlight report and of finance."""

from django.db import models


class OrganisationKind(models.TextChoices):
    ACUTE_TRUST = "acute_trust", "Acute NHS trust"
    COMMUNITY_TRUST = "community_trust", "Community and mental health NHS trust"
    AMBULANCE_TRUST = "ambulance_trust", "Ambulance NHS trust"
    CCG = "ccg", "Clinical commissioning group"
    COUNCIL = "council", "Local authority"
    OTHER = "other", "Other"


class Role(models.TextChoices):
    PARTNERSHIP_BOARD = "partnership_board", "Partnership Board member"
    JOINT_SRO = "joint_sro", "Joint SRO"
    DELIVERY_BOARD = "delivery_board", "Delivery Board member"
    IMPLEMENTATION_GROUP = "implementation_group", "Implementation Group member"
    PROGRAMME_DIRECTOR = "programme_director", "Programme Director"
    PMO = "pmo", "PMO"
    WORKSTREAM_SRO = "workstream_sro", "Workstream SRO"
    WORKSTREAM_LEAD = "workstream_lead", "Workstream lead"
    PROJECT_MANAGER = "project_manager", "Project manager"
    PARTNER_VIEWER = "partner_viewer", "Partner viewer"


# Roles that only make sense at a workstream or project scope, and those only at the tenant.
SCOPED_ROLES = {Role.WORKSTREAM_SRO, Role.WORKSTREAM_LEAD, Role.PROJECT_MANAGER}


class ScopeType(models.TextChoices):
    TENANT = "tenant", "Partnership"
    WORKSTREAM = "workstream", "Workstream"
    PROJECT = "project", "Project"


class RaciLetter(models.TextChoices):
    RESPONSIBLE = "R", "Responsible"
    ACCOUNTABLE = "A", "Accountable"
    CONSULTED = "C", "Consulted"
    INFORMED = "I", "Informed"


class Rag(models.TextChoices):
    """A three-colour RAG: a highlight report's dimensions and overall, and the finance RAG of an outturn against its
    budget. Red, amber or green only (the risk register's four-colour bands add yellow: ``risks.choices.Rag``)."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
