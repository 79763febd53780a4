"""``python benchmarks/bench.py`` (``make bench``): every headline figure of the project in one table.

What it measures, on a corpus it builds from ``examples/sample.jsonl`` and, when present,
``../shared/corpus/wire-news.jsonl`` (the first ``--wire-docs`` stories):

* **parse**: sentences/s of eventcoder's parsing (:func:`eventcoder.parsing.parse_documents`,
  writing the parse cache as a real run does) against a bare ``stanza.Pipeline`` built from the
  same model files, on the same documents, with the same torch threads, in the same process; the
  ratio is eventcoder's overhead.  Model loading is timed apart.  Then ``eventcoder parse`` as a
  user runs it (a fresh process, model loading included) for its wall time and peak RSS.
* **code**: sentences/s of ``eventcoder code`` on cached parses, the coding stage alone, from
  CoNLL-U (the parse replicated to ``--code-sentences`` sentences with fresh document ids), with
  the project's own dictionaries and with the classic Phoenix/PETRARCH set
  (``--petrarch-dictionaries ../shared/peers/petrarch/dictionaries``, skipped without ../shared).
  Each is given for the whole run and for the coding alone (the run less one on the parse once,
  which costs the same start-up and dictionary loading), and judged against the targets: own
  dictionaries >= 5,000 sentences/s on one core, Phoenix >= 10x UD-PETRARCH's 232/s.  Then the
  own dictionaries from JSONL through the SQLite parse cache, and the CoNLL-U split into shards
  on a local Dask cluster of 2 workers.
* **memory**: peak RSS of ``eventcoder code`` on ``--memory-sizes`` sentences (default 10k and
  100k; add 1000000 for 1M, a few minutes): flat memory means the same peak at every size.
* **validate**: ``eventcoder validate`` on the UD-PETRARCH dev suite
  (``../shared/peers/petrarch/validation/unit-dev.ud.xml``) with the classic dictionaries:
  records/s and the records coded exactly right; then its records repeated to
  ``--validate-records`` (the suite written by :mod:`validate_rate`) for a steady rate.
* **pathological** (``--pathological``, a few minutes): ``benchmarks/pathological.py --size small
  --threads 1``, its peak RSS and time against the 2 GiB limit.

Each measured run is a separate process; its CPU time (user + system) and peak RSS come from the
kernel (``wait4``), for the Dask run the RSS from sampling the whole process tree.  Wall rates and
CPU rates are both printed: the development machine is shared, and wall time swings with its load
(the 1-minute load average is sampled during the run and printed).  Prints one table to stdout;
a target that is not met is reported, and the run still exits 0.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample.jsonl"
WIRE = ROOT.parent / "shared" / "corpus" / "wire-news.jsonl"
PETRARCH_DICTIONARIES = ROOT.parent / "shared" / "peers" / "petrarch" / "dictionaries"

# The project's promises, printed beside the figures (a miss is reported, not an error):
OWN_TARGET = 5_000  # sentences/s, coding alone, one core, the project's dictionaries
UD_PETRARCH_RATE = 232  # sentences/s of UD-PETRARCH
PHOENIX_TARGET = 10 * UD_PETRARCH_RATE  # the classic Phoenix/PETRARCH dictionaries: 10x UD-PETRARCH


# -- corpora ----------------------------------------------------------------------------------------

def build_documents(wire_docs: int, sample_copies: int = 1) -> list[dict]:
    """The parse corpus: the sample (``sample_copies`` times, fresh ids) and the first ``wire_docs``
    wire stories when ../shared is present."""
    docs = []
    sample = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    for k in range(sample_copies):
        for d in sample:
            docs.append({**d, "id": f"{d['id']}-c{k}"})
    if wire_docs and WIRE.is_file():
        with open(WIRE, encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if i >= wire_docs:
                    break
                docs.append(json.loads(line))
    return docs


def write_jsonl(docs: list[dict], path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    return path


def _conllu_documents(path: Path) -> list[str]:
    """The documents of a CoNLL-U file written by ``eventcoder parse``, each from its ``# doc_id`` line."""
    text = path.read_text(encoding="utf-8")
    parts = text.split("# doc_id = ")
    return ["# doc_id = " + p for p in parts[1:] if p.strip()]


