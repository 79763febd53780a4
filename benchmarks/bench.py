"""``python benchmarks/bench.py`` (``make bench``): parse and coding throughput, and peak memory.

What it measures, on a corpus it builds from ``examples/sample.jsonl`` and, when present,
``../shared/corpus/wire-news.jsonl`` (the first ``--wire-docs`` stories):

* **parse**: sentences/s of eventcoder's parsing (:func:`eventcoder.parsing.parse_documents`,
  writing the parse cache as a real run does) against a bare ``stanza.Pipeline`` built from the
  same model files, on the same documents, with the same torch threads, in the same process; the
  ratio is eventcoder's overhead.  Model loading is timed apart.  Then ``eventcoder parse`` as a
  user runs it (a fresh process, model loading included) for its wall time and peak RSS.
* **code**: sentences/s of ``eventcoder code`` on cached parses, the coding stage alone:
  from CoNLL-U (the parse replicated to ``--code-sentences`` sentences with fresh document ids),
  from JSONL through the SQLite parse cache, and the CoNLL-U split into shards on a local Dask
  cluster of 2 workers.
* **memory**: peak RSS of ``eventcoder code`` on ``--memory-sizes`` sentences (default 10k and
  100k; add 1000000 for 1M, a few minutes): flat memory means the same peak at every size.

Each measured run is a separate process; its peak RSS comes from the kernel (``wait4``), for the
Dask run from sampling the whole process tree.  Prints one table to stdout.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
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
        doc_id = head.strip()
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

def run_measured(cmd: list[str], tree: bool = False, env: dict | None = None) -> dict:
    """Run ``cmd``; wall seconds, peak RSS (MiB) and output.  ``tree``: sample the RSS of the whole
    process tree (Dask workers are grandchildren) every 50 ms instead of the kernel's peak."""
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
    if proc.returncode != 0:
        raise SystemExit(f"benchmark step failed ({' '.join(cmd)}):\n{out_chunks.get('err', '')[-3000:]}")
    rss = peak_tree[0] / 2**20 if tree else usage.ru_maxrss / 1024  # ru_maxrss is KiB on Linux
    return {"seconds": seconds, "rss_mib": rss, "stdout": out_chunks.get("out", ""), "stderr": out_chunks.get("err", "")}


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


