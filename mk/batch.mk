# Batch workflow: a corpus in shards, parsed and coded by make (README: "Coding a corpus").
#
#   $(RAW)/NAME.jsonl                                  input shards (.jsonl, .csv or .parquet)
#   -> $(PARSED)/NAME.conllu                           eventcoder parse (stanza; parse cache in $(BATCH_CACHE))
#   -> $(EVENTS)/shard=NAME/part-0.parquet             eventcoder code on the parse (+ _summary.json, _diagnostics.json)
#   -> $(EVENTS).summary.json, $(EVENTS).diagnostics.json, $(BATCH_REPORT)
# with PARSED = $(OUT)/batch/parsed and EVENTS = $(OUT)/batch/events by default.
#
# `make -j2 batch` works shard by shard in parallel; a second `make batch` does nothing; touching one
# input redoes that shard only; changing any dictionary file re-codes every shard and re-parses none
# (dictionaries are prerequisites of the event shards only).  Every output is written through a
# temporary file and renamed, so an interrupted make resumes where it stopped.

RAW ?= data/raw
DICTIONARIES ?= eventcoder/data/dictionaries
BATCH_OUT ?= $(OUT)/batch
PARSED ?= $(BATCH_OUT)/parsed
EVENTS ?= $(BATCH_OUT)/events
# the same parse cache as `eventcoder code` uses by default, so a single run after the batch parses nothing
BATCH_CACHE ?= $(OUT)/cache/parses.sqlite
BATCH_REPORT ?= $(BATCH_OUT)/report.html
# order-only prerequisite of every step (the venv); empty it to use an existing interpreter: BATCH_SETUP= PY=...
BATCH_SETUP ?= $(VENV)/.installed
# torch threads per parse; default: torch's choice, or 1 under make -jN (N processes share the cores)
PARSE_THREADS ?=
# demo corpus: DEMO_SHARDS shards of DEMO_SOURCE under $(RAW)
DEMO_SHARDS ?= 8
DEMO_SOURCE ?= $(firstword $(wildcard $(SHARED)/corpus/wire-news.jsonl) examples/sample.jsonl)
DEMO_PREFIX ?= news-