def replicate_conllu(source: Path, target: Path, sentences: int) -> int:
    """Write ``target`` with the documents of ``source`` repeated (document ids made unique) until
    it holds at least ``sentences`` sentences; streams, so it can write millions.  Returns the count."""
    docs = []
    for chunk in _conllu_documents(source):
        head, _, body = chunk.partition("\n")
        doc_id = head.removeprefix("# doc_id = ").strip()
        n = sum(1 for line in body.split("\n") if line.startswith("# sent_id"))
        if n:
            docs.append((doc_id, body.replace(f"# sent_id = {doc_id}-", "# sent_id = {ID}-"), n))
    if not docs:
        raise SystemExit(f"{source}: no documents to replicate")
    written, copy = 0, 0
    with open(target, "w", encoding="utf-8") as fh:
        while written < sentences:
            for doc_id, body, n in docs:
                new_id = f"{doc_id}~{copy}"
                fh.write(f"# doc_id = {new_id}\n")
                fh.write(body.replace("{ID}", new_id))
                written += n
                if written >= sentences:
                    break
            copy += 1
    return written


def replicate_jsonl(docs: list[dict], target: Path, copies: int) -> None:
    """The same texts under fresh ids: every document is a parse-cache hit once the originals are cached."""
    with open(target, "w", encoding="utf-8") as fh:
        for k in range(copies):
            for d in docs:
                fh.write(json.dumps({**d, "id": f"{d['id']}~{k}"}, ensure_ascii=False) + "\n")


def split_conllu(source: Path, directory: Path, shards: int) -> list[Path]:
    """Split a CoNLL-U file into ``shards`` files by whole documents (round robin)."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / f"part-{i:03d}.conllu" for i in range(shards)]
    handles = [open(p, "w", encoding="utf-8") for p in paths]
    try:
        i = -1
        with open(source, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("# doc_id = "):
                    i += 1
                handles[i % shards if i >= 0 else 0].write(line)
    finally:
        for h in handles:
            h.close()
    return paths


# -- measuring processes ----------------------------------------------------------------------------

def run_measured(cmd: list[str], tree: bool = False, env: dict | None = None, check: bool = True) -> dict:
    """Run ``cmd``; wall seconds, CPU seconds (user + system of the child and the children it waited
    for, from ``wait4``), peak RSS (MiB), exit status and output.  ``tree``: sample the RSS of the
    whole process tree (Dask workers are grandchildren) every 50 ms instead of the kernel's peak.
    ``check``: a non-zero exit stops the benchmark with the step's error output."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    peak_tree = [0]
    stop = threading.Event()
    if tree:
        import psutil

        def sample():
            try:
                root = psutil.Process(proc.pid)
            except psutil.Error:
                return
            while not stop.is_set():
                total = 0
                try:
                    for p in [root] + root.children(recursive=True):
                        try:
                            total += p.memory_info().rss
                        except psutil.Error:
                            pass
                except psutil.Error:
                    break
                peak_tree[0] = max(peak_tree[0], total)
                stop.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
    out_chunks: dict = {}

    def drain(name, stream):
        out_chunks[name] = stream.read()

    readers = [threading.Thread(target=drain, args=(n, s), daemon=True) for n, s in (("out", proc.stdout), ("err", proc.stderr))]
    for r in readers:
        r.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - started
    stop.set()
    for r in readers:
        r.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if check and proc.returncode != 0:
        raise SystemExit(f"benchmark step failed ({' '.join(cmd)}):\n{out_chunks.get('err', '')[-3000:]}")
    rss = peak_tree[0] / 2**20 if tree else usage.ru_maxrss / 1024  # ru_maxrss is KiB on Linux
    return {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime, "rss_mib": rss,
            "exit_code": proc.returncode, "stdout": out_chunks.get("out", ""), "stderr": out_chunks.get("err", "")}