def table(rows: list[tuple[str, str, str, str]]) -> str:
    head = ("measurement", "sentences", "sentences/s", "peak RSS")
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(4)]
    line = lambda r: "| " + " | ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)) + " |"
    sep = "|" + "|".join("-" * (w + 2) if i == 0 else "-" * (w + 1) + ":" for i, w in enumerate(widths)) + "|"
    return "\n".join([line(head), sep] + [line(r) for r in rows])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python benchmarks/bench.py", description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stanza-dir", metavar="DIR", help="stanza models (default: $EVENTCODER_STANZA_DIR, ../shared/models/stanza-en)")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1, help="torch threads for both parsers (default: %(default)s)")
    ap.add_argument("--wire-docs", type=int, default=24, help="wire stories in the parse corpus (default: %(default)s)")
    ap.add_argument("--code-sentences", type=int, default=50_000, help="sentences for the coding runs (default: %(default)s)")
    ap.add_argument("--memory-sizes", default="10000,100000",
                    help="sentence counts for the peak-RSS runs, comma-separated (default: %(default)s)")
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
    rows: list[tuple[str, str, str, str]] = []
    figures: dict = {"machine": machine(), "threads": args.threads}
    notes: list[str] = []
    stanza_args = ["--stanza-dir", stanza_dir] if stanza_dir else []
    try:
        docs = build_documents(args.wire_docs)
        corpus = write_jsonl(docs, work / "parse-corpus.jsonl")
        parsed = work / "parse-corpus.conllu"
        cache = work / "parses.sqlite"
        have_model = not args.no_parse and subprocess.run(eventcoder_cmd("models", "--check", *stanza_args),
                                                          capture_output=True, cwd=ROOT).returncode == 0
        wire_note = f" + {args.wire_docs} wire stories" if args.wire_docs and WIRE.is_file() else ""
        if have_model:
            print(f"parsing {len(docs)} documents (sample{wire_note}) with {args.threads} threads, "
                  "bare stanza and eventcoder ...", file=sys.stderr)
            r = run_measured([sys.executable, str(Path(__file__).resolve()), "--stage", "parse", "--corpus", str(corpus),
                              "--cache", str(cache), "--conllu-out", str(parsed), "--threads", str(args.threads),
                              *stanza_args])
            p = json.loads(r["stdout"].strip().splitlines()[-1])
            n = p["sentences"]
            bare_rate, ours_rate = p["bare_sentences"] / p["bare_seconds"], n / p["eventcoder_seconds"]
            figures["parse"] = {**p, "bare_rate": bare_rate, "eventcoder_rate": ours_rate,
                                "overhead_ratio": p["eventcoder_seconds"] / p["bare_seconds"], "peak_rss_mib": r["rss_mib"]}
            rows.append((f"parse: bare stanza.Pipeline ({args.threads} threads)", f"{p['bare_sentences']:,}",
                         f"{bare_rate:,.1f}", "-"))
            rows.append((f"parse: eventcoder, cache writes ({args.threads} threads)", f"{n:,}", f"{ours_rate:,.1f}",
                         f"{r['rss_mib']:,.0f} MiB*"))
            notes.append(f"parse overhead ratio (eventcoder time / bare stanza time, same documents and threads, "
                         f"interleaved in chunks of {p['chunk']} documents): {figures['parse']['overhead_ratio']:.3f} "
                         f"overall, {p['median_chunk_ratio']:.3f} median per chunk; model loading: bare "
                         f"{p['load_bare']:.1f} s, eventcoder {p['load_eventcoder']:.1f} s (not in the rates)")
            notes.append("* peak RSS of the process holding both pipelines")
            r = run_measured(eventcoder_cmd("parse", str(corpus), "-o", str(work / "cli-parse.conllu"), "--cache", "none",
                                            "--threads", str(args.threads), *stanza_args))
            rows.append(("parse: `eventcoder parse` CLI, model load included", f"{n:,}", f"{n / r['seconds']:,.1f}",
                         f"{r['rss_mib']:,.0f} MiB"))
            figures["parse_cli"] = {"seconds": r["seconds"], "peak_rss_mib": r["rss_mib"]}
        else:
            sample_parse = Path(args.conllu) if args.conllu else ROOT / "examples" / "sample.conllu"
            if not sample_parse.is_file():
                print(f"no stanza model and no {sample_parse}: nothing to benchmark", file=sys.stderr)
                return 2
            notes.append(f"{'parse not measured (--no-parse)' if args.no_parse else 'no stanza model found: parse not measured'}; "
                         f"coding measured on {sample_parse.name} replicated")
            shutil.copy(sample_parse, parsed)
            docs = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]

        # coding on cached parses: CoNLL-U
        big = work / "code.conllu"
        n = replicate_conllu(parsed, big, args.code_sentences)
        print(f"coding {n:,} sentences ...", file=sys.stderr)
        r = run_measured(eventcoder_cmd("code", str(big), "-o", str(work / "code.parquet"), "-q"))
        s = json.loads((work / "code.summary.json").read_text())
        rows.append(("code: CoNLL-U, 1 process", f"{s['sentences']:,}", f"{s['sentences'] / s['seconds']:,.0f}",
                     f"{r['rss_mib']:,.0f} MiB"))
        figures["code_conllu"] = {"sentences": s["sentences"], "events": s["events"], "seconds": s["seconds"],
                                  "wall_seconds": r["seconds"], "peak_rss_mib": r["rss_mib"]}

        # coding through the SQLite parse cache (JSONL input whose texts are all cached)
        if have_model:
            per_copy = figures["parse"]["sentences"]
            copies = max(1, args.code_sentences // max(per_copy, 1) // 2)
            replicate_jsonl(docs, work / "cached.jsonl", copies)
            r = run_measured(eventcoder_cmd("code", str(work / "cached.jsonl"), "-o", str(work / "cached.parquet"),
                                            "--cache", str(cache), "-q", *stanza_args))
            s = json.loads((work / "cached.summary.json").read_text())
            rows.append(("code: JSONL through the parse cache, 1 process", f"{s['sentences']:,}",
                         f"{s['sentences'] / s['seconds']:,.0f}", f"{r['rss_mib']:,.0f} MiB"))
            figures["code_cache"] = {"sentences": s["sentences"], "seconds": s["seconds"], "peak_rss_mib": r["rss_mib"],
                                     "cache_hits": s["parse_cache_hits"], "parsed": s["parsed_documents"]}

        # 2 Dask workers on shards of the same CoNLL-U
        if not args.no_dask:
            shards = split_conllu(big, work / "shards", 8)
            r = run_measured(eventcoder_cmd("code", *map(str, shards), "--workers", "2", "-o", str(work / "dask-events"),
                                            "-q"), tree=True)
            s = json.loads((work / "dask-events.summary.json").read_text())
            rows.append(("code: CoNLL-U, 8 shards on 2 Dask workers", f"{s['sentences']:,}",
                         f"{s['sentences'] / s['seconds']:,.0f}", f"{r['rss_mib']:,.0f} MiB**"))
            notes.append("** the Dask run's time includes starting the local cluster; its RSS is the whole process "
                         "tree (driver, scheduler, 2 nannies, 2 workers)")
            figures["code_dask"] = {"sentences": s["sentences"], "seconds": s["seconds"], "peak_rss_mib": r["rss_mib"]}

        # flat memory: the coding stage on growing inputs
        figures["memory"] = []
        for size in [int(x) for x in args.memory_sizes.split(",") if x.strip()]:
            path = work / f"mem-{size}.conllu"
            n = replicate_conllu(parsed, path, size)
            print(f"coding {n:,} sentences for peak RSS ...", file=sys.stderr)
            r = run_measured(eventcoder_cmd("code", str(path), "-o", str(work / f"mem-{size}.parquet"), "-q"))
            s = json.loads((work / f"mem-{size}.summary.json").read_text())
            rows.append((f"memory: code {size:,} sentences", f"{s['sentences']:,}",
                         f"{s['sentences'] / s['seconds']:,.0f}", f"{r['rss_mib']:,.0f} MiB"))
            figures["memory"].append({"sentences": s["sentences"], "events": s["events"], "seconds": s["seconds"],
                                      "peak_rss_mib": r["rss_mib"]})
            path.unlink()
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)

    print(f"eventcoder benchmark on {figures['machine']}")
    print(table(rows))
    for note in notes:
        print(note)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
