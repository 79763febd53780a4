"""The HTML summary report: one self-contained page that shows a coded event table at a glance.

``write_report`` reads one or more event tables (Parquet files, or directories of Parquet files
read as one dataset, hive partitions included: :func:`eventcoder.io.events.find_event_tables`,
which leaves out, with a warning, files that are not event tables), applies the filters,
aggregates with pyarrow group-bys (so a million events cost a few seconds and render as top-N
tables only), and renders ``templates/report.html`` with jinja2.  Charts are SVG drawn by matplotlib and embedded inline:
the file needs no network and no JavaScript to be read.

The page answers who did what to whom, when, and how conflictually: totals and coding rate,
events over time with the mean Goldstein score, events by CAMEO root and quad class, the top
dyads with their event mix, the top sources and targets, the most conflictual events with their
sentences, and (when the coder left them) the uncoded verbs and unmatched actor phrases.

Library use::

    from eventcoder.report.html import write_report, screenshot
    write_report(["outputs/events.parquet"], Path("outputs/report.html"), country="TUR")
    screenshot("outputs/report.html", "docs/report-screenshot.png")

Command line: ``eventcoder report EVENTS.parquet [...] -o report.html`` (:mod:`eventcoder.cli.report`).
"""
from __future__ import annotations

import datetime as dt
import io
import json
import math
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Iterable

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from ..dictionaries.ontology import QUAD_CLASS_NAMES, load_ontology
from ..errors import EventcoderError, InputError
from ..io.atomic import atomic_path, write_text_atomic
from ..io.events import EventInput, find_event_tables

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"

TOP_DYADS = 20
TOP_ACTORS = 15
TOP_CONFLICT = 25
TOP_DIAGNOSTICS = 30
EVENT_LIST_ALL = 100  # list every event when there are at most this many
EVENT_LIST_RECENT = 50  # else list the most recent ones
MAX_PERIOD_ROWS = 400  # rows of the per-period data table (charts show every period)

#: Colour-blind safe (Okabe-Ito): blues for cooperation, orange/vermillion for conflict.
QUAD_COLORS = {1: "#56B4E9", 2: "#0072B2", 3: "#E69F00", 4: "#D55E00"}
GOLDSTEIN_COLOR = "#7B2D8E"
NO_CODE = ""  # actor code of an event without that actor (rendered as an em dash)

#: Columns the aggregates need (read for every matching event).
AGG_COLUMNS = [
    "event_id", "doc_id", "sentence_id", "event_date", "date_source",
    "source_code", "source_text", "source_country",
    "target_code", "target_text", "target_country",
    "event_code", "event_root", "quad_class", "goldstein",
    "coder_version", "dictionary_fingerprint",
]
#: Columns read only for the events listed in full (the most conflictual ones).
DETAIL_COLUMNS = [
    "event_id", "doc_id", "sentence_id", "sentence", "event_date", "date_text", "date_source",
    "source_code", "source_text", "target_code", "target_text",
    "event_code", "goldstein", "verb_lemma", "doc_source",
]

_DIAGNOSTIC_TITLES = {
    "uncoded_verb": ("Most frequent uncoded verbs",
                     "Verbs with a source and a target in the sentence that no dictionary entry coded: "
                     "candidates for verbs.txt."),
    "unmatched_actor": ("Most frequent unmatched actor phrases",
                        "Subject and object phrases of event verbs that no actor, country or agent entry "
                        "matched: candidates for actors/*.txt and agents.txt."),
}


class ReportError(EventcoderError):
    """A report that cannot be written; the message names the file and what was wrong."""


class ReportInputError(ReportError, InputError):
    """An input of the report that is missing or holds no readable event table."""


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------

def write_report(
    event_paths: Iterable[str | os.PathLike] | str | os.PathLike,
    output: str | os.PathLike,
    *,
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
    country: str | None = None,
    root: str | int | Iterable[str | int] | None = None,
    title: str | None = None,
    parsed_stats: dict | None = None,
    diagnostics: Any = None,
) -> Path:
    """Write the HTML report of the events in ``event_paths`` to ``output``; return its path.

    ``event_paths``: Parquet files or directories of Parquet files (one dataset each).
    ``date_from``/``date_to``: inclusive bounds on ``event_date`` (``YYYY-MM-DD``, ``YYYY-MM`` or
    ``YYYY``; a month or year means its first day in ``date_from`` and its last in ``date_to``).
    ``country``: ISO 3166 alpha-3; keeps events whose source or target country is it.
    ``root``: a CAMEO root (``19``) or several (``"18,19,20"``).
    ``parsed_stats``: ``{"documents": n, "sentences": n}`` of the coded corpus; by default read from
    ``events.summary.json`` next to each input (written by ``eventcoder code``).
    ``diagnostics``: uncoded verbs and unmatched actor phrases, as a list of
    ``{"kind", "text", "count"}`` records or ``{kind: {text: count}}``; by default read from
    ``events.diagnostics.parquet`` / ``.json`` next to the inputs.

    Files that are not event tables are left out with a warning; raises :class:`ReportInputError`
    (a :class:`ReportError` and an :class:`~eventcoder.errors.InputError`) on a missing input or
    when no event table is left, :class:`ReportError` on a bad filter value.
    """
    output = Path(output)
    if output.is_dir():
        raise ReportError(f"{output}: is a directory; give the report's file name (for example {output / 'report.html'})")
    context = summarize(event_paths, date_from=date_from, date_to=date_to, country=country, root=root,
                        parsed_stats=parsed_stats, diagnostics=diagnostics)
    if title:
        context["title"] = title
    _write_atomic(output, render(context))
    return output