class LoadSampler:
    """The 1-minute load average (``/proc/loadavg``) at the start, every ``every`` seconds, and at the end."""

    def __init__(self, every: float = 5.0):
        self.every = every
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def read() -> float | None:
        try:
            with open("/proc/loadavg") as fh:
                return float(fh.read().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def _run(self):
        while True:
            value = self.read()
            if value is not None:
                self.samples.append(value)
            if self._stop.wait(self.every):
                return

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        value = self.read()
        if value is not None:
            self.samples.append(value)

    def summary(self) -> dict:
        s = self.samples
        if not s:
            return {}
        return {"start": s[0], "end": s[-1], "min": min(s), "max": max(s), "mean": round(sum(s) / len(s), 2),
                "samples": len(s)}


def eventcoder_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "eventcoder", *args]


# -- the parse comparison (runs in a child process: `python benchmarks/bench.py --stage parse ...`) ---

def parse_stage(corpus: Path, stanza_dir: str | None, threads: int, cache: Path, conllu_out: Path,
                chunk: int = 8) -> dict:
    """Bare stanza vs eventcoder on the same documents in this process; returns timings."""
    import logging

    import stanza
    import torch

    from eventcoder.io.conllu import write_conllu
    from eventcoder.io.documents import Problems, read_documents
    from eventcoder.parsing import ParseCache, Parser, _for_parser, find_models, parse_documents

    torch.set_num_threads(threads)
    spec = find_models(stanza_dir)
    docs = list(read_documents([corpus], Problems()))
    texts = [d.text for d in docs]

    t0 = time.perf_counter()
    parser = Parser(spec, threads=threads)
    load_eventcoder = time.perf_counter() - t0
    # a bare pipeline from the same model files, as a stanza user would build it
    kwargs = dict(spec.kwargs)
    if "dir" not in kwargs:  # a flat folder of .pt files: stanza needs a resources file, an empty one will do
        res = Path(tempfile.mkdtemp(prefix="eventcoder-bench-")) / "resources.json"
        res.write_text("{}")
        kwargs.update(resources_filepath=str(res), allow_unknown_language=True)
    t0 = time.perf_counter()
    logging.getLogger("stanza").setLevel(logging.ERROR)
    bare = stanza.Pipeline(lang="en", processors=",".join(spec.processors), download_method=None, use_gpu=False,
                           logging_level="ERROR", **kwargs)
    load_bare = time.perf_counter() - t0
    # warm both up on one document so neither pays first-call costs in the timing
    bare.bulk_process([stanza.Document([], text=_for_parser(texts[0]))])
    parser.parse_texts([texts[0]])

    # Paired, interleaved timing: the documents in chunks of `chunk`, each chunk parsed by both
    # (alternating which goes first), so that both see the same machine: on a shared machine the
    # speed of torch's threads swings a lot from minute to minute.
    cache.unlink(missing_ok=True)
    pc = ParseCache(cache)
    bare_t, ours_t, ratios, parsed = 0.0, 0.0, [], []
    bare_sentences = 0
    for k, i in enumerate(range(0, len(docs), chunk)):
        part = docs[i:i + chunk]
        times = {}
        for side in (("bare", "ours") if k % 2 == 0 else ("ours", "bare")):
            t0 = time.perf_counter()
            if side == "bare":
                out = bare.bulk_process([stanza.Document([], text=_for_parser(d.text)) for d in part])
                bare_sentences += sum(len(d.sentences) for d in out)
                del out
            else:
                parsed.extend(parse_documents(part, spec, cache=pc, parser=parser))
            times[side] = time.perf_counter() - t0
        bare_t += times["bare"]
        ours_t += times["ours"]
        ratios.append(times["ours"] / times["bare"])
    pc.close()
    ours_sentences = sum(len(s) for _, s in parsed)
    ratios.sort()
    with open(conllu_out, "w", encoding="utf-8") as fh:
        write_conllu((s for _, sents in parsed for s in sents), fh)
    return {"documents": len(docs), "bare_sentences": bare_sentences, "sentences": ours_sentences,
            "bare_seconds": bare_t, "eventcoder_seconds": ours_t, "chunk_ratios": ratios,
            "median_chunk_ratio": ratios[len(ratios) // 2], "chunk": chunk,
            "load_bare": load_bare, "load_eventcoder": load_eventcoder, "threads": threads}


# -- the report -------------------------------------------------------------------------------------

COLUMNS = ("measurement", "count", "wall s", "per s (wall)", "per s (CPU)", "peak RSS", "target / result")


def machine() -> str:
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kib = int(fh.readline().split()[1])
        mem = f", {kib / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    cpu = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}){mem}, Python {platform.python_version()}"


def table(rows: list[tuple[str, ...]], head: tuple[str, ...] = COLUMNS) -> str:
    """A Markdown table: the first and last columns left-aligned, the others right-aligned."""
    n = len(head)
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(n)]
    left = {0, n - 1}
    line = lambda r: "| " + " | ".join(c.ljust(widths[i]) if i in left else c.rjust(widths[i]) for i, c in enumerate(r)) + " |"
    sep = "|" + "|".join("-" * (w + 2) if i in left else "-" * (w + 1) + ":" for i, w in enumerate(widths)) + "|"
    return "\n".join([line(head), sep] + [line(r) for r in rows])


