"""The programme app's permissions and the RACI process that governs each (DOMAIN.md s3)."""

from core import rules

PROGRAMME_PERMISSIONS = {
    "programme.add_roleassignment": "establish_the_programme_team",
    "programme.change_roleassignment": "establish_the_programme_team",
    "programme.delete_roleassignment": "establish_the_programme_team",
    "programme.add_body": "design_the_programme_organisation",
    "programme.change_body": "design_the_programme_organisation",
    "programme.change_programme": "develop_the_blueprint",
    "programme.add_objective": "develop_the_blueprint",
    "programme.change_objective": "develop_the_blueprint",
    "programme.add_stage": "select_the_stages",
    "programme.change_stage": "select_the_stages",
    "programme.add_workstream": "start_workstreams_and_projects",
    "programme.add_project": "start_workstreams_and_projects",
    "programme.change_workstream": "edit_workstream",
    "programme.change_project": "edit_project",
}


def register():
    for perm, process in PROGRAMME_PERMISSIONS.items():
        rules.register(perm, process, letters="R")