def summarize(
    event_paths: Iterable[str | os.PathLike] | str | os.PathLike,
    *,
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
    country: str | None = None,
    root: str | int | Iterable[str | int] | None = None,
    parsed_stats: dict | None = None,
    diagnostics: Any = None,
) -> dict:
    """Everything the report shows, as plain data (the template's context): ``totals``, ``time``,
    ``roots``, ``quads``, ``dyads``, ``sources``, ``targets``, ``conflict``, ``diagnostics``, ...
    Same arguments as :func:`write_report`."""
    paths = [Path(event_paths)] if isinstance(event_paths, (str, os.PathLike)) else [Path(p) for p in event_paths]
    if not paths:
        raise ReportError("no event tables given")
    filters = _Filters.make(date_from, date_to, country, root)
    inputs = _Input.open_all(paths)
    context = _summarize(inputs, filters, parsed_stats=parsed_stats, diagnostics=diagnostics)
    context["title"] = "Event report: " + ", ".join(p.name for p in paths)
    return context


def render(context: dict) -> str:
    """The report page (HTML text) for a context built by :func:`summarize`."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = _fmt_int
    env.filters["signed"] = _fmt_signed
    env.filters["pct"] = _fmt_pct
    env.filters["actor"] = lambda code: code if code else "—"
    env.filters["gcolor"] = _goldstein_color
    return env.get_template("report.html").render(**context)


def screenshot(html_path: str | os.PathLike, png_path: str | os.PathLike, *, width: int = 1280,
               height: int = 2400, chromium: str | None = None, timeout: float = 120) -> Path:
    """Render ``html_path`` in headless Chromium and save a ``width`` x ``height`` PNG screenshot.

    Raises :class:`ReportError` when no Chromium is installed (Debian package ``chromium``) or
    it writes no image.
    """
    exe = chromium or find_chromium()
    if not exe:
        raise ReportError("no Chromium browser found for the screenshot (install the Debian package 'chromium')")
    html = Path(html_path).resolve()
    if not html.is_file():
        raise ReportError(f"{html_path}: no such file")
    png = Path(png_path).resolve()
    with tempfile.TemporaryDirectory(prefix="eventcoder-chromium-", ignore_cleanup_errors=True) as profile, \
            atomic_path(png) as tmp:
        shot = tmp.with_name(tmp.name + ".png")  # Chromium writes only names ending in .png
        cmd = [
            exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1",
            f"--user-data-dir={profile}", f"--screenshot={shot}", f"--window-size={width},{height}",
            html.as_uri(),
        ]
        try:
            try:
                proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
            except subprocess.TimeoutExpired:
                raise ReportError(f"{exe}: no screenshot of {html} after {timeout:.0f} s") from None
            except OSError as exc:
                raise ReportError(f"{exe}: cannot run ({exc.strerror or exc})") from None
            if not shot.is_file() or shot.stat().st_size == 0:
                tail = [ln for ln in (proc.stderr or "").splitlines() if ln.strip()]
                raise ReportError(f"{exe} wrote no screenshot of {html} (exit {proc.returncode}"
                                  + (f": {tail[-1].strip()}" if tail else "") + ")")
            os.replace(shot, tmp)
        finally:
            shot.unlink(missing_ok=True)
    return png


def find_chromium() -> str | None:
    """The path of a Chromium (or Chrome) executable, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


# --------------------------------------------------------------------------------------------
# Inputs and filters
# --------------------------------------------------------------------------------------------

class _Filters:
    def __init__(self, date_from: dt.date | None, date_to: dt.date | None, country: str | None,
                 roots: list[str] | None):
        self.date_from, self.date_to, self.country, self.roots = date_from, date_to, country, roots

    @classmethod
    def make(cls, date_from, date_to, country, root) -> "_Filters":
        start = _parse_date(date_from, end=False, what="--from") if date_from not in (None, "") else None
        end = _parse_date(date_to, end=True, what="--to") if date_to not in (None, "") else None
        if start and end and start > end:
            raise ReportError(f"--from {start} is after --to {end}")
        code = None
        if country not in (None, ""):
            code = str(country).strip().upper()
            if not re.fullmatch(r"[A-Z]{3}", code):
                raise ReportError(f"--country {country!r}: expected an ISO 3166 alpha-3 code such as TUR")
        return cls(start, end, code, _parse_roots(root))

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.date_from, self.date_to, self.country, self.roots))

    def describe(self, ontology) -> list[str]:
        out = []
        if self.date_from and self.date_to:
            out.append(f"event date {self.date_from} to {self.date_to}")
        elif self.date_from:
            out.append(f"event date from {self.date_from}")
        elif self.date_to:
            out.append(f"event date up to {self.date_to}")
        if self.country:
            out.append(f"source or target country {self.country}")
        if self.roots:
            out.append("CAMEO root " + ", ".join(f"{r} {ontology.root_name(r)}" for r in self.roots))
        return out

    def expression(self, names: list[str], where: Path) -> ds.Expression | None:
        """The dataset filter for a table with columns ``names``."""
        expr = None

        def both(e):
            nonlocal expr
            expr = e if expr is None else expr & e

        if self.date_from or self.date_to:
            if "event_date" not in names:
                raise ReportError(f"{where}: no event_date column to filter dates on")
            if self.date_from:
                both(pc.field("event_date") >= pa.scalar(self.date_from, pa.date32()))
            if self.date_to:
                both(pc.field("event_date") <= pa.scalar(self.date_to, pa.date32()))
        if self.country:
            sides = [pc.field(c) == self.country for c in ("source_country", "target_country") if c in names]
            if not sides:  # an older table without country columns: state actor codes start with it
                sides = [pc.starts_with(pc.field(c), self.country) for c in ("source_code", "target_code")
                         if c in names]
            if not sides:
                raise ReportError(f"{where}: no country or actor code columns to filter --country on")
            e = sides[0]
            for s in sides[1:]:
                e = e | s
            both(e)
        if self.roots:
            both(_root_expression(names).isin(self.roots))
        return expr