def rate_text(count: float, seconds: float | None) -> str:
    if not seconds or seconds <= 0 or count <= 0:
        return "-"
    rate = count / seconds
    return f"{rate:,.1f}" if rate < 100 else f"{rate:,.0f}"


def target_text(rate: float | None, minimum: float, what: str) -> tuple[str, bool | None]:
    """``>= 5,000/s CPU: met`` or ``... NOT met``; ``None`` when there is no rate to judge."""
    if rate is None:
        return f">= {minimum:,.0f}/s {what}: not measured", None
    met = rate >= minimum
    return f">= {minimum:,.0f}/s {what}: {'met' if met else 'NOT met'}", met


class Report:
    """The table's rows, the notes under it and the figures for ``--json``."""

    def __init__(self):
        self.rows: list[tuple[str, ...]] = []
        self.notes: list[str] = []
        self.figures: dict = {}

    def add(self, name: str, count: int, wall: float | None = None, cpu: float | None = None,
            rss: float | str | None = None, result: str = "", rss_mark: str = "") -> None:
        rss_s = rss if isinstance(rss, str) else ("-" if rss is None else f"{rss:,.0f} MiB{rss_mark}")
        self.rows.append((name, f"{count:,}", "-" if wall is None else f"{wall:,.1f}", rate_text(count, wall),
                          rate_text(count, cpu), rss_s, result))

    def skip(self, name: str, reason: str) -> None:
        print(f"skipping {name}: {reason}", file=sys.stderr)
        self.rows.append((name, "-", "-", "-", "-", "-", f"skipped: {reason}"))


def summary_of(output: Path) -> dict:
    return json.loads(output.with_suffix(".summary.json").read_text())


# -- the measurements -------------------------------------------------------------------------------

def measure_parse(report: Report, corpus: Path, parsed: Path, cache: Path, work: Path, threads: int,
                  stanza_args: list[str]) -> None:
    """Bare stanza against eventcoder in one child process, then ``eventcoder parse`` as a user runs it."""
    r = run_measured([sys.executable, str(Path(__file__).resolve()), "--stage", "parse", "--corpus", str(corpus),
                      "--cache", str(cache), "--conllu-out", str(parsed), "--threads", str(threads), *stanza_args])
    p = json.loads(r["stdout"].strip().splitlines()[-1])
    n = p["sentences"]
    report.figures["parse"] = {**p, "bare_rate": p["bare_sentences"] / p["bare_seconds"],
                               "eventcoder_rate": n / p["eventcoder_seconds"],
                               "overhead_ratio": p["eventcoder_seconds"] / p["bare_seconds"], "peak_rss_mib": r["rss_mib"]}
    report.add(f"parse: bare stanza.Pipeline ({threads} threads)", p["bare_sentences"], p["bare_seconds"])
    report.add(f"parse: eventcoder, cache writes ({threads} threads)", n, p["eventcoder_seconds"], rss=r["rss_mib"],
               rss_mark="*")
    report.notes.append(f"parse overhead ratio (eventcoder time / bare stanza time, same {p['documents']} documents and "
                        f"threads, interleaved in chunks of {p['chunk']} documents): "
                        f"{report.figures['parse']['overhead_ratio']:.3f} overall, {p['median_chunk_ratio']:.3f} median "
                        f"per chunk; model loading: bare {p['load_bare']:.1f} s, eventcoder {p['load_eventcoder']:.1f} s "
                        "(not in the rates); * peak RSS of the process holding both pipelines")
    r = run_measured(eventcoder_cmd("parse", str(corpus), "-o", str(work / "cli-parse.conllu"), "--cache", "none",
                                    "--threads", str(threads), *stanza_args))
    report.add("parse: `eventcoder parse` CLI, model load included", n, r["seconds"], r["cpu_seconds"], r["rss_mib"])
    report.figures["parse_cli"] = {"seconds": r["seconds"], "cpu_seconds": r["cpu_seconds"], "peak_rss_mib": r["rss_mib"]}


