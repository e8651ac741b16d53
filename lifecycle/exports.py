"""The lessons log's download (.xlsx and CSV through ``core.exports``)."""

from core.exports import Column, user_name


def _workstream(lesson):
    workstream = lesson.workstream or (lesson.project.workstream if lesson.project_id else None)
    return workstream.name if workstream else ""


LESSON_COLUMNS = [
    Column("Title", lambda lesson: lesson.title, 40, wrap=True),
    Column("What was learned", lambda lesson: lesson.what_was_learned, 50, wrap=True),
    Column("What changed", lambda lesson: lesson.what_changed, 50, wrap=True),
    Column("Learned by", lambda lesson: user_name(lesson.learned_by, lesson.learned_by_name), 22),
    Column("Stage", lambda lesson: str(lesson.stage) if lesson.stage_id else "", 22),
    Column("Project", lambda lesson: lesson.project.name if lesson.project_id else "", 30),
    Column("Workstream", _workstream, 22), Column("Recorded", lambda lesson: lesson.created, 12),
]
