"""Records that sit at one place of the programme: the programme as a whole, a workstream, or a project (plan items,
budget lines). ``level`` names which; a project fixes its workstream; a level that does not match what is given is
refused naming the field, in the record's own word ("item", "line")."""

PROGRAMME, WORKSTREAM, PROJECT = "programme", "workstream", "project"


class AtPlace:
    """A model mixin for fields ``level``, ``workstream`` and ``project`` (the models declare them)."""

    @property
    def place_label(self):
        if self.project_id:
            return f"Project {self.project}"
        if self.workstream_id:
            return f"Workstream {self.workstream}"
        return "The whole programme"

    def sync_place(self):
        """A project fixes the workstream."""
        if self.project_id and self.project is not None:
            self.workstream_id = self.project.workstream_id

    def place_errors(self, noun):
        """{field: [message]} where ``level`` does not match the workstream and project given (after ``sync_place``)."""
        self.sync_place()
        errors = {}
        if self.level == PROJECT and not self.project_id:
            errors["project"] = [f"Choose the project of a project-level {noun}."]
        if self.level == WORKSTREAM:
            if not self.workstream_id:
                errors["workstream"] = [f"Choose the workstream of a workstream-level {noun}."]
            if self.project_id:
                errors["project"] = [f"A workstream-level {noun} has no project: choose project level instead."]
        if self.level == PROGRAMME and (self.workstream_id or self.project_id):
            field = "project" if self.project_id else "workstream"
            errors[field] = [f"A programme-level {noun} has no workstream or project: choose its level."]
        return errors
