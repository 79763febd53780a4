"""Coding many input files into one Parquet dataset, in this process or over a Dask cluster.

One input file is one shard and one task.  A shard ``news-007.jsonl`` (or ``news-007.conllu``)
is coded into ``DIR/shard=news-007/part-0.parquet`` with its run summary beside it in
``DIR/shard=news-007/_summary.json`` (and what could not be coded in ``_diagnostics.json``), exactly the layout the make-driven batch workflow
(``mk/batch.mk``) writes, so ``DIR`` reads as one hive-partitioned dataset in pandas, pyarrow,
DuckDB or Spark (files starting with ``_`` or ``.`` are skipped by all of them).  The summary of
the whole run goes beside the directory (``DIR.summary.json``).

With a Dask client (``--dask-scheduler ADDRESS`` or ``--workers N`` for a local cluster) the
shards are spread over the workers.  Each worker process loads the dictionaries, the ontology
and (when some input needs parsing) the stanza models once and keeps them in a per-process
memo keyed by the dictionary files' signature and the model fingerprint; every shard is coded
by :func:`eventcoder.pipeline.code_inputs`, the same function as a single-process run, so the
rows are the same.  Workers on other machines must see the inputs and the output directory at
the same paths (a shared file system) and have the same eventcoder installed.
"""
from __future__ import annotations

import logging
import os
import time
from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..io.atomic import write_json_atomic
from ..run.progress import Progress
from .options import Options

log = logging.getLogger("eventcoder")

SHARD_FILE = "part-0.parquet"
SHARD_SUMMARY = "_summary.json"
SHARD_DIAGNOSTICS = "_diagnostics.json"
PARTITION = "shard"


def shard_name(path: str | Path) -> str:
    """The shard's name: the input file's name without its suffix (``news-007.jsonl`` -> ``news-007``)."""
    return Path(path).stem


def shard_dir(output_dir: str | Path, name: str) -> Path:
    return Path(output_dir) / f"{PARTITION}={name}"


def shard_output(output_dir: str | Path, name: str) -> Path:
    return shard_dir(output_dir, name) / SHARD_FILE


@dataclass(frozen=True)
class ShardJob:
    """Everything a worker needs to code one input file (plain values: it travels by pickle)."""

    path: str
    output: str
    summary: str
    dictionaries: str | None = None  # project-format dictionary directory (None: the project's)
    petrarch_dictionaries: str | None = None
    options: Options = Options()


# -- what a worker builds once and reuses for every shard ---------------------------------------


def _signature(directory: str | Path) -> tuple:
    """The dictionary directory and the name, size and mtime of every file in it (cheap to compute,
    changes whenever a dictionary file does)."""
    root = Path(directory).resolve()
    files = []
    for dirpath, _, names in os.walk(root):
        for n in names:
            p = Path(dirpath) / n
            st = p.stat()
            files.append((str(p.relative_to(root)), st.st_size, st.st_mtime_ns))
    return (str(root), tuple(sorted(files)))


class WorkerState:
    """What one worker keeps between shards: the dictionaries and their coder, by dictionary
    version (a changed file is loaded afresh).  On a Dask worker it lives on the worker object
    (:func:`worker_state`); in-process runs make one per run.  The stanza pipeline is the
    process's own (:mod:`eventcoder.run.parsers`), built only when a document misses the cache."""

    def __init__(self) -> None:
        self.coders: dict[tuple, tuple] = {}

    def coder(self, job: ShardJob):
        """(Dictionaries, Coder) for the job, loaded once per dictionary version."""
        from ..api import load_dictionaries
        from ..dictionaries.ontology import DICTIONARY_DIR
        from .pipeline import coder_for

        choices = (job.options.dyadic_only, job.options.story)
        if job.petrarch_dictionaries:
            key = ("petrarch", _signature(job.petrarch_dictionaries), choices)
        else:
            key = ("project", _signature(job.dictionaries or DICTIONARY_DIR), choices)
        if key not in self.coders:
            d = load_dictionaries(job.dictionaries, petrarch=job.petrarch_dictionaries)
            self.coders[key] = (d, coder_for(d, job.options))
        return self.coders[key]