def _root_expression(names: list[str]) -> ds.Expression:
    code_root = pc.utf8_slice_codeunits(pc.field("event_code"), 0, 2) if "event_code" in names else None
    if "event_root" in names:
        return pc.coalesce(pc.field("event_root"), code_root) if code_root is not None else pc.field("event_root")
    return code_root


def _parse_date(value, *, end: bool, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
        m = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
        if m:
            year, month = int(m.group(1)), int(m.group(2))
            first = dt.date(year, month, 1)
            if not end:
                return first
            following = dt.date(year + (month == 12), month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ReportError(f"{what} {value!r}: not a date (use YYYY-MM-DD, YYYY-MM or YYYY)") from None


def _parse_roots(root) -> list[str] | None:
    if root is None or root == "":
        return None
    items = re.split(r"[,\s]+", root.strip()) if isinstance(root, str) else (
        [root] if isinstance(root, int) else list(root))
    out = []
    for item in items:
        if item in (None, ""):
            continue
        try:
            number = int(str(item).strip())
        except ValueError:
            number = -1
        if not 1 <= number <= 20:
            raise ReportError(f"--root {item!r}: expected a CAMEO root from 01 to 20")
        code = f"{number:02d}"
        if code not in out:
            out.append(code)
    return out or None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class _Input:
    """One input (a file or a directory of event tables, see
    :func:`eventcoder.io.events.find_event_tables`) and the side files next to it."""

    def __init__(self, events: EventInput):
        self.events = events
        self.path = events.path
        self.names = events.names

    @classmethod
    def open_all(cls, paths: list[Path]) -> list["_Input"]:
        """The inputs that hold event tables (files that are not are left out with a warning);
        a :class:`ReportInputError` when none does."""
        try:
            return [cls(found) for found in find_event_tables(paths)]
        except InputError as exc:
            raise ReportInputError(str(exc)) from None

    def count_rows(self) -> int:
        try:
            return self.events.count_rows()
        except InputError as exc:
            raise ReportInputError(str(exc)) from None

    def read(self, columns: list[str], filter: ds.Expression | None) -> pa.Table:
        """The ``columns`` of the rows matching ``filter``, typed as in EVENT_SCHEMA (missing columns null)."""
        try:
            return self.events.read(columns, filter)
        except InputError as exc:
            raise ReportInputError(str(exc)) from None

    def side_file(self, suffixes: Iterable[str]) -> Path | None:
        """``events.summary.json`` for ``events.parquet``; inside or next to a directory for a dataset."""
        candidates = []
        for suffix in suffixes:
            if self.path.is_dir():
                candidates += [self.path / suffix.lstrip("."), self.path / ("events" + suffix),
                               self.path.with_name(self.path.name + suffix)]
            else:
                candidates.append(self.path.with_name(self.path.stem + suffix))
        return next((c for c in candidates if c.is_file()), None)


def _read_json(path: Path, what: str):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(f"{path}: cannot read {what} ({exc})") from None
    except json.JSONDecodeError as exc:
        raise ReportError(f"{path}:{exc.lineno}: not valid JSON {what} ({exc.msg})") from None


def _corpus_stats(inputs: list[_Input], given: dict | None) -> tuple[dict | None, str | None]:
    """(stats, where they came from): the caller's, or the sum of every input's summary file."""
    if given is not None:
        return given, "the caller"
    total: dict[str, int] = {}
    sources = []
    for inp in inputs:
        path = inp.side_file([".summary.json"])
        if path is None:
            return None, None
        data = _read_json(path, "summary")
        if not isinstance(data, dict):
            raise ReportError(f"{path}: expected a JSON object with documents and sentences counts")
        for key in ("documents", "sentences", "events"):
            value = data.get(key)
            if value is not None:
                if not isinstance(value, (int, float)) or isinstance(value, bool):
                    raise ReportError(f"{path}: {key} should be a number, got {value!r}")
                total[key] = total.get(key, 0) + int(value)
        sources.append(str(path))
    return total, ", ".join(sources)


# --------------------------------------------------------------------------------------------
# Diagnostics (uncoded verbs, unmatched actor phrases)
# --------------------------------------------------------------------------------------------

def _kind_key(kind: str) -> str:
    key = re.sub(r"[\s\-]+", "_", str(kind).strip().lower())
    return key[:-1] if key.endswith("s") and not key.endswith("ss") else key


def _normalize_diagnostics(data, where: str) -> dict[str, list[dict]]:
    """``{kind: [{"text", "count", "example"}...]}`` (merged, sorted, top-N) from the accepted forms."""
    counts: dict[str, dict[str, list]] = {}

    def add(kind, text, count=1, example=None):
        if text in (None, ""):
            return
        try:
            n = int(count if count is not None else 1)
        except (TypeError, ValueError):
            raise ReportError(f"{where}: count {count!r} of {text!r} is not a number") from None
        slot = counts.setdefault(_kind_key(kind), {}).setdefault(str(text), [0, None])
        slot[0] += n
        if slot[1] is None and example:
            slot[1] = str(example)

    if isinstance(data, dict) and "diagnostics" in data and len(data) == 1:
        data = data["diagnostics"]
    if isinstance(data, list):
        for rec in data:
            if not isinstance(rec, dict) or "kind" not in rec or "text" not in rec:
                raise ReportError(f"{where}: each diagnostic record needs 'kind' and 'text' (got {rec!r:.80})")
            add(rec["kind"], rec["text"], rec.get("count"), rec.get("example"))
    elif isinstance(data, dict):
        for kind, items in data.items():
            if isinstance(items, dict):
                for text, count in items.items():
                    add(kind, text, count)
            elif isinstance(items, list):
                for item in items:
                    if isinstance(item, dict):
                        add(kind, item.get("text"), item.get("count"), item.get("example"))
                    elif isinstance(item, (list, tuple)) and item:
                        add(kind, item[0], item[1] if len(item) > 1 else 1)
                    else:
                        add(kind, item)
            else:
                raise ReportError(f"{where}: diagnostics of kind {kind!r} should be a list or an object")
    else:
        raise ReportError(f"{where}: diagnostics should be a list of {{kind, text, count}} records")
    out = {}
    for kind, texts in counts.items():
        rows = sorted(texts.items(), key=lambda kv: (-kv[1][0], kv[0]))
        out[kind] = [{"text": t, "count": c, "example": e} for t, (c, e) in rows[:TOP_DIAGNOSTICS]]
    return out


def _read_diagnostics_file(path: Path):
    """Diagnostics records from a Parquet or JSON file, or None when the file is absent."""
    if not path.is_file():
        return None
    if path.suffix == ".json":
        return _read_json(path, "diagnostics")
    try:
        table = ds.dataset(str(path), format="parquet").to_table()
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise ReportError(f"{path}: not a readable Parquet file ({_first_line(exc)})") from None
    if "kind" not in table.column_names or "text" not in table.column_names:
        raise ReportError(f"{path}: diagnostics need columns kind and text (and count)")
    keys = ["kind", "text"]
    aggs = [("count", "sum")] if "count" in table.column_names else [([], "count_all")]
    if "example" in table.column_names:
        aggs.append(("example", "first"))
    grouped = table.group_by(keys, use_threads=False).aggregate(aggs).to_pylist()
    return [{"kind": r["kind"], "text": r["text"],
             "count": r.get("count_sum", r.get("count_all")), "example": r.get("example_first")} for r in grouped]


# --------------------------------------------------------------------------------------------
# Aggregation
# --------------------------------------------------------------------------------------------

def _summarize(inputs: list[_Input], filters: _Filters, *, parsed_stats=None, diagnostics=None) -> dict:
    ontology = load_ontology()
    stats, stats_source = _corpus_stats(inputs, parsed_stats)

    diag_data, diag_source = diagnostics, "the caller"
    if diag_data is None:
        diag_data, diag_source = None, None
        for inp in inputs:
            path = inp.side_file([".diagnostics.parquet", ".diagnostics.json"])
            if path is not None:
                records = _read_diagnostics_file(path)
                diag_data = (diag_data or []) + _records(_normalize_diagnostics(records, str(path)))
                diag_source = ", ".join(filter(None, [diag_source, str(path)]))
    diag = _normalize_diagnostics(diag_data, diag_source or "diagnostics") if diag_data is not None else None

    rows_in = sum(inp.count_rows() for inp in inputs)
    tables = [inp.read(AGG_COLUMNS, filters.expression(inp.names, inp.path)) for inp in inputs]
    table = pa.concat_tables(tables) if len(tables) > 1 else tables[0]

    context: dict[str, Any] = {
        "generated": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "inputs": [str(inp.path) for inp in inputs],
        "rows_in": rows_in,
        "filters": filters.describe(ontology),
        "stats_source": stats_source,
        "quad_names": QUAD_CLASS_NAMES,
        "quad_colors": QUAD_COLORS,
        "goldstein_color": GOLDSTEIN_COLOR,
        "diagnostics": _diagnostic_sections(diag),
        "diagnostics_source": diag_source,
    }
    n = table.num_rows
    table = _with_derived(table, ontology)
    context["totals"] = _totals(table, stats, filters.active)
    context["empty"] = n == 0
    if n == 0:
        return context

    context.update(_provenance(table))
    context["time"] = _time_series(table)
    context["roots"], context["quads"] = _by_root_and_quad(table, ontology)
    context["dyads"] = _top_dyads(table, ontology)
    context["sources"] = _top_actors(table, "source")
    context["targets"] = _top_actors(table, "target")
    context["conflict"], context["events"] = _event_lists(table, inputs, ontology)
    context["charts"] = _charts(context)
    return context


def _records(diag: dict[str, list[dict]]) -> list[dict]:
    return [{"kind": k, **row} for k, rows in diag.items() for row in rows]


def _diagnostic_sections(diag: dict[str, list[dict]] | None) -> list[dict] | None:
    if diag is None:
        return None
    sections = []
    order = list(_DIAGNOSTIC_TITLES) + sorted(k for k in diag if k not in _DIAGNOSTIC_TITLES)
    for kind in order:
        if kind not in diag:
            continue
        title, note = _DIAGNOSTIC_TITLES.get(kind, (kind.replace("_", " ").capitalize(), ""))
        rows = diag[kind]
        sections.append({"kind": kind, "title": title, "note": note, "rows": rows,
                         "max": max((r["count"] for r in rows), default=0)})
    return sections


def _with_derived(table: pa.Table, ontology) -> pa.Table:
    """Add ``root`` and ``quad`` (filled from the event code where the table left them empty) and
    replace missing actor codes with :data:`NO_CODE` so they group as one value."""
    root = pc.coalesce(table["event_root"], pc.utf8_slice_codeunits(table["event_code"], 0, 2))
    roots = sorted(ontology.roots)
    quad_of_root = pa.array([ontology.roots[r].quad_class for r in roots], pa.int8())
    quad_fill = pc.take(quad_of_root, pc.index_in(root, value_set=pa.array(roots)))
    quad = pc.coalesce(table["quad_class"], quad_fill)
    table = table.append_column("root", pc.fill_null(root, "??")).append_column("quad", quad)
    for name in ("source_code", "target_code"):
        i = table.column_names.index(name)
        table = table.set_column(i, name, pc.fill_null(table[name], NO_CODE))
    return table


def _count_table(table: pa.Table, keys: list[str], extra: list | None = None):
    """group-by counts (and extra aggregates) as a pandas frame."""
    aggs = [([], "count_all")] + (extra or [])
    out = table.group_by(keys, use_threads=False).aggregate(aggs).to_pandas()
    return out.rename(columns={"count_all": "n"})


def _totals(table: pa.Table, stats: dict | None, filtered: bool) -> dict:
    n = table.num_rows
    docs_with = pc.count_distinct(table["doc_id"]).as_py() if n else 0
    sents_with = table.select(["doc_id", "sentence_id"]).group_by(["doc_id", "sentence_id"]).aggregate([]).num_rows if n else 0
    gold = table["goldstein"]
    mean_gold = pc.mean(gold).as_py() if n and gold.null_count < n else None
    quad = table["quad"]
    conflict = pc.sum(pc.greater_equal(quad, 3)).as_py() if n else 0
    documents = sentences = None
    if stats:
        documents = stats.get("documents")
        sentences = stats.get("sentences")
    out = {
        "events": n,
        "documents": documents,
        "sentences": sentences,
        "docs_with_events": docs_with,
        "sentences_with_events": sents_with,
        "mean_goldstein": mean_gold,
        "conflict_share": (conflict or 0) / n if n else None,
        "filtered": filtered,
        "events_per_sentence": (n / sentences) if sentences else None,
        "coded_sentence_share": (sents_with / sentences) if sentences else None,
        "events_per_coded_sentence": (n / sents_with) if sents_with else None,
    }
    dates = table["event_date"]
    if n and dates.null_count < n:
        mm = pc.min_max(dates).as_py()
        out["first_date"], out["last_date"] = mm["min"], mm["max"]
    else:
        out["first_date"] = out["last_date"] = None
    out["undated"] = dates.null_count
    return out


def _provenance(table: pa.Table) -> dict:
    def distinct(name):
        values = [v for v in pc.unique(table[name]).to_pylist() if v]
        return sorted(values)[:5], len(values)

    versions, n_versions = distinct("coder_version")
    prints, n_prints = distinct("dictionary_fingerprint")
    date_sources = _count_table(table, ["date_source"]).sort_values("n", ascending=False)
    total = table.num_rows
    return {
        "coder_versions": versions, "coder_versions_n": n_versions,
        "fingerprints": prints, "fingerprints_n": n_prints,
        "date_sources": [{"source": r.date_source or "unknown", "n": int(r.n), "share": r.n / total}
                         for r in date_sources.itertuples()],
    }


def _granularity(first: dt.date, last: dt.date) -> str:
    """Day up to two months, week up to a year, month beyond: at most about 60 bars per unit."""
    span = (last - first).days
    if span <= 62:
        return "day"
    if span <= 366:
        return "week"
    return "month"


def _time_series(table: pa.Table) -> dict | None:
    import pandas as pd

    dated = table.filter(pc.is_valid(table["event_date"]))
    if dated.num_rows == 0:
        return None
    df = _count_table(dated, ["event_date", "quad"], [("goldstein", "sum"), ("goldstein", "count")])
    dates = pd.to_datetime(df["event_date"])
    unit = _granularity(dates.min().date(), dates.max().date())
    if unit == "day":
        df["period"] = dates
        freq = "D"
    elif unit == "week":
        df["period"] = dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")
        freq = "W-MON"
    else:
        df["period"] = dates.dt.to_period("M").dt.to_timestamp()
        freq = "MS"
    index = pd.date_range(df["period"].min(), df["period"].max(), freq=freq)
    counts = df.pivot_table(index="period", columns="quad", values="n", aggfunc="sum", fill_value=0)
    counts = counts.reindex(index=index, columns=[1, 2, 3, 4], fill_value=0).fillna(0).astype("int64")
    gold = df.groupby("period")[["goldstein_sum", "goldstein_count"]].sum().reindex(index)
    mean = gold["goldstein_sum"] / gold["goldstein_count"].where(gold["goldstein_count"] > 0)
    fmt = "%Y-%m" if unit == "month" else "%Y-%m-%d"
    rows = []
    for ts in index:
        q = counts.loc[ts]
        m = mean.loc[ts]
        rows.append({"label": ts.strftime(fmt), "n": int(q.sum()), "quads": {k: int(q[k]) for k in (1, 2, 3, 4)},
                     "goldstein": None if (m is None or (isinstance(m, float) and math.isnan(m))) else float(m)})
    busiest = max(rows, key=lambda r: r["n"])
    return {"unit": unit, "rows": rows, "table_rows": rows[:MAX_PERIOD_ROWS], "busiest": busiest,
            "truncated": len(rows) > MAX_PERIOD_ROWS}


def _by_root_and_quad(table: pa.Table, ontology) -> tuple[list[dict], list[dict]]:
    n = table.num_rows
    df = _count_table(table, ["root"], [("goldstein", "mean")])
    found = {r.root: (int(r.n), r.goldstein_mean) for r in df.itertuples()}
    roots = []
    for code in sorted(set(ontology.roots) | set(found)):
        et = ontology.roots.get(code)
        count, gold = found.get(code, (0, None))
        roots.append({"code": code, "name": et.name if et else "unknown root",
                      "quad": et.quad_class if et else None, "n": count, "share": count / n,
                      "goldstein": None if gold is None or gold != gold else float(gold)})
    qdf = _count_table(table, ["quad"], [("goldstein", "mean")])
    qfound = {int(r.quad): (int(r.n), r.goldstein_mean) for r in qdf.itertuples() if r.quad == r.quad}
    quads = []
    for q in (1, 2, 3, 4):
        count, gold = qfound.get(q, (0, None))
        quads.append({"quad": q, "name": QUAD_CLASS_NAMES[q], "n": count, "share": count / n,
                      "goldstein": None if gold is None or gold != gold else float(gold)})
    return roots, quads


def _mix(counts: dict[int, int]) -> dict:
    total = sum(counts.values()) or 1
    return {q: {"n": counts.get(q, 0), "share": counts.get(q, 0) / total} for q in (1, 2, 3, 4)}


def _top_dyads(table: pa.Table, ontology) -> list[dict]:
    import pandas as pd

    keys = ["source_code", "target_code"]
    base = _count_table(table, keys, [("goldstein", "mean"), ("event_date", "min"), ("event_date", "max")])
    base = base.sort_values(["n"] + keys, ascending=[False, True, True]).head(TOP_DYADS)
    if base.empty:
        return []
    chosen = set(zip(base.source_code, base.target_code))
    quads = _count_table(table, keys + ["quad"])
    roots = _count_table(table, keys + ["root"])
    mix: dict[tuple, dict[int, int]] = {}
    for r in quads.itertuples():
        if (r.source_code, r.target_code) in chosen and r.quad == r.quad:
            mix.setdefault((r.source_code, r.target_code), {})[int(r.quad)] = int(r.n)
    top_roots: dict[tuple, list] = {}
    for r in roots.sort_values(["n", "root"], ascending=[False, True]).itertuples():
        key = (r.source_code, r.target_code)
        if key in chosen and len(top_roots.setdefault(key, [])) < 3:
            top_roots[key].append({"code": r.root, "name": ontology.root_name(r.root), "n": int(r.n)})
    out = []
    for r in base.itertuples():
        key = (r.source_code, r.target_code)
        gold = r.goldstein_mean
        out.append({
            "source": r.source_code, "target": r.target_code, "n": int(r.n),
            "goldstein": None if gold != gold or gold is None else float(gold),
            "first": None if pd.isna(r.event_date_min) else r.event_date_min,
            "last": None if pd.isna(r.event_date_max) else r.event_date_max,
            "mix": _mix(mix.get(key, {})), "roots": top_roots.get(key, []),
        })
    return out


def _top_actors(table: pa.Table, side: str) -> list[dict]:
    code, text = f"{side}_code", f"{side}_text"
    base = _count_table(table, [code], [("goldstein", "mean")])
    base = base[base[code] != NO_CODE].sort_values(["n", code], ascending=[False, True]).head(TOP_ACTORS)
    if base.empty:
        return []
    chosen = set(base[code])
    quads = _count_table(table, [code, "quad"])
    texts = _count_table(table, [code, text])
    mix: dict[str, dict[int, int]] = {}
    for r in quads.itertuples():
        c = getattr(r, code)
        if c in chosen and r.quad == r.quad:
            mix.setdefault(c, {})[int(r.quad)] = int(r.n)
    names: dict[str, list[str]] = {}
    texts = texts[texts[code].isin(chosen) & texts[text].notna()]
    for r in texts.sort_values(["n", text], ascending=[False, True]).itertuples():
        c = getattr(r, code)
        if len(names.setdefault(c, [])) < 3:
            names[c].append(getattr(r, text))
    total = table.num_rows
    biggest = int(base["n"].max())
    return [{"code": getattr(r, code), "n": int(r.n), "share": r.n / total, "bar": r.n / biggest,
             "goldstein": None if r.goldstein_mean != r.goldstein_mean else float(r.goldstein_mean),
             "texts": names.get(getattr(r, code), []), "mix": _mix(mix.get(getattr(r, code), {}))}
            for r in base.itertuples()]


def _top_ids(table: pa.Table, sort_keys: list[tuple[str, str]], k: int, where=None) -> list[str]:
    """The ``event_id`` of the first ``k`` events in ``sort_keys`` order (a partial sort: no full sort)."""
    sub = table.select(sorted({"event_id", *(key for key, _ in sort_keys)}))
    if where is not None:
        sub = sub.filter(where)
    if sub.num_rows == 0:
        return []
    idx = pc.select_k_unstable(sub, k=min(k, sub.num_rows), sort_keys=sort_keys)
    return sub.take(idx).sort_by(sort_keys)["event_id"].to_pylist()


def _event_lists(table: pa.Table, inputs: list[_Input], ontology) -> tuple[list[dict], dict]:
    """The most conflictual events, and the event list (all events when few, else the most recent),
    with sentences and texts read in one more scan for just these events."""
    conflict_ids = _top_ids(table, [("goldstein", "ascending"), ("event_date", "descending"),
                                    ("event_id", "ascending")], TOP_CONFLICT, pc.less(table["goldstein"], 0))
    order = ["event_date", "doc_id", "sentence_id", "event_id"]
    everything = table.num_rows <= EVENT_LIST_ALL
    if everything:
        list_ids = _top_ids(table, [(key, "ascending") for key in order], EVENT_LIST_ALL)
    else:
        list_ids = _top_ids(table, [(key, "descending") for key in order], EVENT_LIST_RECENT)[::-1]
    details: dict[str, dict] = {}
    wanted = pc.field("event_id").isin(sorted(set(conflict_ids) | set(list_ids)))
    for inp in inputs:
        for rec in inp.read(DETAIL_COLUMNS, wanted).to_pylist():
            if rec["event_id"] in details:
                continue
            et = ontology.get(rec["event_code"] or "")
            rec["event_name"] = et.name if et else ""
            rec["sentence_html"] = _highlight(rec.get("sentence") or "", rec.get("source_text"),
                                              rec.get("target_text"))
            details[rec["event_id"]] = rec
    conflict = [details[i] for i in conflict_ids if i in details]
    events = {"rows": [details[i] for i in list_ids if i in details], "all": everything}
    return conflict, events


def _highlight(sentence: str, source: str | None, target: str | None):
    """The sentence as HTML with the source and target phrases marked (everything else escaped)."""
    from markupsafe import Markup, escape

    low = sentence.lower()
    spans = []
    for phrase, cls in ((source, "src"), (target, "tgt")):
        if phrase:
            i = low.find(phrase.lower())
            if i >= 0:
                spans.append((i, i + len(phrase), cls))
    spans.sort()
    parts, pos = [], 0
    for start, end, cls in spans:
        if start < pos:
            continue
        parts.append(escape(sentence[pos:start]))
        parts.append(Markup('<mark class="{}">{}</mark>').format(cls, sentence[start:end]))
        pos = end
    parts.append(escape(sentence[pos:]))
    return Markup("").join(parts)


# --------------------------------------------------------------------------------------------
# Charts (inline SVG)
# --------------------------------------------------------------------------------------------

def _charts(context: dict) -> dict:
    import matplotlib

    rc = {"svg.fonttype": "none", "svg.hashsalt": "eventcoder", "font.size": 10,
          "font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial"],
          "axes.spines.top": False, "axes.spines.right": False, "axes.edgecolor": "#888888",
          "axes.titlesize": 11, "axes.titleweight": "bold"}
    with matplotlib.rc_context(rc):
        return {
            "time": _time_chart(context["time"]) if context["time"] else None,
            "roots": _roots_chart(context["roots"]),
            "quads": _quads_chart(context["quads"]),
        }


def _svg(fig, chart_id: str):
    from markupsafe import Markup

    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight", pad_inches=0.05)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    # Scale with the page: keep the viewBox, drop the fixed size, name the chart for tests and CSS.
    head_end = svg.index(">")
    head = re.sub(r'\s(width|height)="[^"]*"', "", svg[:head_end])
    head += f' id="{chart_id}" class="chart" role="img"'
    return Markup(head + svg[head_end:])


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100)