def measure_coding(report: Report, key: str, label: str, parsed: Path, big: Path, work: Path, extra: list[str],
                   minimum: float, target_what: str) -> None:
    """``eventcoder code`` on ``big`` (the replicated parse) with one dictionary set: the whole run, and the
    coding alone, i.e. that run less a run on ``parsed`` (the parse once: starting Python and loading the
    dictionaries, ontology and gazetteer cost the same in both).  A first run on ``parsed`` is discarded:
    it may build the dictionary set's pickle cache."""
    def code(source: Path, name: str) -> tuple[dict, dict]:
        out = work / f"{key}-{name}.parquet"
        r = run_measured(eventcoder_cmd("code", str(source), "-o", str(out), "-q", *extra))
        return r, summary_of(out)

    code(parsed, "warm-up")
    base, s0 = code(parsed, "load")
    print(f"coding {big.name} with {label} ...", file=sys.stderr)
    r, s = code(big, "run")
    report.add(f"code: {label}, whole run", s["sentences"], r["seconds"], r["cpu_seconds"],
               r["rss_mib"])
    n = s["sentences"] - s0["sentences"]
    wall, cpu = r["seconds"] - base["seconds"], r["cpu_seconds"] - base["cpu_seconds"]
    cpu_rate = n / cpu if n > 0 and cpu > 0 else None
    result, met = target_text(cpu_rate, minimum, target_what)
    report.add(f"code: {label}, coding alone", max(n, 0), wall if wall > 0 else None,
               cpu if cpu > 0 else None, None, result)
    report.figures[f"code_{key}"] = {
        "sentences": s["sentences"], "events": s["events"], "wall_seconds": r["seconds"], "cpu_seconds": r["cpu_seconds"],
        "peak_rss_mib": r["rss_mib"], "load_run": {"sentences": s0["sentences"], "wall_seconds": base["seconds"],
                                                   "cpu_seconds": base["cpu_seconds"]},
        "coding_alone": {"sentences": n, "wall_seconds": wall, "cpu_seconds": cpu, "cpu_rate": cpu_rate},
        "target_cpu_rate": minimum, "target_met": met}