def worker_state() -> WorkerState:
    """The state of the Dask worker this runs on (a new one outside a worker)."""
    try:
        from distributed import get_worker

        worker = get_worker()
    except (ImportError, ValueError):
        return WorkerState()
    state = getattr(worker, "eventcoder_state", None)
    if state is None:
        state = worker.eventcoder_state = WorkerState()
    return state


def worker_parser(job: ShardJob):
    """The process's stanza pipeline for the job's models (built when first needed); None for
    CoNLL-U input."""
    from ..parsing import find_models
    from .parsers import shared_parser
    from .pipeline import split_inputs

    _, raw = split_inputs([job.path])
    if not raw:
        return None
    return shared_parser(find_models(job.options.stanza_dir), job.options.threads, job.options.max_tokens)


def code_shard(job: ShardJob, state: WorkerState | None = None) -> dict:
    """Code one input file into its shard of the dataset; returns the shard's summary.  ``state``:
    what to reuse between shards (default: the Dask worker's)."""
    from ..run.pipeline import code_inputs

    dictionaries, coder = (state or worker_state()).coder(job)
    stats = code_inputs([job.path], job.output, dictionaries, job.options.but(progress=False),
                        coder=coder, parser=worker_parser(job),
                        summary_path=job.summary, diagnostics_path=Path(job.output).parent / SHARD_DIAGNOSTICS)
    out = stats.to_dict()
    out["shard"] = shard_name(job.path)
    out["dictionary_fingerprint"] = dictionaries.fingerprint
    out["worker_pid"] = os.getpid()
    return out


# -- the driver ------------------------------------------------------------------------------------

def shard_jobs(paths: Iterable[str | Path], output_dir: str | Path, options: Options = Options(), *,
               dictionaries: str | Path | None = None, petrarch_dictionaries: str | Path | None = None) -> list[ShardJob]:
    """One job per input file (absolute paths, so that workers elsewhere find them)."""
    absolute = {}
    if options.stanza_dir:
        absolute["stanza_dir"] = str(Path(options.stanza_dir).resolve())
    if options.cache:
        absolute["cache"] = Path(options.cache).resolve()
    options = options.but(**absolute)
    dictionaries = str(Path(dictionaries).resolve()) if dictionaries else None
    petrarch_dictionaries = str(Path(petrarch_dictionaries).resolve()) if petrarch_dictionaries else None
    jobs, seen = [], {}
    for p in map(Path, paths):
        if not p.is_file():
            raise InputError(f"{p}: no such file")
        name = shard_name(p)
        if name in seen:
            raise InputError(f"{p}: same shard name {name!r} as {seen[name]} (every input of a dataset run "
                             "needs its own file name)")
        seen[name] = p
        out = shard_output(Path(output_dir).resolve(), name)
        jobs.append(ShardJob(str(p.resolve()), str(out), str(out.parent / SHARD_SUMMARY), dictionaries,
                             petrarch_dictionaries, options))
    return jobs


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None, threads_per_worker: int = 1,
                timeout: str = "10s"):
    """A Dask client: connected to ``scheduler`` (``tcp://host:8786``), else a local cluster of
    ``workers`` processes."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise InputError("the Dask mode needs dask[distributed]: .venv/bin/pip install 'dask[distributed]'") from None
    if not log.isEnabledFor(logging.DEBUG):  # Dask's own INFO lines (scheduler, nannies) only with -v
        for name in ("distributed", "dask"):
            logging.getLogger(name).setLevel(logging.WARNING)
    if scheduler:
        try:
            client = Client(scheduler, timeout=timeout)
        except (OSError, TimeoutError) as exc:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); start one with "
                             "`dask scheduler` and workers with `dask worker tcp://HOST:8786`") from None
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(n_workers=workers or 2, threads_per_worker=threads_per_worker, processes=True,
                           dashboard_address=":0", silence_logs=logging.ERROR)  # any free port
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def merge_summaries(shards: list[dict], output_dir: str | Path, seconds: float) -> dict:
    """One run summary from the shards' summaries (counts added up, shards listed)."""
    total = Counter()
    reasons, repairs, roots = Counter(), Counter(), Counter()
    for s in shards:
        for key in ("documents", "sentences", "events", "sentences_with_events", "skipped", "parse_cache_hits",
                    "parsed_documents"):
            total[key] += s.get(key, 0)
        reasons.update(s.get("skipped_reasons", {}))
        repairs.update(s.get("repaired_reasons", {}))
        roots.update(s.get("events_by_root", {}))
    from ..version import __version__

    return {
        **{k: total[k] for k in ("documents", "sentences", "events", "sentences_with_events", "skipped",
                                 "parse_cache_hits", "parsed_documents")},
        "skipped_reasons": dict(sorted(reasons.items())), "repaired_reasons": dict(sorted(repairs.items())),
        "failed_inputs": [why for s in shards for why in s.get("failed_inputs", [])],
        "events_by_root": dict(sorted(roots.items())), "seconds": round(seconds, 3), "output": str(output_dir), "coder_version": __version__,
        "inputs": [i for s in shards for i in s.get("inputs", [])],
        "dictionary_fingerprint": shards[0].get("dictionary_fingerprint") if shards else None,
        "shards": [{k: s.get(k) for k in ("shard", "documents", "sentences", "events", "skipped", "seconds",
                                          "output", "worker_pid")} for s in shards],
    }


