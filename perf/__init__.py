"""Performance and scale (issue 8): the load-data generator, the benchmark against its floor, the load test.

``python manage.py generate_load_data`` builds 40 partnerships of realistic size (``perf.generate``);
``make bench`` runs ``perf.bench`` against its own PostgreSQL database and writes ``docs/performance.md``;
``make loadtest`` runs ``perf.loadtest`` (gunicorn on 127.0.0.1, 50 threads for 60 s). Nothing here is
imported by the portal itself.
"""