def measure_validation(report: Report, work: Path, replicated: int) -> None:
    """``eventcoder validate`` on the UD-PETRARCH dev suite as shipped, and on its records repeated."""
    import validate_rate  # beside this file

    name = "validate: UD-PETRARCH dev suite"
    if not validate_rate.DEV_SUITE.is_file():
        report.skip(name, f"{validate_rate.DEV_SUITE} absent")
        return
    dictionaries = str(validate_rate.SHARED / "dictionaries")
    suites = [(name, validate_rate.DEV_SUITE, "dev")]
    if replicated:
        path = work / f"dev-x{replicated}.xml"
        environment, records = validate_rate.dev_records()
        validate_rate.write_suite(path, environment, records, replicated)
        suites.append((f"validate: dev records repeated to {replicated:,}", path, f"dev_x{replicated}"))
    for label, suite, key in suites:
        print(f"{label} ...", file=sys.stderr)
        r = run_measured(eventcoder_cmd("validate", str(suite), "--petrarch-dictionaries", dictionaries), check=False)
        right = re.search(r"exactly right: (\d+)/(\d+)", r["stdout"])
        coded = re.search(r"coded in ([\d.]+) s", r["stdout"])
        if not right:
            report.skip(label, f"exit {r['exit_code']}, no 'exactly right' line: {r['stderr'].strip()[-200:]}")
            continue
        k, n = int(right.group(1)), int(right.group(2))
        report.add(f"{label} (records scored)", n, r["seconds"], r["cpu_seconds"], r["rss_mib"],
                   f"{k:,}/{n:,} exactly right")
        coding_s = float(coded.group(1)) if coded else None
        report.figures[f"validate_{key}"] = {"records_scored": n, "exactly_right": k, "wall_seconds": r["seconds"],
                                             "cpu_seconds": r["cpu_seconds"], "peak_rss_mib": r["rss_mib"],
                                             "coded_seconds": coding_s, "exit_code": r["exit_code"]}
        if coding_s:
            report.notes.append(f"{label}: the coding and scoring alone took {coding_s} s as `validate` reports it "
                                f"({rate_text(n, coding_s)} records/s); the rest of the wall time is starting Python, "
                                "reading the suite and loading the dictionaries")


