"""``make loadtest``: 50 concurrent API users mixing reads and writes across 5 partnerships for 60 s, against
gunicorn with 4 workers and the production settings, on loopback only.

    .venv/bin/python -m perf.loadtest        # LOADTEST_USERS=50 LOADTEST_SECONDS=60 LOADTEST_WORKERS=4

It uses the benchmark's database (``perf.bench``: created, migrated and filled if missing), issues API tokens to
each partnership's PMO and partner viewer personas, starts ``gunicorn bct_portal.wsgi`` on a free port of
127.0.0.1 as a child process, runs the users as threads (the standard library's ``http.client``, one request at a
time each, no think time: the closed loop measures capacity), then stops gunicorn, revokes the tokens and deletes
the rows the writes created. Every request goes to 127.0.0.1; the run is bounded by its duration and stops by
itself. An error is any 5xx answer, any unexpected 4xx, or a connection failure.
"""

import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from perf import bench

ROOT = bench.ROOT
HOST = "127.0.0.1"  # never anything else
TITLE = "Load test"  # rows the writes create carry it, so the clean-up finds exactly them
READS = [
    (20, "risks", "/api/v1/risks/?page_size=50&page={page}"),
    (10, "risks filtered", "/api/v1/risks/?page_size=25&residual_rag=amber&ordering=-residual_score"),
    (15, "a risk", "/api/v1/risks/{risk}/"),
    (8, "heat map", "/api/v1/risks/heatmap/"),
    (10, "benefits", "/api/v1/benefits/?page_size=25"),
    (6, "a benefit's measurements", "/api/v1/benefits/{benefit}/measurements/?page_size=60"),
    (8, "business cases", "/api/v1/business-cases/?page_size=25"),
    (8, "change requests", "/api/v1/change-requests/?page_size=25"),
    (5, "projects", "/api/v1/projects/?page_size=50"),
    (5, "me", "/api/v1/me/"),
]
WRITES = [(4, "create a risk"), (4, "edit a risk"), (3, "raise a change request")]


@dataclass
class Persona:
    tenant: str
    username: str
    key: str
    writer: bool
    risks: list
    benefits: list
    editable: list  # programme-level risks the PMO may edit
    pages: int  # pages of 50 in the live risk register


