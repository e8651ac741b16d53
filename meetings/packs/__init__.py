"""Board packs (DOMAIN.md s8): a registry each app fills with its own sections, papers and review-cycle jobs
(``registry``), the renderer that gathers them into one PDF (``render``), the requests and publishing
(``services``), thin Celery tasks (``tasks``) and the scheduled review cycle (``schedule``)."""