def _time_chart(series: dict):
    rows = series["rows"]
    n = len(rows)
    fig = _figure(12, 3.8)
    ax = fig.add_subplot(1, 1, 1)
    x = list(range(n))
    bottom = [0] * n
    width = 0.8 if n > 1 else 0.4
    for q in (1, 2, 3, 4):
        heights = [r["quads"][q] for r in rows]
        if any(heights):
            ax.bar(x, heights, width=width, bottom=bottom, color=QUAD_COLORS[q], label=QUAD_CLASS_NAMES[q],
                   linewidth=0)
            bottom = [b + h for b, h in zip(bottom, heights)]
    ax.set_ylabel(f"events per {series['unit']}")
    ax.set_xlim(-0.6, n - 0.4)
    ax.set_ylim(0, max(bottom) * 1.12 or 1)
    step = max(1, math.ceil(n / 14))
    ticks = x[::step]
    ax.set_xticks(ticks)
    ax.set_xticklabels([rows[i]["label"] for i in ticks], rotation=30 if n > 7 else 0,
                       ha="right" if n > 7 else "center", fontsize=9)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="y", color="#e5e5e5", linewidth=0.8)
    ax.set_axisbelow(True)
    g = fig.add_axes(ax.get_position(), sharex=ax, frameon=False)
    g.yaxis.tick_right()
    g.yaxis.set_label_position("right")
    g.xaxis.set_visible(False)
    g.set_ylim(-10.5, 10.5)
    g.axhline(0, color=GOLDSTEIN_COLOR, linewidth=0.6, linestyle=":", alpha=0.6)
    # NaN where a period has no events: the line breaks there instead of bridging the gap
    gy = [math.nan if r["goldstein"] is None else r["goldstein"] for r in rows]
    g.plot(x, gy, color=GOLDSTEIN_COLOR, linewidth=2.2, marker="o", markersize=4.5 if n <= 60 else 3.5,
           label="mean Goldstein (right axis)")
    g.set_ylabel("mean Goldstein score", color=GOLDSTEIN_COLOR)
    g.tick_params(axis="y", colors=GOLDSTEIN_COLOR)
    handles, labels = ax.get_legend_handles_labels()
    h2, l2 = g.get_legend_handles_labels()
    ax.legend(handles + h2, labels + l2, loc="upper left", bbox_to_anchor=(0, 1.16), ncol=5, frameon=False,
              fontsize=9)
    return _svg(fig, "chart-time")