@dataclass
class Outcome:
    samples: list = field(default_factory=list)  # (label, status, seconds)
    errors: list = field(default_factory=list)  # (label, detail)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, label, status, seconds, detail=None):
        with self.lock:
            self.samples.append((label, status, seconds))
            if detail is not None:
                self.errors.append((label, detail))


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def personas(count):
    """The PMO (who writes) and the partner viewer (who only reads) of the first ``count`` partnerships."""
    from benefits.models import Benefit
    from core.models import ApiToken, Partnership, User
    from core.tenancy import tenant_context
    from perf.generate import tenant_slugs
    from risks.models import Risk

    found = []
    config = bench.Config.from_environment()
    for slug in tenant_slugs(config.scale)[:count]:
        tenant = Partnership.objects.get(slug=slug)
        key = slug.removeprefix("load-")
        with tenant_context(tenant):
            live = Risk.objects.filter(archived=False).count()
            risks = list(Risk.objects.filter(archived=False, restricted=False).values_list("pk", flat=True)[:2000])
            benefits = list(Benefit.objects.filter(archived=False, restricted=False).values_list("pk", flat=True))
            editable = list(Risk.objects.filter(level="programme", archived=False).values_list("pk", flat=True)[:200])
            for suffix, writer in (("pmo", True), ("viewer", False)):
                user = User.objects.get(username=f"load.{key}.{suffix}")
                _, secret = ApiToken.issue(user, tenant, name="load test")
                found.append(Persona(slug, user.username, secret, writer, risks, benefits, editable,
                                     max(1, live * 9 // 10 // 50)))
    return found


def request(port, persona, method, path, body=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    headers = {"Authorization": f"Token {persona.key}", "Accept": "application/json", "Host": HOST}
    if body is not None:
        body = json.dumps(body)
        headers["Content-Type"] = "application/json"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        return response.status, payload
    finally:
        connection.close()


def step(port, persona, rng):
    """One request of the mix; returns (label, expected statuses, status, body)."""
    if persona.writer and rng.random() < 0.3:
        label = rng.choices([w[1] for w in WRITES], weights=[w[0] for w in WRITES])[0]
        stamp = f"{TITLE} {rng.randrange(10**9)}"
        if label == "create a risk":
            likelihood, impact = rng.randint(1, 5), rng.randint(1, 5)
            status, body = request(port, persona, "POST", "/api/v1/risks/", {
                "title": stamp, "category": "financial", "level": "programme", "inherent_likelihood": likelihood,
                "inherent_impact": impact, "residual_likelihood": rng.randint(1, likelihood),
                "residual_impact": rng.randint(1, impact), "controls": "Monthly review."})
            return label, {201}, status, body
        if label == "edit a risk" and persona.editable:
            risk = rng.choice(persona.editable)
            status, body = request(port, persona, "PATCH", f"/api/v1/risks/{risk}/",
                                   {"controls": f"Reviewed ({stamp})."})
            return label, {200}, status, body
        status, body = request(port, persona, "POST", "/api/v1/change-requests/",
                               {"title": stamp, "description": "Raised by the load test.", "kind": "suggestion"})
        return "raise a change request", {201}, status, body
    weight, label, template = rng.choices(READS, weights=[r[0] for r in READS])[0]
    path = template.format(page=rng.randint(1, persona.pages), risk=rng.choice(persona.risks),
                           benefit=rng.choice(persona.benefits) if persona.benefits else 0)
    status, body = request(port, persona, "GET", path)
    return label, {200}, status, body


def user_loop(port, persona, seed, deadline, outcome):
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            label, expected, status, body = step(port, persona, rng)
        except (OSError, http.client.HTTPException) as exc:
            outcome.record("connection", 0, time.perf_counter() - started, f"{type(exc).__name__}: {exc}")
            continue
        detail = None if status in expected else f"{status}: {body[:200]!r}"
        outcome.record(label, status, time.perf_counter() - started, detail)


def start_gunicorn(port, workers, database_url, log_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bct_portal.settings.production", "DATABASE_URL": database_url,
           "SECRET_KEY": "load-test-only-" + "x" * 40, "DEBUG": "false", "ALLOWED_HOSTS": HOST,
           "SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false", "SECURE_HSTS_SECONDS": "0",
           "LOG_LEVEL": "WARNING"}
    env.pop("REDIS_URL", None)
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    command = [str(gunicorn) if gunicorn.exists() else "gunicorn", "bct_portal.wsgi", "-w", str(workers),
               "-b", f"{HOST}:{port}", "--timeout", "60", "--graceful-timeout", "10"]
    log = open(log_path, "w")  # noqa: SIM115 - closed by stop_gunicorn
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    process.log = log
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log_path}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz", headers={"Host": HOST})
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.5)
    stop_gunicorn(process)
    raise RuntimeError(f"gunicorn did not answer on {HOST}:{port} within 60 s; see {log_path}")


def stop_gunicorn(process):
    """Stop the gunicorn this run started (its own process group: the master and its workers)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    process.log.close()


def workers_cpu_seconds(master_pid):
    """CPU seconds used so far by the gunicorn master's worker processes (Linux /proc)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:  # the parent pid
            total += (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return total


def clean_up(found):
    """Revoke the tokens and delete what the writes created (the benchmark's data stays as generated)."""
    from change_control.models import ChangeRequest
    from core.models import ApiToken, Partnership
    from core.tenancy import tenant_context
    from risks.models import Risk

    for slug in sorted({p.tenant for p in found}):
        tenant = Partnership.objects.get(slug=slug)
        with tenant_context(tenant):
            ApiToken.objects.filter(name="load test").delete()
            for model in (ChangeRequest, Risk):
                rows = model.objects.filter(title__startswith=TITLE)
                model.history.filter(id__in=list(rows.values_list("pk", flat=True))).delete()
                rows.delete()


def summarise(outcome, seconds, users, workers, tenants):
    times = [s for _, _, s in outcome.samples]
    by_label = {}
    for label, _, duration in outcome.samples:
        by_label.setdefault(label, []).append(duration)
    server_errors = sum(1 for _, status, _ in outcome.samples if status >= 500 or status == 0)
    return {
        "users": users, "seconds": seconds, "workers": workers, "tenants": tenants,
        "requests": len(times), "throughput": len(times) / seconds if seconds else 0,
        "p50_ms": statistics.median(times) * 1000 if times else None,
        "p95_ms": bench.percentile(times, 95) * 1000 if times else None,
        "errors": len(outcome.errors), "server_errors": server_errors,
        "error_examples": outcome.errors[:5],
        "by_label": {label: {"requests": len(values), "p50_ms": statistics.median(values) * 1000,
                             "p95_ms": bench.percentile(values, 95) * 1000}
                     for label, values in sorted(by_label.items())},
    }


def markdown(result):
    rows = "\n".join(f"| {label} | {v['requests']:,} | {v['p50_ms']:,.0f} | {v['p95_ms']:,.0f} |"
                     for label, v in result["by_label"].items())
    examples = "".join(f"\n- {label}: {detail}" for label, detail in result["error_examples"])
    return f"""### Load test

`make loadtest` (also the last step of `make bench`): {result['users']} concurrent API users (a PMO who also writes
and a partner viewer who only reads, in each of {result['tenants']} partnerships, the large one among them) for
{result['seconds']:.0f} s against gunicorn with {result['workers']} sync workers and the production settings, on
127.0.0.1, on the same 2-core machine as the clients and PostgreSQL. Closed loop with no think time, so the
latencies include queueing for a worker.

**{result['requests']:,} requests, {result['throughput']:.1f} requests/s, p50 {result['p50_ms']:,.0f} ms,
p95 {result['p95_ms']:,.0f} ms, {result['errors']} errors ({result['server_errors']} 5xx or connection
failures).**{examples}

The workers used {result['worker_cpu_ms']:.0f} ms of CPU per request of this mix, so one core serves about
{1000 / result['worker_cpu_ms'] if result['worker_cpu_ms'] else 0:.0f} requests/s of it when it has the core to
itself (load average {result['load']:.1f} at the end of the run: the clients, PostgreSQL and other work shared the
two cores).

| request | count | p50 ms | p95 ms |
|---|---:|---:|---:|
{rows}
"""


def run(users=None, seconds=None, workers=None, tenants=None, log=print):
    users = users or int(os.environ.get("LOADTEST_USERS", "50"))
    seconds = seconds or float(os.environ.get("LOADTEST_SECONDS", "60"))
    workers = workers or int(os.environ.get("LOADTEST_WORKERS", "4"))
    tenants = tenants or int(os.environ.get("LOADTEST_TENANTS", "5"))
    config = bench.Config.from_environment()
    found = personas(tenants)
    port = free_port()
    log_path = ROOT / "var" / "bench" / "loadtest-gunicorn.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, check=True,
                   env={**os.environ, "DJANGO_SETTINGS_MODULE": "bct_portal.settings.local"})
    process = start_gunicorn(port, workers, config.url, log_path)
    outcome = Outcome()
    log(f"gunicorn ({workers} workers) on {HOST}:{port}; {users} users for {seconds:.0f} s...")
    try:
        deadline = time.monotonic() + seconds
        threads = [threading.Thread(target=user_loop, args=(port, found[n % len(found)], n, deadline, outcome),
                                    daemon=True) for n in range(users)]
        began, cpu = time.monotonic(), workers_cpu_seconds(process.pid)
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 90)
        elapsed = time.monotonic() - began
        worker_cpu = workers_cpu_seconds(process.pid) - cpu
    finally:
        stop_gunicorn(process)
        clean_up(found)
    result = summarise(outcome, elapsed, users, workers, tenants)
    result["worker_cpu_ms"] = worker_cpu * 1000 / max(result["requests"], 1)
    result["load"] = os.getloadavg()[0]
    log(f"{result['requests']:,} requests, {result['throughput']:.1f}/s, p50 {result['p50_ms']:.0f} ms, "
        f"p95 {result['p95_ms']:.0f} ms, {result['errors']} errors")
    path = ROOT / "var" / "bench" / "loadtest.json"
    path.write_text(json.dumps({**result, "error_examples": [list(e) for e in result["error_examples"]]}, indent=1))
    return result


def main():
    config = bench.Config.from_environment()
    bench.ensure_database(config)
    bench.setup_django(config)
    bench.prepare_data(config, print)
    result = run()
    section = markdown(result)
    print(section)
    bench.replace_section(config.output, section)


if __name__ == "__main__":
    main()
