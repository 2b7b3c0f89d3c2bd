"""Start-up of the desktop app: launch → 3 live brokers in the window, for the packaged build
(dist/KafkaLab/KafkaLab, `make package`) against the source run (this checkout's Python, the reference),
in the same invocation; and the size of the one-folder build against its 250 MB budget.

Each run is ``--smoke-test`` (offscreen window, throw-away lab, OS-chosen ports): the time is from
spawning the process to the line saying the window shows 3 running brokers — what a double-click waits
for, minus the window manager. Runs alternate packaged / source; the median of ``--runs`` each is printed,
and the stages on the way, each timed when its line of the smoke test arrives: spawn → the window shown
(exposed, in its "Starting the Kafka cluster…" state), → the engine's READY seen by the window, → 3 live
brokers in the window. The load average (``os.getloadavg()``) before and after is printed with them: the
machine may be shared.

    .venv/bin/python bench/startup.py [--runs 3]

``--against DIR`` (a checkout of an earlier commit, e.g. ``git archive REV | tar -x -C DIR``) measures this
checkout's source run against that one's instead of the packaged build — a before/after of a start-up change,
both in the same invocation with this venv — and adds ``kafkalab serve --port 0 --temp`` with the app's
``--schema-registry-port 0``: spawn → READY (the bootstrap the app's data views wait for) and spawn → the
registry's URL.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import REPO_ROOT, Failed, Figure, print_figure  # noqa: E402

PACKAGED = REPO_ROOT / "dist" / "KafkaLab"
BUDGET_MB = 250
LIVE = "live brokers"
# the smoke test's lines, in order: (marker in the line, the stage's name)
STAGES = (("window shown", "window shown"), ("engine ready", "engine READY"), (LIVE, "3 live brokers"))


def stage_times(command: list[str], env: dict[str, str], cwd: Path | None = None) -> dict[str, float]:
    """Seconds from spawn to each stage's line of the smoke test (the run must then pass too)."""
    start = time.monotonic()
    proc = subprocess.Popen([*command, "--smoke-test"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=cwd)
    seen: dict[str, float] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        for marker, stage in STAGES:
            if stage not in seen and marker in line:
                seen[stage] = time.monotonic() - start
                if stage == "3 live brokers":  # what the load cannot change: the CPU time it took
                    seen["CPU, app"] = cpu_seconds(proc.pid)
                    seen["CPU, engine"] = sum(cpu_seconds(c) for c in children(proc.pid))
    _out, err = proc.communicate(timeout=240)
    if proc.returncode != 0 or "3 live brokers" not in seen:
        raise RuntimeError(f"exit {proc.returncode}: {err.strip().splitlines()[-1:] if err.strip() else ''}")
    return seen


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def time_to_live(command: list[str], env: dict[str, str], cwd: Path | None = None) -> float:
    """Seconds from spawn to the smoke test's "3 live brokers" line (the run must then pass too)."""
    return stage_times(command, env, cwd)["3 live brokers"]


def source_env() -> dict[str, str]:
    """This environment, with byte-code caching on: a source install runs from its ``__pycache__`` (with
    PYTHONDONTWRITEBYTECODE set, as in some shells, both processes would compile every module at each launch:
    0.2 s of the engine's start-up alone)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def serve_times(cwd: Path) -> tuple[float, float]:
    """Seconds from spawning ``python -m engine serve`` (3 brokers, the app's registry) to READY, and to the
    registry's URL (its own line after READY, or — before the registry started after the brokers — in it)."""
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "engine", "serve", "--port", "0", "--temp",
                             "--schema-registry-port", "0"], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, stdin=subprocess.PIPE, text=True)
    ready = registry = None
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            if line.startswith("KAFKALAB READY"):
                ready = time.monotonic() - start
            if "schema_registry=" in line or line.startswith("KAFKALAB REGISTRY"):
                registry = time.monotonic() - start
            if ready is not None and registry is not None:
                break
    finally:
        proc.send_signal(2)
        proc.wait(60)
    if ready is None or registry is None:
        raise RuntimeError("serve did not print READY and the registry's URL")
    return ready, registry