def _roots_chart(roots: list[dict]):
    fig = _figure(6.2, 5.6)
    ax = fig.add_subplot(1, 1, 1)
    labels = [f"{r['code']} {r['name']}" for r in roots]
    counts = [r["n"] for r in roots]
    y = list(range(len(roots)))
    ax.barh(y, counts, color=[QUAD_COLORS.get(r["quad"], "#999999") for r in roots], height=0.72, linewidth=0)
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=9)
    ax.invert_yaxis()
    top = max(counts) or 1
    ax.set_xlim(0, top * 1.18)
    for yi, c in zip(y, counts):
        if c:
            ax.text(c + top * 0.01, yi, _fmt_int(c), va="center", fontsize=8, color="#333333")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_xlabel("events")
    return _svg(fig, "chart-roots")


def _quads_chart(quads: list[dict]):
    fig = _figure(5.2, 2.3)
    ax = fig.add_subplot(1, 1, 1)
    y = list(range(4))
    counts = [q["n"] for q in quads]
    ax.barh(y, counts, color=[QUAD_COLORS[q["quad"]] for q in quads], height=0.7, linewidth=0)
    ax.set_yticks(y)
    ax.set_yticklabels([q["name"] for q in quads], fontsize=9)
    ax.invert_yaxis()
    top = max(counts) or 1
    ax.set_xlim(0, top * 1.35)
    for yi, q in zip(y, quads):
        ax.text(q["n"] + top * 0.01, yi, f"{_fmt_int(q['n'])} ({q['share'] * 100:.0f}%)", va="center",
                fontsize=8, color="#333333")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("events")
    return _svg(fig, "chart-quads")


# --------------------------------------------------------------------------------------------
# Formatting and output
# --------------------------------------------------------------------------------------------

def _fmt_int(value) -> str:
    return "—" if value is None else f"{int(value):,}"


def _fmt_signed(value, digits: int = 1) -> str:
    return "—" if value is None else f"{value:+.{digits}f}"


def _fmt_pct(value, digits: int = 1) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def _goldstein_color(value) -> str:
    """A background colour for a Goldstein score: vermillion at -10, grey at 0, blue at +10."""
    if value is None:
        return "#f0f0f0"
    t = max(-1.0, min(1.0, float(value) / 10))
    grey, end = (240, 240, 240), ((0, 114, 178) if t > 0 else (213, 94, 0))
    a = abs(t) * 0.55
    rgb = [round(g + (e - g) * a) for g, e in zip(grey, end)]
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _write_atomic(output: Path, text: str) -> None:
    try:
        write_text_atomic(output, text)
    except OSError as exc:
        raise ReportError(f"{output}: cannot write ({exc.strerror or exc})") from None