def measure_pathological(report: Report, stanza_args: list[str]) -> None:
    """``benchmarks/pathological.py --size small --threads 1``: peak RSS under the 2 GiB limit."""
    name = "pathological: small, --threads 1 (sentences)"
    print(f"{name} (minutes) ...", file=sys.stderr)
    r = run_measured([sys.executable, str(Path(__file__).resolve().with_name("pathological.py")), "--size", "small",
                      "--threads", "1", *stanza_args], check=False)
    try:
        line = json.loads(r["stdout"].strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        report.skip(name, f"exit {r['exit_code']}, no result line: {r['stderr'].strip()[-300:]}")
        return
    peak = max(line["peak_rss_mib"], line["peak_tree_rss_sampled_mib"])
    limit = line["limit_mib"]
    if line["exit_code"] != 0 or line["traceback"]:
        result = f"FAILED: eventcoder exit {line['exit_code']}{', traceback' if line['traceback'] else ''}"
        report.notes.append(f"pathological run failed: {' / '.join(r['stderr'].strip().splitlines()[-3:])}")
    else:
        result = f"<= {limit:,} MiB: {'met' if line['under_limit'] else 'NOT met'}"
    report.add(name, line["sentences"] or 0, r["seconds"], r["cpu_seconds"], peak, result)
    report.notes.append(f"pathological: {line['records']} records ({line['corpus_mib']} MiB), {line['documents']} "
                        f"documents coded, {line['skipped']} bad records skipped, {line['cut_warnings']} long-sentence "
                        f"cut warnings, {line['events']} events; eventcoder's own wall time {line['wall_s']} s; "
                        "the CPU time includes building the corpus")
    report.figures["pathological"] = {**line, "bench_wall_seconds": r["seconds"], "cpu_seconds": r["cpu_seconds"]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python benchmarks/bench.py", description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stanza-dir", metavar="DIR", help="stanza models (default: $EVENTCODER_STANZA_DIR, ../shared/models/stanza-en)")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1, help="torch threads for both parsers (default: %(default)s)")
    ap.add_argument("--wire-docs", type=int, default=24, help="wire stories in the parse corpus (default: %(default)s)")
    ap.add_argument("--code-sentences", type=int, default=50_000, help="sentences for the coding runs (default: %(default)s)")
    ap.add_argument("--memory-sizes", default="10000,100000",
                    help="sentence counts for the peak-RSS runs, comma-separated (default: %(default)s)")
    ap.add_argument("--validate-records", type=int, default=10_000,
                    help="also run the dev suite's records repeated to this many (0: skip; default: %(default)s)")
    ap.add_argument("--pathological", action="store_true",
                    help="also run benchmarks/pathological.py --size small --threads 1 (a few minutes; needs the model)")
    ap.add_argument("--no-parse", action="store_true", help="skip the parse measurements (code the shipped sample parse)")
    ap.add_argument("--conllu", metavar="FILE", help="with --no-parse: the parse to replicate for the coding runs "
                                                      "(default: examples/sample.conllu)")
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask run")
    ap.add_argument("--workdir", help="keep the corpora and outputs here (default: a temporary folder, removed)")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    ap.add_argument("--stage", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    ap.add_argument("--cache", help=argparse.SUPPRESS)
    ap.add_argument("--conllu-out", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.stage == "parse":
        print(json.dumps(parse_stage(Path(args.corpus), args.stanza_dir, args.threads, Path(args.cache), Path(args.conllu_out))))
        return 0

    stanza_dir = args.stanza_dir or os.environ.get("EVENTCODER_STANZA_DIR")
    if not stanza_dir and (ROOT.parent / "shared" / "models" / "stanza-en").is_dir():
        stanza_dir = str(ROOT.parent / "shared" / "models" / "stanza-en")
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="eventcoder-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    report = Report()
    from eventcoder.compiled import running_compiled

    report.figures.update({"machine": machine(), "threads": args.threads, "date": time.strftime("%Y-%m-%d"),
                           "coder": "compiled with mypyc" if running_compiled() else
                           "the Python sources (not compiled: `make compile`)"})
    # absolute: some runs (pathological.py's) start eventcoder in another directory
    stanza_args = ["--stanza-dir", str(Path(stanza_dir).resolve())] if stanza_dir else []
    started = time.monotonic()
    try:
        with LoadSampler() as load:
            status = run_all(args, report, work, stanza_args)
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    if status:
        return status
    report.figures["load_average_1min"] = load.summary()
    report.figures["total_seconds"] = time.monotonic() - started

    print(f"eventcoder benchmark on {report.figures['machine']}, {report.figures['date']}; "
          f"the coder: {report.figures['coder']}")
    la = report.figures["load_average_1min"]
    if la:
        print(f"load average (1 min) during the run: {la['min']:.1f}-{la['max']:.1f}, mean {la['mean']:.1f} "
              f"({la['samples']} samples of /proc/loadavg); {report.figures['total_seconds']:.0f} s in all")
    print(table(report.rows))
    for note in report.notes:
        print(note)
    if args.json:
        Path(args.json).write_text(json.dumps(report.figures, indent=2) + "\n")
    return 0


def run_all(args: argparse.Namespace, report: Report, work: Path, stanza_args: list[str]) -> int:
    docs = build_documents(args.wire_docs)
    corpus = write_jsonl(docs, work / "parse-corpus.jsonl")
    parsed = work / "parse-corpus.conllu"
    cache = work / "parses.sqlite"
    have_model = subprocess.run(eventcoder_cmd("models", "--check", *stanza_args), capture_output=True,
                                cwd=ROOT).returncode == 0
    wire_note = f" + {args.wire_docs} wire stories" if args.wire_docs and WIRE.is_file() else ""
    if have_model and not args.no_parse:
        print(f"parsing {len(docs)} documents (sample{wire_note}) with {args.threads} threads, "
              "bare stanza and eventcoder ...", file=sys.stderr)
        measure_parse(report, corpus, parsed, cache, work, args.threads, stanza_args)
        report.notes.append(f"coding corpus: the parse of examples/sample.jsonl{wire_note} "
                            f"({report.figures['parse']['sentences']:,} sentences), replicated with fresh document ids")
    else:
        sample_parse = Path(args.conllu) if args.conllu else ROOT / "examples" / "sample.conllu"
        if not sample_parse.is_file():
            print(f"no stanza model and no {sample_parse}: nothing to benchmark", file=sys.stderr)
            return 2
        reason = "--no-parse" if args.no_parse else "no stanza model found"
        report.skip("parse", reason)
        report.notes.append(f"coding corpus: {sample_parse.name}, replicated with fresh document ids")
        shutil.copy(sample_parse, parsed)
        docs = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]

    # coding on cached parses, CoNLL-U, with each dictionary set
    big = work / "code.conllu"
    n = replicate_conllu(parsed, big, args.code_sentences)
    print(f"coding {n:,} sentences ...", file=sys.stderr)
    measure_coding(report, "own", "own dictionaries", parsed, big, work, [], OWN_TARGET, "CPU, one core")
    if PETRARCH_DICTIONARIES.is_dir():
        measure_coding(report, "phoenix", "Phoenix dictionaries", parsed, big, work,
                       ["--petrarch-dictionaries", str(PETRARCH_DICTIONARIES)], PHOENIX_TARGET,
                       f"CPU (10 x UD-PETRARCH's {UD_PETRARCH_RATE})")
    else:
        report.skip("code: Phoenix dictionaries", f"{PETRARCH_DICTIONARIES} absent")
    report.notes.append("code: CoNLL-U in 1 process; Phoenix = the classic Phoenix/PETRARCH dictionaries "
                        f"({PETRARCH_DICTIONARIES}); coding alone = the whole run less a run on the parse once (starting Python, loading the "
                        "dictionaries, ontology and gazetteer); the targets are judged on its CPU rate (user + "
                        "system time from wait4), as the shared machine's wall times swing with its load")

    # coding through the SQLite parse cache (JSONL input whose texts are all cached)
    if "parse" in report.figures:
        per_copy = report.figures["parse"]["sentences"]
        copies = max(1, args.code_sentences // max(per_copy, 1) // 2)
        replicate_jsonl(docs, work / "cached.jsonl", copies)
        out = work / "cached.parquet"
        r = run_measured(eventcoder_cmd("code", str(work / "cached.jsonl"), "-o", str(out), "--cache", str(cache),
                                        "-q", *stanza_args))
        s = summary_of(out)
        report.add("code: own, JSONL through the parse cache, 1 process", s["sentences"], r["seconds"],
                   r["cpu_seconds"], r["rss_mib"])
        report.figures["code_cache"] = {"sentences": s["sentences"], "wall_seconds": r["seconds"],
                                        "cpu_seconds": r["cpu_seconds"], "peak_rss_mib": r["rss_mib"],
                                        "cache_hits": s["parse_cache_hits"], "parsed": s["parsed_documents"]}

    # 2 Dask workers on shards of the same CoNLL-U
    if not args.no_dask:
        shards = split_conllu(big, work / "shards", 8)
        out = work / "dask-events"
        r = run_measured(eventcoder_cmd("code", *map(str, shards), "--workers", "2", "-o", str(out), "-q"), tree=True)
        s = json.loads((work / "dask-events.summary.json").read_text())
        report.add("code: own, CoNLL-U, 8 shards on 2 Dask workers", s["sentences"], r["seconds"], rss=r["rss_mib"],
                   rss_mark="**")
        report.notes.append("** the Dask run's time includes starting the local cluster; its RSS is the whole process "
                            "tree (driver, scheduler, 2 nannies, 2 workers), sampled")
        report.figures["code_dask"] = {"sentences": s["sentences"], "wall_seconds": r["seconds"],
                                       "peak_rss_mib": r["rss_mib"]}

    # flat memory: the coding stage on growing inputs
    report.figures["memory"] = []
    for size in [int(x) for x in args.memory_sizes.split(",") if x.strip()]:
        path = work / f"mem-{size}.conllu"
        n = replicate_conllu(parsed, path, size)
        print(f"coding {n:,} sentences for peak RSS ...", file=sys.stderr)
        out = work / f"mem-{size}.parquet"
        r = run_measured(eventcoder_cmd("code", str(path), "-o", str(out), "-q"))
        s = summary_of(out)
        report.add(f"memory: code {size:,} sentences, own", s["sentences"], r["seconds"], r["cpu_seconds"], r["rss_mib"])
        report.figures["memory"].append({"sentences": s["sentences"], "events": s["events"], "wall_seconds": r["seconds"],
                                         "cpu_seconds": r["cpu_seconds"], "peak_rss_mib": r["rss_mib"]})
        path.unlink()

    measure_validation(report, work, args.validate_records)

    if args.pathological:
        if have_model:
            measure_pathological(report, stanza_args)
        else:
            report.skip("pathological", "no stanza model found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
