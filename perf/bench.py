"""``make bench``: the large tenant's endpoints against their floors, on PostgreSQL, written to docs/performance.md.

    .venv/bin/python -m perf.bench            # BENCH_SCALE=small for a quick run (a tenth of the data),
                                              # BENCH_SCALE=large for a 100,000-risk register (issue 20)

It creates its own database if missing (``bct_bench``, or ``bct_bench_small``, on ``BENCH_PG``, by default
``postgres://postgres@127.0.0.1:5432``), migrates it, generates the load data once (a marker row remembers),
then, acting as the large tenant's PMO and connected as the application's own role (``manage.py
create_app_role``: no superuser, owns nothing, so row-level security binds every query, as in production),
requests every endpoint of ``perf.endpoints`` in-process through Django's test client: three warm-up requests, then
``BENCH_SAMPLES`` (30) timed ones interleaved with as many
runs of its floor (``perf.floor``), and once more under ``CaptureQueriesContext`` at 100 and at 10 rows to count
queries. Then the .xlsx export of every live risk, the rendering of a Delivery Board pack and the programme
roadmap's SVG for 400 projects and 3,000 plan items (``perf.roadmap``: built in memory, against its floor).
Nothing listens on a port: the load test (``perf.loadtest``) is the one that starts a server.

Two phases, one process image each: the first connects as the owner (``BENCH_PG``), migrates, generates and
creates the application role ``BENCH_APP_ROLE`` (default ``bct_bench_app``); then it replaces itself
(``os.execve``) with the measuring phase, whose ``DATABASE_URL`` is that role and ``DATABASE_OWNER_URL`` the
owner, exactly the settings a deployment with row-level security runs under. ``BENCH_APP_ROLE=`` (empty)
measures as the owner, which bypasses row-level security, for comparison. Every figure is written with the
one-minute load average at the moment it was taken. ``BENCH_ONLY=page.register,api.risks`` (keys of
``perf.endpoints``, ``export.xlsx`` for the export) measures just those and prints them, writing no report.
"""

import datetime
import gc
import json
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432"
MEASURE_PHASE = "measure"
REPORTED = {"full": ROOT / "docs" / "performance.md", "large": ROOT / "docs" / "performance-large.md"}


@dataclass
class Config:
    scale: str
    database: str
    server: str
    samples: int
    output: Path
    role: str = ""
    role_password: str = ""

    @property
    def url(self):
        return f"{self.server}/{self.database}"

    @classmethod
    def from_environment(cls):
        scale = os.environ.get("BENCH_SCALE", "full")
        database = os.environ.get("BENCH_DB", "bct_bench" if scale == "full" else f"bct_bench_{scale}")
        default_output = REPORTED.get(scale, ROOT / "var" / f"performance-{scale}.md")
        return cls(scale=scale, database=database, server=os.environ.get("BENCH_PG", DEFAULT_PG).rstrip("/"),
                   samples=int(os.environ.get("BENCH_SAMPLES", "30")),
                   output=Path(os.environ.get("BENCH_OUTPUT", default_output)),
                   role=os.environ.get("BENCH_APP_ROLE", "bct_bench_app"),
                   role_password=os.environ.get("BENCH_APP_PASSWORD", "bct-bench-app"))

    @property
    def app_url(self):
        """The database URL of the application role (the owner's server, the role's name and password)."""
        scheme, rest = self.server.split("://", 1)
        host = rest.split("@", 1)[-1]
        return f"{scheme}://{self.role}:{self.role_password}@{host}/{self.database}"


@dataclass
class Measurement:
    endpoint: object
    rows: int | None = None
    times: list = field(default_factory=list)
    cpu_times: list = field(default_factory=list)  # this process's CPU time per request: no waiting, no database
    floor_times: list = field(default_factory=list)
    queries: int | None = None
    queries_small: int | None = None
    note: str = ""
    load: float | None = None  # the one-minute load average when the timed requests ended

    @property
    def p50(self):
        return statistics.median(self.times) * 1000 if self.times else None

    @property
    def p95(self):
        return percentile(self.times, 95) * 1000 if self.times else None

    @property
    def cpu_p50(self):
        return statistics.median(self.cpu_times) * 1000 if self.cpu_times else None

    @property
    def floor_p50(self):
        return statistics.median(self.floor_times) * 1000 if self.floor_times else None

    @property
    def ratio(self):
        return self.p50 / self.floor_p50 if self.floor_times and self.times else None


