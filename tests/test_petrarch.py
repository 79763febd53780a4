"""The classic TABARI/PETRARCH dictionary loaders, on small fixture files written in those formats
(tests/fixtures/petrarch) and, where ../shared is present, on the full Phoenix set."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path

import pytest

from eventcoder.dictionaries.model import DatedCode
from eventcoder.dictionaries.petrarch import (load_petrarch_dictionaries, parse_classic_code, plural, verb_forms)

FIX = Path(__file__).resolve().parent / "fixtures" / "petrarch"
SHARED_DICTS = Path(__file__).resolve().parents[1].parent / "shared" / "peers" / "petrarch" / "dictionaries"


@pytest.fixture(scope="module")
def d():
    return load_petrarch_dictionaries(FIX, verbs=["verbs.txt", "verbs.tabari.txt"], actors="actors.txt",
                                      agents="agents.txt", discards="discards.txt", issues="issues.txt",
                                      ontology="ontology.txt", cache=False)


def _pattern(entry, code):
    return [p for p in entry.patterns if p.code == code]


def test_synsets_nested_and_forward_references(d):
    assert d.synsets["TIEKIND"] == [("trade",), ("cultural",), ("military",)]
    # +&COINS is defined after &MONEY_ refers to it, and the trailing '_' of the name is dropped
    assert d.synsets["MONEY"] == [("cash",), ("gold", "coins"), ("ducat",), ("florin",)]


def test_blocks_codes_and_irregular_forms(d):
    restore = d.verbs["restore"]
    assert restore.code == "050" and restore.block == "RESTORE"
    meet, confer = d.verbs["meet"], d.verbs["confer"]
    assert (meet.code, meet.paired_code) == ("040", "040")
    assert confer.code == "043"  # the verb's own code beats the block's
    assert d.verbs["scold"].code is None  # SCOLD [---]
    assert confer.patterns == meet.patterns  # block patterns apply to every verb of the block
    assert d.verb_forms["met"] == "meet" and d.verb_forms["meeting"] == "meet"
    assert d.verb_forms["criticised"] == "criticize"  # irregular form after which ';' starts a comment
    assert d.verb_forms["restored"] == "restore" and d.verb_forms["paid"] == "pay"


def test_pattern_terms(d):
    restore = d.verbs["restore"]
    (ties,) = _pattern(restore, "064")
    assert [(t.kind, t.alternatives) for t in ties.terms] == [("object", (("ties",),))]
    (kind,) = _pattern(restore, "0641")
    assert kind.terms[0].alternatives == (("trade", "ties"), ("cultural", "ties"), ("military", "ties"))
    (with_target,) = _pattern(restore, "051")
    assert (with_target.terms[0].kind, with_target.terms[0].prep, with_target.terms[0].target) == ("prep", "with", True)
    (no_event,) = [p for p in restore.patterns if p.code is None]
    assert no_event.terms[0].kind == "pre" and no_event.terms[0].alternatives == (("not",),)
    (compound,) = _pattern(d.verbs["meet"], "046")
    assert compound.compound and compound.terms == ()
    (swapped,) = [p for p in d.verbs["meet"].patterns if p.code is None]
    assert swapped.paired_code == "043"  # [:043]: only the swapped event
    (from_source,) = _pattern(d.verbs["attack"], "195")
    assert [(t.kind, t.target, t.source, t.prep) for t in from_source.terms] == [("pre", True, False, None),
                                                                                 ("prep", False, True, "from")]
    (money,) = _pattern(d.verbs["criticize"], "1121")
    assert ("ducat",) in money.terms[0].alternatives


def test_multiword_verbs(d):
    sit = d.verbs["sit"]  # +SIT_DOWN: 'sit' is inflected, 'down' a particle
    assert sit.code is None
    base = [p for p in sit.patterns if p.code == "040"]
    assert base and base[0].paired_code == "040" and base[0].terms[0].kind == "particle"
    assert base[0].terms[0].alternatives == (("down",),)
    assert d.verb_forms["sat"] == "sit"
    tap = d.verbs["tap"]  # WIRE_+TAP: 'wire' before the inflected word
    assert [p.terms[0].alternatives for p in tap.patterns] == [(("wire",),)] * 3
    assert [p.code for p in tap.patterns] == ["190", "195", "191"]


def test_tabari_style_patterns(d):
    send = d.verbs["send"]
    gifts = _pattern(send, "041")[0]
    assert [(t.kind, t.prep, t.target) for t in gifts.terms] == [("object", None, False), ("prep", "to", True)]
    assert gifts.terms[0].alternatives == (("flowers",), ("chocolates",))
    passive = _pattern(send, "042")[0]
    assert [(t.kind, t.alternatives, t.target, t.source) for t in passive.terms] == [
        ("pre", (), True, False), ("pre", (("was",),), False, False), ("prep", (), False, True)]
    assert _pattern(send, "043")[0].compound
    joined = _pattern(send, "044")[0]  # IN_* ^ WITH +
    assert joined.terms[0].alternatives == (("in",),) and joined.terms[1].prep == "with" and joined.terms[1].target
    assert d.verbs["laud"].code == "051"


def test_transformations(d):
    (t,) = d.transformations
    assert (t.outer, t.inner, t.source, t.target, t.code) == ("CRITICIZE", "ATTACK", "a", "b", "112")


def test_actors_synonyms_and_dates(d):
    by_name = {a.name: a for a in d.actors}
    fre = by_name["FREEDONIA"]
    assert fre.names == [("freedonia",), ("freedonian",), ("freedonians",)]
    firefly = by_name["RUFUS_T._FIREFLY"]
    assert ("firefly",) in firefly.names
    assert firefly.code_on(dt.date(1933, 6, 1)) == "FREGOV"
    assert firefly.code_on(dt.date(1933, 12, 31)) == "FREGOV"  # ranges include both ends
    assert firefly.code_on(dt.date(1934, 1, 1)) == "FREELI"  # '>' includes its day
    assert firefly.code_on(dt.date(1920, 1, 1)) == "FRE"  # the undated code elsewhere
    chico = by_name["CHICOLINI"]  # several codes on one line, '<' excludes its day
    assert chico.code_on(dt.date(1933, 5, 31)) == "SYLSPY"
    assert chico.code_on(dt.date(1933, 6, 1)) == "SYLCRM"
    assert by_name["MARX_BROTHERS"].codes == [DatedCode("---")]
    assert "AMBASSADOR_TRENTINO" not in by_name  # its date is impossible: skipped with its lines
    assert {"FRE", "SYL"} <= d.country_codes


def test_classic_codes():
    assert parse_classic_code("HOB < 950601") == DatedCode("HOB", None, dt.date(1995, 5, 31))
    assert parse_classic_code("HOBGOV 19950601 - 19990815") == DatedCode("HOBGOV", dt.date(1995, 6, 1), dt.date(1999, 8, 15))
    assert parse_classic_code("X >290101").start == dt.date(2029, 1, 1)
    assert parse_classic_code("X >300101").start == dt.date(1930, 1, 1)
    assert parse_classic_code("fro/bil").code == "FRO/BIL"
    for bad in ("ARMUNR 9008223-911221", "EGYGOV 20121207-20120802", "USAGOV 19820101", "123"):
        with pytest.raises(ValueError):
            parse_classic_code(bad)


def test_agents(d):
    by_name = {a.name: a for a in d.agents}
    assert by_name["ARMY"].names == [("army",), ("armies",)] and by_name["ARMY"].code == "MIL"
    assert by_name["POLICE"].names == [("police",)]  # {}: no plural
    assert ("attorneys", "general") in by_name["ATTORNEY_GENERAL"].names
    assert by_name["PEACE_CORPS"].prefix and by_name["PEACE_CORPS"].code == "NGO"
    assert {("spokesman",), ("spokeswomen",)} <= set(by_name["SPOKES!PERSON!"].names)
    assert by_name["GOOSE"].names == [("goose",), ("geese",)]
    assert "CITY" not in by_name
    assert {"MIL", "COP", "NGO", "GGS"} <= d.agent_codes


def test_discards_issues_ontology(d):
    assert d.discards == [("football",), ("world", "cup")]
    assert d.story_discards == [("horoscope",)]
    issues = {i.name: i for i in d.issues}
    assert issues["n:school"].names == [("school",), ("schools",)] and issues["n:school"].category == "EDUCATION"
    assert issues["pre+k"].names == [("pre", "k"), ("prek",)]
    assert ("teaching",) in issues["v:teach"].names
    assert issues["driving school"].exclude
    assert issues["literacy"].code == "EDUCATION"  # no code: its category
    assert d.internal_codes["010"] == 0x1000
    assert d.internal_codes["0111"] == 0x1000 - 0xFFFF
    assert d.internal_codes["120"] == -0xFFFF + 0x70


def test_malformed_lines_are_listed_with_file_and_line(d):
    where = {p.split(": ", 1)[0] for p in d.problems}
    expected = {"verbs.txt:27", "verbs.txt:46", "verbs.txt:50", "verbs.txt:55", "verbs.tabari.txt:17",
                "actors.txt:19", "actors.txt:20", "actors.txt:21", "actors.txt:22", "agents.txt:9",
                "issues.txt:9", "ontology.txt:9"}
    assert {w.rsplit("/", 1)[-1] for w in where} == expected
    assert all(p.startswith(str(FIX)) for p in d.problems)


def test_word_forms():
    assert verb_forms("ACCUSE") == ["accuses", "accused", "accusing"]
    assert verb_forms("DENY") == ["denies", "denied", "denying"]
    assert verb_forms("PUSH") == ["pushes", "pushed", "pushing"]
    assert plural("ARMY") == "armies" and plural("CHAIRMAN") == "chairmen" and plural("BOSS") == "bosses"


def test_missing_named_file_is_an_error(tmp_path):
    from eventcoder.errors import DictionaryError

    with pytest.raises(DictionaryError, match="no such verbs file"):
        load_petrarch_dictionaries(FIX, verbs="nope.txt", cache=False)
    with pytest.raises(DictionaryError, match="no such dictionary directory"):
        load_petrarch_dictionaries(tmp_path / "absent")


def test_cache_roundtrip(tmp_path, monkeypatch):
    import eventcoder.dictionaries.petrarch as petrarch

    monkeypatch.setattr(petrarch, "CACHE_DIR", tmp_path)
    args = dict(verbs="verbs.txt", actors="actors.txt", agents="agents.txt", discards=[], issues=[], ontology=[])
    first = load_petrarch_dictionaries(FIX, **args)
    assert len(list(tmp_path.glob("petrarch-*.pickle"))) == 1
    second = load_petrarch_dictionaries(FIX, **args)
    assert second.fingerprint == first.fingerprint and len(second.actors) == len(first.actors)
    assert second.verbs["meet"].patterns[0].compound


@pytest.mark.skipif(not SHARED_DICTS.is_dir(), reason="needs ../shared/peers/petrarch/dictionaries (the Phoenix set)")
def test_phoenix_set_loads_fast_and_only_really_malformed_lines_are_listed(tmp_path, monkeypatch):
    import eventcoder.dictionaries.petrarch as petrarch

    monkeypatch.setattr(petrarch, "CACHE_DIR", tmp_path)
    t0 = time.perf_counter()
    d = load_petrarch_dictionaries(SHARED_DICTS)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    load_petrarch_dictionaries(SHARED_DICTS)
    warm = time.perf_counter() - t0
    assert min(cold, warm) < 2.0
    assert len(d.actors) > 20000 and len(d.agents) > 2000 and len(d.verbs) > 1500 and len(d.issues) > 2000
    assert d.verbs["say"].code == "010" and d.verb_forms["said"] == "say"
    assert len(d.transformations) == 9 and d.internal_codes["010"] == 0x1000
    # every problem is a really malformed line; these are some of them
    text = "\n".join(d.problems)
    for sample in ("VISIT)[042:043]", "[080!]", "2004017", "[~ENV}", "20121207-20120802"):
        assert sample in text
    # three names hold a control character (two Ctrl-Z left by a bad conversion of an accented
    # letter, a NUL): the line is skipped, and an actor's code lines with it
    for where in ("Phoenix.Countries.actors.txt:745: control character U+001A",
                  "Phoenix.Countries.actors.txt:746: belongs to the entry skipped at line 745",
                  "Phoenix.Countries.actors.txt:21079: control character U+0000"):
        assert where in text
    names = {n for a in d.actors for n in a.names}
    assert not any(n[0] == "liamine" or n[0].startswith("tiruchir") and len(n) == 2 for n in names)
    assert ("tiruchirappalli",) in names and ("abdelaziz", "bouteflika") in names  # their neighbours load
    assert len(d.problems) == 27  # and no more: every other line of the set loads


# ---------------------------------------------------------------------------------------------
# The cache of classic sets

CACHE_ARGS = dict(verbs="verbs.txt", actors="actors.txt", agents="agents.txt", discards=[], issues=[], ontology=[])


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    import eventcoder.dictionaries.petrarch as petrarch

    directory = tmp_path / "cache"
    monkeypatch.setattr(petrarch, "CACHE_DIR", directory)
    return directory


def _copy_fixture(target: Path) -> Path:
    shutil.copytree(FIX, target)
    return target


def _no_loading(monkeypatch):
    """Make reading any dictionary file fail: what loads now comes from the cache."""
    import eventcoder.dictionaries.petrarch as petrarch

    def refuse(path, d):
        raise AssertionError(f"{path} read although the set is cached")

    monkeypatch.setattr(petrarch, "LOADERS", {kind: refuse for kind in petrarch.LOADERS})


def _cache_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir()) if directory.is_dir() else []


def test_cache_is_served_and_keyed_by_content(tmp_path, cache_dir, monkeypatch):
    source = _copy_fixture(tmp_path / "set")
    first = load_petrarch_dictionaries(source, **CACHE_ARGS)
    (cached,) = _cache_files(cache_dir)
    with monkeypatch.context() as m:
        _no_loading(m)
        again = load_petrarch_dictionaries(source, **CACHE_ARGS)
    assert [a.names for a in again.actors] == [a.names for a in first.actors] and again.problems == first.problems
    # an edit of the same size with the old modification time is still seen
    actors = source / "actors.txt"
    stat = actors.stat()
    actors.write_text(actors.read_text().replace("UN [IGOUNO]", "UN [IGOUNA]"))
    os.utime(actors, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert actors.stat().st_size == stat.st_size
    edited = load_petrarch_dictionaries(source, **CACHE_ARGS)
    assert {a.name: a.codes for a in edited.actors}["UN"] == [DatedCode("IGOUNA")]
    assert edited.fingerprint != first.fingerprint and len(_cache_files(cache_dir)) == 2


def test_cache_never_names_another_checkouts_files(tmp_path, cache_dir, monkeypatch):
    one = load_petrarch_dictionaries(_copy_fixture(tmp_path / "one"), **CACHE_ARGS)
    two = load_petrarch_dictionaries(_copy_fixture(tmp_path / "two"), **CACHE_ARGS)
    assert one.fingerprint == two.fingerprint  # the same files ...
    assert len(_cache_files(cache_dir)) == 2  # ... cached apart, because the problems name them
    assert two.problems and all(p.startswith(str(tmp_path / "two")) for p in two.problems)
    assert all(a.origin.startswith(str(tmp_path / "two")) for a in two.actors)
    assert two.name == f"petrarch:{tmp_path / 'two'}"
    # the same directory named another way (relative) is another key too
    monkeypatch.chdir(tmp_path)
    relative = load_petrarch_dictionaries(Path("two"), **CACHE_ARGS)
    assert all(p.startswith("two/") for p in relative.problems)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "other version", "other key", "not a set"])
def test_damaged_cache_is_rebuilt_silently(damage, tmp_path, cache_dir, caplog):
    import pickle

    import eventcoder.dictionaries.petrarch as petrarch

    source = _copy_fixture(tmp_path / "set")
    clean = load_petrarch_dictionaries(source, **CACHE_ARGS)
    (cached,) = _cache_files(cache_dir)
    data = cached.read_bytes()
    marker, key, _ = pickle.loads(data)
    planted = petrarch.Dictionaries(name="planted")
    planted.actors.append(petrarch.ActorEntry("PLANTED", [("planted",)], [DatedCode("XXX")]))
    cached.write_bytes({
        "garbage": b"\x80\x05not a pickle at all" + bytes(range(256)),
        "truncated": data[:len(data) // 2],
        "empty": b"",
        "other version": pickle.dumps(planted),  # a bare set, as version 1 wrote it
        "other key": pickle.dumps((marker, "0" * len(key), planted)),
        "not a set": pickle.dumps((marker, key, {"actors": []})),
    }[damage])
    with caplog.at_level("WARNING", logger="eventcoder"):
        rebuilt = load_petrarch_dictionaries(source, **CACHE_ARGS)
    assert caplog.records == []  # silently
    assert [a.name for a in rebuilt.actors] == [a.name for a in clean.actors] and rebuilt.problems == clean.problems
    assert pickle.loads(cached.read_bytes())[:2] == (marker, key)  # and written again
    assert _cache_files(cache_dir) == [cached]


def test_cache_is_written_through_a_temporary_file(tmp_path, cache_dir, monkeypatch):
    import pickle

    real_dump = pickle.dump
    seen = []

    def dump(obj, fh, *args, **kwargs):
        seen.append(Path(fh.name))
        assert list(cache_dir.glob("petrarch-*.pickle")) == []  # nothing under the final name yet
        real_dump(obj, fh, *args, **kwargs)

    monkeypatch.setattr(pickle, "dump", dump)
    load_petrarch_dictionaries(_copy_fixture(tmp_path / "set"), **CACHE_ARGS)
    (cached,) = _cache_files(cache_dir)
    assert seen and seen[0].parent == cache_dir and seen[0] != cached and not seen[0].exists()


def test_a_failed_cache_write_leaves_nothing_and_loads(tmp_path, cache_dir, monkeypatch):
    import errno
    import pickle

    def full(obj, fh, *args, **kwargs):
        fh.write(b"\x80\x05half a pickle")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pickle, "dump", full)
    d = load_petrarch_dictionaries(_copy_fixture(tmp_path / "set"), **CACHE_ARGS)
    assert {a.name for a in d.actors} >= {"FREEDONIA", "SYLVANIA"}
    assert _cache_files(cache_dir) == []  # no half-written cache, no temporary file


def test_a_cache_directory_that_cannot_be_written_does_not_fail_the_load(tmp_path, monkeypatch):
    import errno
    import tempfile

    import eventcoder.dictionaries.petrarch as petrarch

    source = _copy_fixture(tmp_path / "set")
    (tmp_path / "file").write_text("a file where the cache directory would be")
    monkeypatch.setattr(petrarch, "CACHE_DIR", tmp_path / "file" / "cache")  # cannot be made
    assert {a.name for a in load_petrarch_dictionaries(source, **CACHE_ARGS).actors} >= {"FREEDONIA"}
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    monkeypatch.setattr(petrarch, "CACHE_DIR", read_only)

    def refused(*args, **kwargs):  # what mkstemp does in a read-only directory (root may write anyway)
        raise PermissionError(errno.EACCES, "Permission denied", str(read_only))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    assert {a.name for a in load_petrarch_dictionaries(source, **CACHE_ARGS).actors} >= {"FREEDONIA"}
    assert list(read_only.iterdir()) == []


def test_old_sets_and_stale_temporary_files_are_pruned(tmp_path, cache_dir):
    import eventcoder.dictionaries.petrarch as petrarch

    cache_dir.mkdir()
    for i in range(petrarch.CACHE_KEEP + 3):
        stale = cache_dir / f"petrarch-{i:020d}.pickle"
        stale.write_bytes(b"old")
        os.utime(stale, (1_000_000 + i, 1_000_000 + i))
    left = cache_dir / ".petrarch-x.pickle.abc.tmp"
    left.write_bytes(b"interrupted")
    os.utime(left, (1_000_000, 1_000_000))
    fresh = cache_dir / ".petrarch-y.pickle.def.tmp"  # another process writing right now
    fresh.write_bytes(b"being written")
    load_petrarch_dictionaries(_copy_fixture(tmp_path / "set"), **CACHE_ARGS)
    kept = sorted(p.name for p in cache_dir.glob("petrarch-*.pickle"))
    assert len(kept) == petrarch.CACHE_KEEP
    assert f"petrarch-{petrarch.CACHE_KEEP + 2:020d}.pickle" in kept and "petrarch-00000000000000000000.pickle" not in kept
    assert not left.exists() and fresh.exists()