def code_dataset(paths: list[str | Path], output_dir: str | Path, options: Options = Options(), *,
                 dictionaries: str | Path | None = None, petrarch_dictionaries: str | Path | None = None,
                 scheduler: str | None = None, workers: int | None = None, client=None,
                 summary_path: str | Path | None = None) -> dict:
    """Code every input file into its own shard of the dataset ``output_dir``; returns the run summary.

    Without ``scheduler``, ``workers`` or ``client`` the shards are coded one after another in
    this process; with them, as tasks on a Dask cluster (``client``: an open
    ``dask.distributed.Client`` to use).  ``dictionaries`` is a project-format dictionary directory
    and ``petrarch_dictionaries`` a classic set (neither: the project's own).  The summary is written
    to ``summary_path`` (default: ``<output_dir>.summary.json``).
    """
    started = time.monotonic()
    output_dir = Path(output_dir)
    if output_dir.exists() and not output_dir.is_dir():
        raise InputError(f"{output_dir}: exists and is not a directory (a dataset run writes one directory of shards)")
    jobs = shard_jobs(paths, output_dir, options, dictionaries=dictionaries, petrarch_dictionaries=petrarch_dictionaries)
    results: dict[int, dict] = {}
    meter = Progress("coding shards", total=len(jobs), unit="shards", enabled=options.progress)

    def done(i: int, summary: dict) -> None:
        results[i] = summary
        meter.update(shards=1, documents=summary["documents"], sentences=summary["sentences"],
                     events=summary["events"])

    try:
        if client is not None:
            _run_on(client, jobs, done)
        elif scheduler or workers:
            with dask_client(scheduler, workers) as own:
                _run_on(own, jobs, done)
        else:
            state = WorkerState()
            for i, job in enumerate(jobs):
                done(i, code_shard(job, state))
    finally:
        meter.close()
    _warn_foreign_shards(output_dir, jobs)
    summary = merge_summaries([results[i] for i in range(len(jobs))], output_dir, time.monotonic() - started)
    if client is not None:
        summary["dask"] = str(getattr(client.scheduler, "address", "client"))
    elif scheduler or workers:
        summary["dask"] = scheduler or f"local cluster of {workers} workers"
    write_json_atomic(summary_path or dataset_summary_path(output_dir), summary)
    merge_diagnostics(output_dir)
    return summary


def _run_on(client, jobs: list[ShardJob], done) -> None:
    """Submit one task per shard; report each as it finishes; cancel the rest on failure."""
    from dask.distributed import as_completed

    futures = client.map(code_shard, jobs, pure=False,
                         key=[f"eventcoder-{shard_name(j.path)}-{i}-{time.time_ns()}" for i, j in enumerate(jobs)])
    index = {f.key: i for i, f in enumerate(futures)}
    try:
        for future in as_completed(futures):
            done(index[future.key], future.result())
    except BaseException:
        client.cancel(futures)
        raise