def against(other: Path, runs: int) -> int:
    """This checkout vs ``other`` (source runs both), alternating, medians."""
    here = REPO_ROOT
    live: dict[Path, list[float]] = {here: [], other: []}
    ready: dict[Path, list[float]] = {here: [], other: []}
    registry: dict[Path, list[float]] = {here: [], other: []}
    cpu_app: dict[Path, list[float]] = {here: [], other: []}
    cpu_engine: dict[Path, list[float]] = {here: [], other: []}
    for i in range(runs):
        for tree in (other, here):
            env = source_env()
            stages = stage_times([sys.executable, "-m", "kafkalab"], env, cwd=tree)
            live[tree].append(stages["3 live brokers"])
            cpu_app[tree].append(stages["CPU, app"])
            cpu_engine[tree].append(stages["CPU, engine"])
            r, g = serve_times(tree)
            ready[tree].append(r)
            registry[tree].append(g)
            sys.stderr.write(f"run {i + 1} {tree}: live {live[tree][-1]:.2f} s, serve READY {r:.2f} s, "
                             f"registry {g:.2f} s\n")
    for name, series in (("app launch to 3 live brokers (--smoke-test)", live),
                         ("app process's CPU seconds until 3 live brokers", cpu_app),
                         ("engine process's CPU seconds until 3 live brokers", cpu_engine),
                         ("serve spawn to READY", ready), ("serve spawn to the registry's URL", registry)):
        print_figure(Figure(f"{name}, this checkout vs {other.name} (lower is better)", "s", "{:.2f}"),
                     statistics.median(series[here]), statistics.median(series[other]))
    return 0


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--against", type=Path, default=None, metavar="DIR",
                    help="another checkout whose source run is the reference (instead of the packaged build)")
    args = ap.parse_args()
    if args.against is not None:
        return against(args.against.resolve(), args.runs)
    env_packaged = {"HOME": os.environ.get("HOME", "/tmp"), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    runs: dict[str, list[dict[str, float]]] = {"packaged": [], "source": []}
    errors: dict[str, str] = {}
    have_package = (PACKAGED / "KafkaLab").exists()
    if not have_package:
        errors["packaged"] = "no dist/KafkaLab: run 'make package'"
    load_before = load()
    for i in range(args.runs):
        for name, command, env in (
                ("packaged", [str(PACKAGED / "KafkaLab")], env_packaged),
                ("source", [sys.executable, "-m", "kafkalab"], source_env())):
            if name in errors:
                continue
            try:
                runs[name].append(stage_times(command, env))
                stages = ", ".join(f"{k} {v:.2f} s" for k, v in runs[name][-1].items())
                sys.stderr.write(f"run {i + 1} {name}: {stages} (load {load()})\n")
            except Exception as exc:  # noqa: BLE001 - printed as FAILED
                errors[name] = str(exc)[:200]

    def median(name: str, stage: str) -> float | Failed:
        values = [r[stage] for r in runs[name] if stage in r]
        return statistics.median(values) if values else Failed(errors.get(name, "no run"))

    for _marker, stage in STAGES[:-1]:
        print_figure(Figure(f"launch to {stage}, packaged app vs source run", "s", "{:.2f}", ratio=False),
                     median("packaged", stage), median("source", stage))
    for stage in ("CPU, app", "CPU, engine"):  # the load average does not change these much
        print_figure(Figure(f"{stage} process: CPU seconds until 3 live brokers, packaged vs source", "s",
                            "{:.2f}", ratio=False), median("packaged", stage), median("source", stage))
    print_figure(Figure("launch to 3 live brokers, packaged app vs source run (lower is better)", "s", "{:.2f}"),
                 median("packaged", "3 live brokers"), median("source", "3 live brokers"))
    print(f"load average (1/5/15 min) before {load_before}, after {load()}; {os.cpu_count()} cores", flush=True)
    size = folder_mb(PACKAGED) if have_package else Failed("no dist/KafkaLab")
    print_figure(Figure(f"one-folder build size (budget {BUDGET_MB} MB)", "MB", "{:.0f}"), size, float(BUDGET_MB))
    return 0 if runs["packaged"] and runs["source"] else 1


if __name__ == "__main__":
    sys.exit(main())
