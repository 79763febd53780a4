"""``python benchmarks/pathological.py [--size small|big]``: peak memory and wall time of
``eventcoder code`` on pathological records among good stories.

The corpus (JSONL, built afresh each run, deterministic) mixes short one-sentence stories with:

* a sentence of thousands of words without any punctuation (the record that once took 24 GB);
* a very long document (20,000 words in ordinary sentences) and one without punctuation at all;
* very long words (a 5,000-letter word, long URLs, a 2,000-digit number);
* thousands of tiny sentences in one document, and a run of punctuation alone;
* deeply nested brackets and quotes;
* mixed scripts (Arabic, Chinese, Cyrillic, Devanagari, Hebrew), emoji, combining marks,
  zero-width and bidirectional control characters, odd whitespace;
* bad records (malformed JSON, missing or non-string text, a duplicate id, an empty text, a
  document over the 200,000-character limit).

It runs ``python -m eventcoder code CORPUS --cache none`` in a subprocess (models from
``--stanza-dir``, else ``$EVENTCODER_STANZA_DIR``, else ``../shared/models/stanza-en``) and prints
one JSON line: the peak resident memory (the kernel's figure for the largest process of the tree,
``getrusage(RUSAGE_CHILDREN)``, and the sum over the process tree sampled from ``/proc`` every
250 ms), wall time, exit status, and what the run's summary says.  ``--size small`` is a quick check
(2-3 minutes on 2 cores); ``--size big`` is the issue's corpus (150 good stories, a 3,000-word
sentence; 6 minutes of CPU).  Exit status 0 when the run succeeded under 2 GiB, else 1.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MODELS = ROOT.parent / "shared" / "models" / "stanza-en"
LIMIT_MIB = 2048

SIZES = {
    #            good stories, words in the unpunctuated sentence, words in the long documents, tiny sentences
    "small": dict(good=50, long_sentence=1000, long_document=5000, tiny=500),
    "big": dict(good=150, long_sentence=3000, long_document=20000, tiny=5000),
}

ACTORS = ["Turkey", "Greece", "The Russian government", "Syrian President Bashar Assad", "French President Emmanuel Macron",
          "The United Nations", "Police in Nairobi", "Iranian officials", "The German foreign minister", "Rebels in Darfur"]
VERBS = ["accused {t} of violating the ceasefire", "met {t}", "criticized {t}", "praised {t}", "threatened {t}",
         "signed an agreement with {t}", "sent troops to {t}", "condemned {t}"]
TARGETS = ["Greece", "Turkey", "Azerbaijan", "the Chinese foreign minister", "Israel", "the European Union", "Armenia"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Sunday", "last week"]


def good_stories(n: int) -> list[dict]:
    out = []
    combos = ((a, v, t, d) for d in DAYS for v in VERBS for t in TARGETS for a in ACTORS)
    for i, (a, v, t, d) in zip(range(n), combos):
        if a.lower().endswith(t.lower()) or t.lower() in a.lower():
            t = "Armenia" if t != "Armenia" else "Israel"
        out.append({"id": f"good-{i:03d}", "date": "2020-10-08", "source": "bench",
                    "text": f"{a} {v.format(t=t)} {d}."})
    return out


def vocabulary(stories: list[dict]) -> list[str]:
    words = sorted({w.strip(".").lower() for s in stories for w in s["text"].split()})
    return [w for w in words if w.isalpha()]


def pathological(size: dict, vocab: list[str], rng: random.Random) -> list[dict]:
    def words(n: int) -> str:
        return " ".join(rng.choice(vocab) for _ in range(n))

    def sentences(n_words: int) -> str:
        out, n = [], 0
        while n < n_words:
            k = rng.randint(8, 30)
            out.append(words(k).capitalize() + rng.choice([".", ".", ".", "?", "!"]))
            n += k
        return " ".join(out)

    scripts = ("الرئيس السوري يتهم تركيا بإرسال مقاتلين 中国外交部长周一在柏林会见了德国外长 Россия критикует Турцию "
               "भारत ने पाकिस्तान पर आरोप लगाया ישראל תקפה 🇺🇸🔥💥🙏🏽 👨‍👩‍👧‍👦 e\u0301e\u0301e\u0301 \u200b\u200c\u200d\u202e"
               "reversed\u202c \u00a0\u2003\t\x0b\x0c")
    n = size["long_sentence"]
    return [
        {"id": "no-punctuation", "text": words(n)},
        {"id": "long-document", "text": sentences(size["long_document"])},
        {"id": "long-document-no-punctuation", "text": words(size["long_document"])},
        {"id": "long-words", "text": "The minister said " + "a" * 5000 + " and " + "x" * 800 + " then left. "
                                     + "See https://example.org/" + "path/" * 400 + "?q=" + "z" * 500 + " now. "
                                     + "The figure was " + "7" * 2000 + " dollars."},
        {"id": "tiny-sentences", "text": " ".join(rng.choice(["Yes.", "No.", "Ok.", "Go!", "Why?", "Hm."])
                                                  for _ in range(size["tiny"]))},
        {"id": "only-punctuation", "text": "".join(rng.choice(".,;:!?-()[]\"'") for _ in range(20000))},
        {"id": "nested-brackets", "text": "Turkey said " + "(" * 600 + "Greece" + ")" * 600 + " on Monday. "
                                          + "[" * 300 + "{" * 300 + "x" + "}" * 300 + "]" * 300 + " "
                                          + "\"'" * 400 + "quoted" + "'\"" * 400},
        {"id": "mixed-scripts", "text": " ".join([scripts] * 50)},
        {"id": "commas-only", "text": ", ".join(words(1) for _ in range(n)) + "."},
        {"id": "one-letter-words", "text": " ".join(rng.choice("abcdefghij") for _ in range(n))},
    ]


def bad_records(good: dict) -> list[str]:
    """Lines a reader must skip (with a warning), in JSONL form."""
    return [
        '{"id": "broken-json", "text": "Turkey accused Greece',
        json.dumps({"id": "no-text"}),
        json.dumps({"id": "number-text", "text": 12345}),
        json.dumps({"id": "empty-text", "text": ""}),
        json.dumps(good),  # a duplicate id
        json.dumps({"id": "too-long", "date": "2020-10-08", "text": "Turkey accused Greece. " * 11000}),
    ]


def build_corpus(path: Path, size_name: str, seed: int = 12) -> int:
    """Write the corpus; returns its number of lines."""
    size = SIZES[size_name]
    rng = random.Random(seed)
    good = good_stories(size["good"])
    bad = pathological(size, vocabulary(good), rng)
    lines = [json.dumps(d, ensure_ascii=False) for d in good]
    # the pathological records spread among the good ones, the bad records at the end of the first third
    for k, record in enumerate(bad):
        lines.insert((k + 1) * len(lines) // (len(bad) + 1), json.dumps({**record, "date": "2020-10-08"}, ensure_ascii=False))
    third = len(lines) // 3
    lines[third:third] = bad_records(good[0])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def tree_rss_kib(root_pid: int) -> int:
    """Resident memory (KiB) of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="utf-8", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry.name}/status", encoding="utf-8", errors="replace") as fh:
                vm = next((line for line in fh if line.startswith("VmRSS:")), None)
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(vm.split()[1]) if vm else 0
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def run_code(corpus: Path, out_dir: Path, stanza_dir: str | None, threads: int | None) -> dict:
    cmd = [sys.executable, "-m", "eventcoder", "code", str(corpus), "-o", str(out_dir / "events.parquet"),
           "--cache", "none", "-q"]
    if stanza_dir:
        cmd += ["--stanza-dir", stanza_dir]
    if threads:
        cmd += ["--threads", str(threads)]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=out_dir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            try:
                peak[0] = max(peak[0], tree_rss_kib(proc.pid))
            except OSError:
                pass
            done.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    wall = time.monotonic() - started
    done.set()
    sampler.join()
    ru = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux: the largest child process
    summary_path = out_dir / "events.summary.json"
    summary = json.loads(summary_path.read_text(encoding="utf-8")) if summary_path.exists() else {}
    return {"exit_code": proc.returncode, "wall_s": round(wall, 1), "peak_rss_mib": round(ru / 1024),
            "peak_tree_rss_sampled_mib": round(peak[0] / 1024), "summary": summary,
            "stderr_lines": stderr.splitlines(), "traceback": "Traceback" in stderr, "stdout": stdout.strip()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python benchmarks/pathological.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", choices=sorted(SIZES), default="small")
    ap.add_argument("--stanza-dir", default=os.environ.get("EVENTCODER_STANZA_DIR")
                    or (str(DEFAULT_MODELS) if DEFAULT_MODELS.is_dir() else None))
    ap.add_argument("--threads", type=int, default=None, help="--threads for eventcoder (default: torch's choice)")
    ap.add_argument("--keep", metavar="DIR", help="build the corpus and outputs in DIR and keep them")
    ap.add_argument("--show-stderr", action="store_true", help="copy the run's warnings to stderr")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="eventcoder-pathological-") as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        corpus = work / f"pathological-{args.size}.jsonl"
        records = build_corpus(corpus, args.size)
        corpus_mib = corpus.stat().st_size / 2**20
        result = run_code(corpus, work, args.stanza_dir, args.threads)
    s = result["summary"]
    stderr = result.pop("stderr_lines")
    if args.show_stderr or result["exit_code"] != 0:
        print("\n".join(stderr[-40:]), file=sys.stderr)
    line = {
        "benchmark": "pathological", "size": args.size, "records": records, "corpus_mib": round(corpus_mib, 2),
        "exit_code": result["exit_code"], "traceback": result["traceback"],
        "peak_rss_mib": result["peak_rss_mib"], "peak_tree_rss_sampled_mib": result["peak_tree_rss_sampled_mib"],
        "limit_mib": LIMIT_MIB, "under_limit": max(result["peak_rss_mib"], result["peak_tree_rss_sampled_mib"]) < LIMIT_MIB,
        "wall_s": result["wall_s"], "documents": s.get("documents"), "sentences": s.get("sentences"),
        "events": s.get("events"), "skipped": s.get("skipped"), "skipped_reasons": s.get("skipped_reasons"),
        "warnings": sum(1 for x in stderr if x.startswith("WARNING")),
        "cut_warnings": sum(1 for x in stderr if "longer than the parser's limit" in x),
    }
    print(json.dumps(line))
    return 0 if result["exit_code"] == 0 and line["under_limit"] else 1


if __name__ == "__main__":
    sys.exit(main())
