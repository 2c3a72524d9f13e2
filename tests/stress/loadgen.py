"""A small HTTP load generator for loopback: closed-loop clients in several processes.

Each client process keeps `clients` connections busy (threads, http.client, keep-alive when the
server allows it; gunicorn's sync workers close each connection, so most requests open a new
one, as wrk's do against them). Every request's status and latency is kept per endpoint; a
request with no answer (refused, reset, timed out) counts as a failure. The generator reports
its own CPU time, so a reader can tell whether it, rather than the server, was the limit: past
about 0.8 cores per process it is saturated and the figures are a floor.
"""

from __future__ import annotations

import http.client
import multiprocessing
import resource
import statistics
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field


@dataclass
class EndpointFigures:
    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    latencies_ms: list[float] = field(default_factory=list)
    failures: int = 0

    def merge(self, other: EndpointFigures) -> None:
        self.requests += other.requests
        self.statuses.update(other.statuses)
        self.latencies_ms += other.latencies_ms
        self.failures += other.failures

    def summary(self, seconds: float) -> dict:
        ms = sorted(self.latencies_ms) or [0.0]
        return {
            "requests": self.requests, "rps": round(self.requests / seconds, 1),
            "p50_ms": round(statistics.median(ms), 1),
            "p99_ms": round(ms[min(len(ms) - 1, int(len(ms) * 0.99))], 1),
            "5xx": sum(n for status, n in self.statuses.items() if status >= 500),
            "failures": self.failures,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
        }  # fmt: skip


def _client(port: int, plan: list[tuple[str, str]], until: float, offset: int, out: dict) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    i = offset
    while time.monotonic() < until:
        name, path = plan[i % len(plan)]
        i += 1
        figures = out[name]
        t0 = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            figures.statuses[response.status] += 1
            figures.latencies_ms.append((time.perf_counter() - t0) * 1000)
            if response.will_close:
                conn.close()
        except (OSError, http.client.HTTPException):
            figures.failures += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        figures.requests += 1
    conn.close()


def _process(args: tuple[int, list[tuple[str, str]], float, int, int]) -> tuple[dict, float]:
    port, plan, until, clients, seed = args
    outs = [defaultdict(EndpointFigures) for _ in range(clients)]
    threads = [threading.Thread(target=_client, args=(port, plan, until, seed * 7 + k, outs[k]))
               for k in range(clients)]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    merged: dict[str, EndpointFigures] = defaultdict(EndpointFigures)
    for out in outs:
        for name, figures in out.items():
            merged[name].merge(figures)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return dict(merged), usage.ru_utime + usage.ru_stime


def run_load(
    port: int, plan: list[tuple[str, str]], seconds: float, processes: int = 2, clients: int = 4
) -> dict:
    """Drive `plan` ((endpoint name, path) pairs, round-robin) for `seconds`; per endpoint:
    requests, req/s, p50, p99, 5xx, failures; plus the generator's CPU in cores."""
    until = time.monotonic() + seconds
    t0 = time.monotonic()
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(processes) as pool:
        results = pool.map(_process, [(port, plan, until, clients, k) for k in range(processes)])
    wall = time.monotonic() - t0
    merged: dict[str, EndpointFigures] = defaultdict(EndpointFigures)
    for figures, _cpu in results:
        for name, one in figures.items():
            merged[name].merge(one)
    return {
        "seconds": round(wall, 1),
        "endpoints": {name: f.summary(wall) for name, f in sorted(merged.items())},
        "generator_cpu_cores": round(sum(cpu for _, cpu in results) / wall, 2),
        "connections": processes * clients,
    }
