"""``python benchmarks/tables.py [N]``: time the dataset commands on a synthetic event table.

Builds an ``N``-event table (default 1,000,000) in the event table's schema, then runs each step
in a fresh Python process and reports its seconds and peak resident memory:

* ``dedupe``: the table -> a dataset (events.parquet, mentions.parquet);
* ``aggregate``: the dataset -> monthly actor-level dyad counts;
* ``export``: the dataset -> a GDELT 1.0 file;
* ``report``: the raw table -> the HTML report.

Prints the figures as one JSON object.  :func:`bench_tables` returns them (for
``benchmarks/bench.py``); :func:`make_benchmark_events` is the table.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
STEPS = ("dedupe", "aggregate", "export", "report")


def make_benchmark_events(n: int, seed: int = 8) -> pa.Table:
    """A synthetic event table of ``n`` rows in the event table's schema: 2,000 stories a day
    from 20 sources over one year, 60 countries x 6 roles, codes drawn from the CAMEO ontology;
    about half the rows repeat an event already reported (the redundancy of wire news)."""
    import numpy as np

    from eventcoder.dictionaries.ontology import load_ontology
    from eventcoder.io.events import EVENT_SCHEMA

    rng = np.random.default_rng(seed)
    onto = load_ontology()
    codes = np.array(sorted(c for c in onto.codes if len(c) >= 3))
    roots = np.array([onto[c].root for c in codes])
    quads = np.array([onto[c].quad_class for c in codes], dtype=np.int8)
    golds = np.array([onto[c].goldstein for c in codes], dtype=np.float32)
    countries = np.array([f"C{i:02d}" for i in range(60)])
    roles = np.array(["", "GOV", "MIL", "REB", "OPP", "COP"])
    n_unique = max(1, n // 2)
    u_day = rng.integers(0, 365, n_unique)
    u_src = rng.integers(0, 60, n_unique)
    u_tgt = rng.integers(0, 60, n_unique)
    u_srole = rng.integers(0, 6, n_unique)
    u_trole = rng.integers(0, 6, n_unique)
    u_code = rng.integers(0, len(codes), n_unique)
    pick = np.concatenate([np.arange(n_unique), rng.integers(0, n_unique, n - n_unique)])
    day = u_day[pick]
    lag = rng.integers(0, 3, n)
    base = np.datetime64("2024-01-01")
    event_date = (base + day.astype("timedelta64[D]"))
    doc_date = event_date + lag.astype("timedelta64[D]")
    story = rng.integers(0, 2000, n)
    doc_id = np.char.add(np.char.add(np.datetime_as_string(doc_date, unit="D"), "-"), story.astype(str))
    sentence_id = rng.integers(1, 30, n).astype(np.int32)
    s_country = countries[u_src[pick]]
    t_country = countries[u_tgt[pick]]
    s_code = np.char.add(s_country, roles[u_srole[pick]])
    t_code = np.char.add(t_country, roles[u_trole[pick]])
    code = codes[u_code[pick]]
    event_id = np.char.add("E", np.arange(n).astype(str))
    source = np.char.add("source", (story % 20).astype(str))
    cols = {
        "event_id": event_id, "doc_id": doc_id, "sentence_id": sentence_id,
        "sentence": np.full(n, "Turkish troops shelled Kurdish positions near Afrin on Tuesday."),
        "doc_date": doc_date, "event_date": event_date,
        "source_code": s_code, "source_country": s_country, "target_code": t_code, "target_country": t_country,
        "event_code": code, "event_root": roots[u_code[pick]], "quad_class": quads[u_code[pick]],
        "goldstein": golds[u_code[pick]], "doc_source": source,
    }
    arrays = []
    for f in EVENT_SCHEMA:
        if f.name in cols:
            arrays.append(pa.array(cols[f.name]).cast(f.type))
        else:
            arrays.append(pa.nulls(n, f.type))
    return pa.Table.from_arrays(arrays, schema=EVENT_SCHEMA)


def peak_rss_mib() -> float:
    """Peak resident memory of this process in MiB: ``VmHWM`` from /proc (it restarts at exec,
    unlike ``getrusage``'s ``ru_maxrss``, which a child inherits from its parent), else getrusage."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_step(step: str, source: str, target: str) -> dict:
    """One step, timed, in this process (the child side of :func:`bench_tables`)."""
    t = time.perf_counter()
    if step == "dedupe":
        from eventcoder.tables.dedupe import dedupe

        info: dict = dict(dedupe([source], target))
    elif step == "aggregate":
        from eventcoder.tables.aggregate import aggregate

        info = {"rows": aggregate(source, by="month", level="actor", output=target).num_rows}
    elif step == "export":
        from eventcoder.tables.export import export

        info = {"rows": export(source, "gdelt", target)}
    elif step == "report":
        from eventcoder.report.html import write_report

        info = {"bytes": write_report([source], target).stat().st_size}
    else:
        raise ValueError(f"unknown step {step!r}")
    info["seconds"] = round(time.perf_counter() - t, 2)
    info["peak_rss_mib"] = peak_rss_mib()
    return info


def bench_tables(n: int = 1_000_000, workdir: str | Path | None = None) -> dict:
    """Build an ``n``-event table, then run dedupe, aggregate (monthly, actor level), export
    (GDELT) and the report, each in a fresh Python process; seconds and peak RSS per step."""
    own = workdir is None
    tmp = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="eventcoder-bench-tables-"))
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        t = time.perf_counter()
        events = tmp / "events.parquet"
        pq.write_table(make_benchmark_events(n), events)
        result: dict = {"events": n, "build_seconds": round(time.perf_counter() - t, 2)}
        env = dict(os.environ)
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        dataset = tmp / "dataset"
        plan = {"dedupe": (events, dataset), "aggregate": (dataset, tmp / "agg.parquet"),
                "export": (dataset, tmp / "gdelt.tsv"), "report": (events, tmp / "report.html")}
        for step in STEPS:
            source, target = plan[step]
            out = subprocess.run([sys.executable, __file__, "--child", step, str(source), str(target)], env=env,
                                 capture_output=True, text=True)
            if out.returncode != 0:
                raise RuntimeError(f"benchmark step {step} failed:\n{out.stderr[-3000:]}")
            result[step] = json.loads(out.stdout.strip().splitlines()[-1])
        return result
    finally:
        if own:
            shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python benchmarks/tables.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("events", nargs="?", type=int, default=1_000_000, help="rows of the synthetic table")
    ap.add_argument("--workdir", help="keep the files here (default: a temporary directory, removed)")
    ap.add_argument("--child", nargs=3, metavar=("STEP", "IN", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(run_step(*args.child)))
        return 0
    print(json.dumps(bench_tables(args.events, args.workdir), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
