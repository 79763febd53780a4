"""The event table's columns: one explicit pyarrow schema, documented in the README.

Every writer (``code``, the batch workflow, the Dask mode) uses :data:`EVENT_SCHEMA`, so the
Parquet files of any run read as one dataset.  Columns are never reordered; new columns are
only ever appended.
"""
from __future__ import annotations

import pyarrow as pa

EVENT_SCHEMA = pa.schema(
    [
        pa.field("event_id", pa.string(), nullable=False),  # stable hash of provenance + codes
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("sentence_id", pa.int32(), nullable=False),  # 1-based within the document
        pa.field("sentence", pa.string()),
        pa.field("doc_date", pa.date32()),
        pa.field("event_date", pa.date32()),
        pa.field("date_precision", pa.string()),  # day | month | year
        pa.field("date_source", pa.string()),  # text | story
        pa.field("date_text", pa.string()),  # the phrase that dated the event, if any
        pa.field("source_code", pa.string()),
        pa.field("source_text", pa.string()),
        pa.field("source_country", pa.string()),
        pa.field("source_agent", pa.string()),
        pa.field("target_code", pa.string()),
        pa.field("target_text", pa.string()),
        pa.field("target_country", pa.string()),
        pa.field("target_agent", pa.string()),
        pa.field("event_code", pa.string()),
        pa.field("event_root", pa.string()),
        pa.field("quad_class", pa.int8()),
        pa.field("goldstein", pa.float32()),
        pa.field("verb_lemma", pa.string()),
        pa.field("matched_pattern", pa.string()),
        pa.field("doc_source", pa.string()),
        pa.field("coder_version", pa.string()),
        pa.field("dictionary_fingerprint", pa.string()),
        # PLOVER (CAMEO -> PLOVER correspondence, see dictionaries/plover.txt)
        pa.field("plover_event", pa.string()),
        pa.field("plover_mode", pa.string()),
        pa.field("plover_context", pa.string()),
        # Where the event happened, when the sentence says (eventcoder.locations)
        pa.field("location_text", pa.string()),
        pa.field("location_name", pa.string()),
        pa.field("location_country", pa.string()),  # ISO 3166 alpha-3
        pa.field("latitude", pa.float64()),
        pa.field("longitude", pa.float64()),
        pa.field("location_precision", pa.string()),  # city | region | country
    ]
)

EVENT_COLUMNS = EVENT_SCHEMA.names