BATCH_EQ := =
RAW_SHARDS := $(sort $(wildcard $(RAW)/*.jsonl $(RAW)/*.csv $(RAW)/*.parquet))
SHARD_NAMES := $(sort $(basename $(notdir $(RAW_SHARDS))))
PARSE_SHARDS := $(SHARD_NAMES:%=$(PARSED)/%.conllu)
EVENT_SHARDS := $(SHARD_NAMES:%=$(EVENTS)/shard$(BATCH_EQ)%/part-0.parquet)
# every dictionary file and folder (a folder's time changes when a file is added or removed)
DICTIONARY_FILES := $(shell find $(DICTIONARIES) -name '.*' -prune -o \( -type d -o -name '*.txt' \) -print 2>/dev/null)
PARSE_THREADS_ARG = $(if $(PARSE_THREADS),--threads $(PARSE_THREADS),$(if $(filter -j%,$(MAKEFLAGS)),--threads 1))

.PHONY: batch batch-parse batch-events batch-report batch-demo batch-status batch-prune batch-clean batch-help batch-no-input
.DELETE_ON_ERROR:
# the parses are kept: a dictionary change re-codes from them without re-parsing
.SECONDARY: $(PARSE_SHARDS)

batch-help:
	@echo "make batch          parse and code every shard in $(RAW) -> $(EVENTS)/ (+ summary, report); -j N for N at once"
	@echo "make batch-demo     split $(DEMO_SOURCE) into $(DEMO_SHARDS) shards under $(RAW)"
	@echo "make batch-parse    only parse ($(PARSED)/*.conllu)"
	@echo "make batch-status   how many shards are parsed and coded"
	@echo "make batch-prune    remove parses and event shards whose input is gone"
	@echo "make batch-clean    remove parses, event shards, summary and report (keeps the parse cache)"

batch: $(if $(RAW_SHARDS),batch-events $(EVENTS).summary.json batch-report,batch-no-input)

batch-parse: $(if $(RAW_SHARDS),$(PARSE_SHARDS),batch-no-input)

batch-events: $(if $(RAW_SHARDS),$(EVENT_SHARDS),batch-no-input)

batch-no-input:
	@echo "no input shards in $(RAW)/ (*.jsonl, *.csv, *.parquet): put some there, or run make batch-demo"; exit 2

$(PARSED)/%.conllu: $(RAW)/%.jsonl | $(BATCH_SETUP)
	$(EVENTCODER) parse $< -o $@ --cache $(BATCH_CACHE) $(STANZA_ARG) $(PARSE_THREADS_ARG)

$(PARSED)/%.conllu: $(RAW)/%.csv | $(BATCH_SETUP)
	$(EVENTCODER) parse $< -o $@ --cache $(BATCH_CACHE) $(STANZA_ARG) $(PARSE_THREADS_ARG)

$(PARSED)/%.conllu: $(RAW)/%.parquet | $(BATCH_SETUP)
	$(EVENTCODER) parse $< -o $@ --cache $(BATCH_CACHE) $(STANZA_ARG) $(PARSE_THREADS_ARG)

$(EVENTS)/shard$(BATCH_EQ)%/part-0.parquet: $(PARSED)/%.conllu $(DICTIONARY_FILES) | $(BATCH_SETUP)
	@echo "code $< -> $@"
	@$(EVENTCODER) code $< -o $@ --summary $(@D)/_summary.json --diagnostics $(@D)/_diagnostics.json --dictionaries $(DICTIONARIES) --cache none -q >/dev/null

# the run's summary: the shards' summaries added up
$(EVENTS).summary.json: $(EVENT_SHARDS) | $(BATCH_SETUP)
	$(EVENTCODER) summarize $(EVENTS) -o $@

batch-report: $(BATCH_REPORT)

$(BATCH_REPORT): $(EVENT_SHARDS) $(EVENTS).summary.json | $(BATCH_SETUP)
	@if $(EVENTCODER) report --help >/dev/null 2>&1; then \
	  $(EVENTCODER) report $(EVENTS) -o $@ --stats $(EVENTS).summary.json \
	    $$(test -f $(EVENTS).diagnostics.json && echo --diagnostics $(EVENTS).diagnostics.json) && echo "report: $@"; \
	else \
	  echo "(no report: this eventcoder has no 'report' command)"; \
	fi

# Split DEMO_SOURCE (JSONL) into DEMO_SHARDS shards; shards whose content did not change keep their time.
batch-demo:
	@mkdir -p $(RAW)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	split -n l/$(DEMO_SHARDS) -d -a 3 --additional-suffix=.jsonl $(DEMO_SOURCE) "$$tmp/$(DEMO_PREFIX)" && \
	n=0; for f in "$$tmp"/*.jsonl; do \
	  if [ -s "$$f" ]; then n=$$((n+1)); cmp -s "$$f" "$(RAW)/$${f##*/}" || mv "$$f" "$(RAW)/$${f##*/}"; fi; \
	done; \
	echo "$(RAW)/: $$n shards of $(DEMO_SOURCE); now run make batch (or make -j2 batch)"

batch-status:
	@echo "input shards: $(words $(RAW_SHARDS)) in $(RAW)/"
	@echo "parsed:       $(words $(wildcard $(PARSE_SHARDS))) in $(PARSED)/"
	@echo "coded:        $(words $(wildcard $(EVENT_SHARDS))) in $(EVENTS)/"
	@echo "to (re)code:  $$($(MAKE) --no-print-directory -n batch-events 2>/dev/null | grep -c '^echo "code ' || true)"

# parses and event shards whose input shard is gone
batch-prune:
	@for d in $(EVENTS)/shard=*/; do \
	  [ -d "$$d" ] || continue; n=$${d%/}; n=$${n##*/shard=}; \
	  case " $(SHARD_NAMES) " in *" $$n "*) ;; *) echo "remove $$d"; rm -rf "$$d";; esac; \
	done
	@for f in $(PARSED)/*.conllu; do \
	  [ -f "$$f" ] || continue; n=$${f##*/}; n=$${n%.conllu}; \
	  case " $(SHARD_NAMES) " in *" $$n "*) ;; *) echo "remove $$f"; rm -f "$$f";; esac; \
	done

batch-clean:
	rm -rf $(PARSED) $(EVENTS) $(EVENTS).summary.json $(EVENTS).diagnostics.json $(BATCH_REPORT)