def percentile(values, pct):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, -(-pct * len(ordered) // 100))
    return ordered[int(rank) - 1]


def ensure_database(config):
    """Create the benchmark's database if it does not exist (it is the benchmark's own; nothing else uses it)."""
    import psycopg2
    from psycopg2 import sql

    connection = psycopg2.connect(f"{config.server}/postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config.database])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config.database)))
                return True
    finally:
        connection.close()
    return False


def setup_django(config, as_app_role=False):
    os.environ["DJANGO_SETTINGS_MODULE"] = "bct_portal.settings.local"
    os.environ["DATABASE_URL"] = config.app_url if as_app_role else config.url
    if as_app_role:
        os.environ["DATABASE_OWNER_URL"] = config.url
    else:
        os.environ.pop("DATABASE_OWNER_URL", None)
    os.environ["DEBUG"] = "false"  # no query log growing in memory, templates as in production
    os.environ.pop("REDIS_URL", None)  # in-process: the local-memory cache, tasks run eagerly
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def state_file(config):
    return ROOT / "var" / "bench" / f"{config.database}.json"


def prepare_data(config, log):
    """Migrate, then generate the load data unless the marker row says it is there. Returns the generation facts."""
    from django.core.management import call_command
    from django.db import connection

    from perf.generate import generate

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    log(f"Migrated in {time.perf_counter() - started:.1f} s.")
    result = generate(config.scale, log=log)
    path = state_file(config)
    if result.generated:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # set the visibility map, so index-only scans are possible at once
        facts = {"seconds": round(result.seconds, 1),
                 "generated": datetime.datetime.now().isoformat(timespec="minutes"),
                 "large": result.large, "totals": result.totals, "tenants": len(result.tenants)}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(facts, indent=1))
        log(f"Generated the '{config.scale}' load data in {result.seconds:.1f} s.")
    else:
        log("The load data is already there (marker row found): not generated again.")
    return json.loads(path.read_text()) if path.exists() else {}


class Clients:
    """The large tenant's PMO, through the API (a fresh token) and the browser (a session in the tenant)."""

    def __init__(self, tenant, user):
        from django.test import Client

        from core.middleware import SESSION_KEY
        from core.models import ApiToken
        from core.tenancy import tenant_context

        with tenant_context(tenant):
            self.token, key = ApiToken.issue(user, tenant, name="benchmark")
        self.api = Client(HTTP_AUTHORIZATION=f"Token {key}")
        self.browser = Client()
        self.browser.force_login(user)
        session = self.browser.session
        session[SESSION_KEY] = tenant.pk
        session.save()

    def get(self, endpoint, url):
        return (self.api if endpoint.api else self.browser).get(url)

    def close(self):
        from core.tenancy import tenant_context

        with tenant_context(self.token.tenant):
            self.token.revoke()


def count_rows(endpoint, response):
    if endpoint.api and response.get("Content-Type", "").startswith("application/json"):
        data = response.json()
        if isinstance(data, dict) and "results" in data:
            return len(data["results"])
        return 1
    return None


def measure(clients, cursor, endpoint, ids, tenant_id, samples):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from perf import floor
    from perf.endpoints import resolve

    url = resolve(endpoint, ids, lambda address: clients.get(endpoint, address))
    params = {"tenant": tenant_id, **ids}
    result = Measurement(endpoint)
    for _ in range(3):
        response = clients.get(endpoint, url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}: {response.content[:300]!r}")
    result.rows = count_rows(endpoint, response)
    has_floor = endpoint.key in floor.FLOORS
    if has_floor:
        floor.run(cursor, endpoint.key, params)
    for _ in range(samples):
        started, cpu = time.perf_counter(), time.process_time()
        clients.get(endpoint, url)
        result.times.append(time.perf_counter() - started)
        result.cpu_times.append(time.process_time() - cpu)
        if has_floor:
            seconds, _ = floor.run(cursor, endpoint.key, params)
            result.floor_times.append(seconds)
    result.load = os.getloadavg()[0]
    with CaptureQueriesContext(connection) as queries:
        clients.get(endpoint, url)
    result.queries = len(queries)
    if endpoint.small:
        with CaptureQueriesContext(connection) as queries:
            clients.get(endpoint, endpoint.small.format(**ids))
        result.queries_small = len(queries)
    return result


def _export_once(clients, endpoint, tenant):
    """One download of the whole register as a person asks for it: over ``EXPORT_INLINE_ROWS`` the page answers
    with its progress page and the job runs in the worker (here in-process, before the answer: tasks run eagerly
    without ``REDIS_URL``), spooling the file; returns its size in bytes."""
    from core.models import ExportJob, ExportStatus
    from core.tenancy import tenant_context

    response = clients.get(endpoint, endpoint.url)
    if response.status_code == 200:
        return len(response.content)
    if response.status_code != 302:
        raise RuntimeError(f"The export answered {response.status_code}.")
    with tenant_context(tenant):
        job = ExportJob.objects.order_by("-pk").first()
        if job is None or job.status != ExportStatus.READY:
            raise RuntimeError(f"The export job is {job and job.status}: {job and job.error}")
        size = job.size
        job.file.delete(save=False)
        job.delete()
    return size


def measure_export(clients, cursor, endpoint, tenant, runs=5):
    """The export's time and CPU (the web request and the worker's job together), then one more run under
    ``tracemalloc`` for its peak of Python memory, to show it flat in the row count (issue 20)."""
    import tracemalloc

    from perf import floor

    result = Measurement(endpoint)
    for run in range(runs + 1):
        started, cpu = time.perf_counter(), time.process_time()
        size = _export_once(clients, endpoint, tenant)
        seconds = time.perf_counter() - started
        if run:  # the first is a warm-up
            result.cpu_times.append(time.process_time() - cpu)
            result.times.append(seconds)
            result.floor_times.append(floor.run(cursor, endpoint.key, {"tenant": tenant.pk})[0])
    result.load = os.getloadavg()[0]
    tracemalloc.start()
    try:
        _export_once(clients, endpoint, tenant)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    result.note = f"{size / 1e6:.1f} MB file, peak Python memory {peak / 1e6:.1f} MB (tracemalloc)"
    return result


def measure_pack(tenant, user, runs=3):
    """Render the large tenant's Delivery Board pack through the board-pack service (the colleague's issue 7):
    a meeting of the Delivery Board, a pack requested for it and rendered (tasks run eagerly in-process)."""
    from perf.endpoints import Endpoint

    endpoint = Endpoint("pack", "Delivery Board pack (PDF)", "", "pack")
    result = Measurement(endpoint)
    try:
        from core.tenancy import tenant_context
        from meetings import services as meetings
        from meetings.models import Meeting, PackStatus
        from meetings.packs import services
        from programme.choices import BodyKind
        from programme.models import Body
    except ImportError as exc:
        result.note = f"pending issue 7 ({exc})"
        return result
    try:
        with tenant_context(tenant):
            body = Body.objects.get(kind=BodyKind.DELIVERY_BOARD)
            day = datetime.date.today() + datetime.timedelta(days=14)
            meeting = Meeting.objects.filter(body=body, date=day).first()
            if meeting is None:
                meeting = Meeting.objects.create(body=body, date=day, risk_review=True)
                meetings.build_agenda(meeting)
            for _ in range(runs):
                started, cpu = time.perf_counter(), time.process_time()
                pack, _ = services.request_pack(meeting, user)
                seconds = time.perf_counter() - started
                result.cpu_times.append(time.process_time() - cpu)
                pack.refresh_from_db()
                if pack.status != PackStatus.READY:
                    raise RuntimeError(f"pack {pack.pk} is {pack.status}: {pack.error}")
                result.times.append(seconds)
            result.load = os.getloadavg()[0]
            result.note = f"{pack.pages} pages, {pack.size / 1e6:.1f} MB"
    except Exception as exc:  # the pack renderer is another issue's work: report, do not fail the benchmark
        result.note = f"pending issue 7 ({type(exc).__name__}: {str(exc)[:120]})"
        result.times = []
    return result


LOADTEST_START, LOADTEST_END = "<!-- loadtest -->", "<!-- /loadtest -->"


def replace_section(path, section):
    """Put the load test's section between its markers in the report (``make loadtest`` after ``make bench``)."""
    block = f"{LOADTEST_START}\n{section}\n{LOADTEST_END}"
    text = path.read_text() if path.exists() else ""
    if LOADTEST_START in text and LOADTEST_END in text:
        before, rest = text.split(LOADTEST_START, 1)
        text = before + block + rest.split(LOADTEST_END, 1)[1]
    else:
        text = (text.rstrip() + "\n\n" if text else "") + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def machine():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({cpu}), {memory}, {platform.system()} {platform.release()}"


def versions():
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    return f"Python {platform.python_version()}, Django {django.get_version()}, PostgreSQL {server.split()[0]}"


def prepare(config, log):
    """The owner's phase: the database, its schema and data, and the application role the measuring phase uses."""
    if ensure_database(config):
        log(f"Created database {config.database}.")
    setup_django(config)
    prepare_data(config, log)
    if config.role:
        from core.management.commands.create_app_role import ensure_app_role

        for sentence in ensure_app_role("default", config.role, config.role_password):
            log(f"Application role: {sentence}.")


def floor_cursor(config, tenant_id):
    """A connection of its own for the floors, as the role the portal connects as, in the large tenant: under
    row-level security the floors' statements get the same policy predicate the portal's do."""
    import psycopg2

    connection = psycopg2.connect(config.app_url if config.role else config.url)
    connection.autocommit = True
    cursor = connection.cursor()
    cursor.execute("SELECT set_config('bct.tenant_id', %s, false)", [str(tenant_id)])
    return connection, cursor


def main():
    config = Config.from_environment()

    def log(line):
        print(line, flush=True)

    if os.environ.get("BENCH_PHASE") != MEASURE_PHASE:
        began = time.time()
        prepare(config, log)
        from django.db import connections

        connections.close_all()
        environment = {**os.environ, "BENCH_PHASE": MEASURE_PHASE, "BENCH_BEGAN": str(began)}
        os.execve(sys.executable, [sys.executable, "-m", "perf.bench"], environment)
    began = float(os.environ.get("BENCH_BEGAN", time.time()))
    setup_django(config, as_app_role=bool(config.role))

    from core.models import Partnership, User
    from core.tenancy import tenant_context
    from perf import report
    from perf import roadmap as perf_roadmap
    from perf.endpoints import ENDPOINTS, EXPORT_ENDPOINT, pmo_username, sample_ids
    from perf.generate import large_tenant_slug

    path = state_file(config)
    facts = json.loads(path.read_text()) if path.exists() else {}
    role = database_role()
    log(f"Measuring as database role {role}.")
    tenant = Partnership.objects.get(slug=large_tenant_slug())
    user = User.objects.get(username=pmo_username(tenant))
    with tenant_context(tenant):
        ids = sample_ids()
    clients = Clients(tenant, user)
    floor_connection, cursor = floor_cursor(config, tenant.pk)
    load_before = os.getloadavg()
    results = []
    only = {key for key in os.environ.get("BENCH_ONLY", "").split(",") if key}
    if only:  # a quick look at a few endpoints while working on them: printed, no report written
        try:
            for endpoint in [*ENDPOINTS, EXPORT_ENDPOINT]:
                if endpoint.key in only:
                    measured = (measure_export(clients, cursor, endpoint, tenant) if endpoint is EXPORT_ENDPOINT
                                else measure(clients, cursor, endpoint, ids, tenant.pk, config.samples))
                    log(report.line(measured))
        finally:
            clients.close()
            floor_connection.close()
        return
    try:
        for endpoint in ENDPOINTS:
            result = measure(clients, cursor, endpoint, ids, tenant.pk, config.samples)
            results.append(result)
            log(report.line(result))
            gc.collect()
        export = measure_export(clients, cursor, EXPORT_ENDPOINT, tenant)
        log(report.line(export))
        pack = measure_pack(tenant, user)
        log(report.line(pack))
        roadmap = perf_roadmap.measure()
        log(report.line(roadmap))
    finally:
        clients.close()
        floor_connection.close()
    load_after = os.getloadavg()
    loadtest = None
    if os.environ.get("BENCH_LOADTEST", "1") != "0":
        from perf import loadtest as load_test

        loadtest = load_test.markdown(load_test.run(log=log))
    text = report.markdown(
        results=results, export=export, pack=pack, roadmap=roadmap, config=config, facts=facts, machine=machine(),
        versions=versions(), load=(load_before, load_after), seconds=time.time() - began, role=role)
    config.output.parent.mkdir(parents=True, exist_ok=True)
    config.output.write_text(text)
    if loadtest:
        replace_section(config.output, loadtest)
    log(f"Wrote {config.output.relative_to(ROOT) if config.output.is_relative_to(ROOT) else config.output} "
        f"in {time.time() - began:.0f} s.")


def database_role():
    """The role the default connection logs in as, and whether row-level security binds it (a superuser or a
    BYPASSRLS role skips the policies: the report then says they were not in the path)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
        name, bypasses = cursor.fetchone()
    return f"`{name}` ({'a superuser: row-level security bypassed' if bypasses else 'row-level security applies'})"


if __name__ == "__main__":
    main()