def dataset_summary_path(output_dir: str | Path) -> Path:
    output_dir = Path(output_dir)
    return output_dir.with_name(output_dir.name + ".summary.json")


def _warn_foreign_shards(output_dir: Path, jobs: list[ShardJob]) -> None:
    ours = {Path(j.output).parent.name for j in jobs}
    others = sorted(p.name for p in output_dir.glob(f"{PARTITION}=*") if p.is_dir() and p.name not in ours)
    if others:
        log.warning("%s also holds %d shard(s) not coded in this run (%s%s); they are part of the dataset "
                    "until removed", output_dir, len(others), ", ".join(others[:3]), ", ..." if len(others) > 3 else "")


def read_dataset(output_dir: str | Path):
    """The dataset as one pyarrow Table (all shards; the ``shard`` partition column included),
    read as every event table is (:func:`eventcoder.io.events.find_event_tables`)."""
    from ..io.events import find_event_tables

    return find_event_tables([output_dir])[0].read()


def summarize_dataset(output_dir: str | Path) -> dict:
    """The run summary of a dataset directory from its shards' ``_summary.json`` files (what the
    batch workflow writes as ``events.summary.json`` after coding the shards)."""
    import json

    output_dir = Path(output_dir)
    shards = []
    for path in sorted(output_dir.glob(f"{PARTITION}=*/{SHARD_SUMMARY}")):
        try:
            s = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"{path}: unreadable shard summary ({exc})") from None
        s.setdefault("shard", path.parent.name.split("=", 1)[1])
        shards.append(s)
    return merge_summaries(shards, output_dir, sum(s.get("seconds", 0.0) for s in shards))


def summarize(output_dir: str | Path, output: str | Path | None = None) -> dict:
    """Add up the shard summaries of a dataset directory into ``output`` (default
    ``<output_dir>.summary.json``) and merge their diagnostics; returns the summary."""
    summary = summarize_dataset(output_dir)
    summary["seconds_note"] = "sum of the shards' coding times (not wall time)"
    summary["summary_path"] = str(output or dataset_summary_path(output_dir))
    write_json_atomic(summary["summary_path"], summary)
    merge_diagnostics(output_dir)
    return summary


def merge_diagnostics(output_dir: str | Path, top: int = 200) -> Path | None:
    """Add up the shards' ``_diagnostics.json`` into ``DIR.diagnostics.json`` (what ``eventcoder
    report`` shows).  Each shard keeps its top entries only, so long-tail counts are lower bounds."""
    import json
    from collections import defaultdict

    output_dir = Path(output_dir)
    counts: dict[str, Counter] = defaultdict(Counter)
    examples: dict[tuple[str, str], str] = {}
    found = False
    for path in sorted(output_dir.glob(f"{PARTITION}=*/{SHARD_DIAGNOSTICS}")):
        try:
            records = json.loads(path.read_text(encoding="utf-8")).get("diagnostics", [])
        except (OSError, ValueError) as exc:
            log.warning("%s: unreadable diagnostics (%s); left out", path, exc)
            continue
        found = True
        for r in records:
            counts[r["kind"]][r["text"]] += int(r.get("count", 0))
            if r.get("example"):
                examples.setdefault((r["kind"], r["text"]), r["example"])
    if not found:
        return None
    merged = [{"kind": kind, "text": text, "count": n, "example": examples.get((kind, text))}
              for kind in sorted(counts) for text, n in counts[kind].most_common(top)]
    target = output_dir.with_name(output_dir.name + ".diagnostics.json")
    return write_json_atomic(target, {"diagnostics": merged})


__all__ = ["ShardJob", "code_shard", "code_dataset", "dask_client", "shard_jobs", "shard_output", "shard_name",
           "merge_summaries", "merge_diagnostics", "read_dataset", "summarize", "dataset_summary_path", "summarize_dataset"]

