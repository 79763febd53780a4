# eventcoder: `make run` codes the bundled sample, `make test` runs the tests.
# Both set themselves up first (a .venv in the repository root, created by `make setup`).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
EVENTCODER := $(PY) -m eventcoder
SHARED ?= ../shared
# the offline stanza models beside the repository, unless the user points elsewhere
STANZA_DIR ?= $(firstword $(EVENTCODER_STANZA_DIR) $(wildcard $(SHARED)/models/stanza-en))
STANZA_ARG := $(if $(STANZA_DIR),--stanza-dir $(STANZA_DIR),)
OUT := outputs

.PHONY: setup compile clean-compiled run test bench report clean sample-parse help screenshot validate lint golden evaluate

help:
	@echo "make run     code the sample corpus -> $(OUT)/events.parquet (+ summary, report)"
	@echo "make test    run the test suite"
	@echo "make compile compile the coder with mypyc (run, test and bench do it first)"
	@echo "make bench   parse/code throughput and peak memory"
	@echo "make report  HTML report of $(OUT)/events.parquet"
	@echo "make dataset dedupe, exports and aggregates of $(OUT)/events.parquet"
	@echo "make validate  run the UD-PETRARCH dev suite with the classic dictionaries"
	@echo "make lint     check the project's dictionaries (dict lint, dict stats)"
	@echo "make evaluate  score the coder on the hand-coded real-news stories in ../shared/gold"
	@echo "make -j2 batch  code the shards in data/raw/ incrementally (make batch-help for more)"
	@echo "make screenshot re-make docs/report-screenshot.png from $(OUT)/report.html"

setup: $(VENV)/.installed

# torch first, pinned to the CPU build (an unpinned torch pulls several GB of CUDA packages)
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[test,compile]'
	touch $@

# The model, the CoNLL-U reader and the coder compiled with mypyc, in place (about 1.6x faster; a
# few minutes, again whenever one of their sources changes).  Without a C compiler the Python
# sources run: eventcoder is the same either way (a changed source runs from its source until
# compiled again; EVENTCODER_PURE_PYTHON=1 runs the sources always).
COMPILED_SOURCES := $(shell $(PYTHON) setup.py --list-compiled)
compile: setup eventcoder/_compiled.json

eventcoder/_compiled.json: $(COMPILED_SOURCES) setup.py | $(VENV)/.installed
	@echo "compiling the coding modules with mypyc (a few minutes) ..."
	@EVENTCODER_COMPILE=1 $(PY) setup.py -q build_ext --inplace > build-compile.log 2>&1 \
	  && echo "compiled (log: build-compile.log)" \
	  || echo "compiling failed (see build-compile.log): the Python sources run, slower"

clean-compiled:
	rm -rf eventcoder/_compiled.json build/ build-compile.log
	find eventcoder -name '*.so' -delete

# Parse and code the sample; without a stanza model, code the shipped parse instead.
run: setup compile
	@mkdir -p $(OUT)
	@if $(EVENTCODER) models --check $(STANZA_ARG) >/dev/null 2>&1; then \
	  $(EVENTCODER) code examples/sample.jsonl -o $(OUT)/events.parquet $(STANZA_ARG); \
	else \
	  echo "no stanza model found (give STANZA_DIR=DIR or set EVENTCODER_STANZA_DIR); coding the shipped parse examples/sample.conllu"; \
	  $(EVENTCODER) code examples/sample.conllu -o $(OUT)/events.parquet; \
	fi
	@$(MAKE) --no-print-directory report

report: setup
	$(EVENTCODER) report $(OUT)/events.parquet -o $(OUT)/report.html
	@echo "report: $(OUT)/report.html"

# Re-make the shipped parse of the sample (needs a model).
sample-parse: setup
	$(EVENTCODER) parse examples/sample.jsonl -o examples/sample.conllu $(STANZA_ARG) --cache none

test: setup compile
	$(PY) -m pytest -q

# one table of the headline figures (parse, coding with both dictionary sets, memory, validation);
# the pathological-input run (a few minutes) is part of it; make bench BENCH_ARGS= leaves it out
BENCH_ARGS ?= --pathological
bench: setup compile
	$(PY) benchmarks/bench.py $(STANZA_ARG) $(BENCH_ARGS)

clean:
	rm -rf $(OUT)

-include mk/*.mk

# The UD-PETRARCH development suite with the classic dictionaries it names (needs ../shared).
VALIDATION_SUITE ?= $(SHARED)/peers/petrarch/validation/unit-dev.ud.xml
PETRARCH_DICTIONARIES ?= $(SHARED)/peers/petrarch/dictionaries
validate: setup
	@test -f $(VALIDATION_SUITE) || { echo "no validation suite at $(VALIDATION_SUITE) (set VALIDATION_SUITE=...)"; exit 2; }
	$(EVENTCODER) validate $(VALIDATION_SUITE) --petrarch-dictionaries $(PETRARCH_DICTIONARIES)

# Check the project's dictionaries and show their coverage.
lint: setup
	$(EVENTCODER) dict lint
	$(EVENTCODER) dict stats

# Re-make the README's screenshot of the sample report (needs Chromium).
screenshot: setup
	$(EVENTCODER) report $(OUT)/events.parquet -o $(OUT)/report.html --screenshot docs/report-screenshot.png

# Re-record the golden outputs of tests/test_golden.py after an intended change of behaviour
# (GOLDEN=sample,unit-dev,wire to choose; say in the commit which rows changed and why).
GOLDEN ?= all
golden: setup
	$(PY) -m pytest -q tests/test_golden.py --update-golden=$(GOLDEN)

# The coder on hand-coded real news: the development set in ../shared/gold, coded with the project's
# dictionaries and with the Phoenix set, scored at both levels (needs ../shared; parses are cached).
GOLD ?= $(SHARED)/gold/wire-dev-events.jsonl
CORPUS ?= $(SHARED)/corpus/wire-news.jsonl
EVAL := $(OUT)/evaluate
evaluate: setup
	@test -f $(GOLD) -a -f $(CORPUS) || { echo "no gold stories at $(GOLD) or corpus at $(CORPUS) (set GOLD=... CORPUS=...)"; exit 2; }
	@mkdir -p $(EVAL)
	@$(PY) -c "import json,sys; ids={json.loads(l)['id'] for l in open(sys.argv[1]) if l.strip()}; out=open(sys.argv[3],'w'); [out.write(l) for l in open(sys.argv[2]) if json.loads(l)['id'] in ids]" $(GOLD) $(CORPUS) $(EVAL)/stories.jsonl
	@$(EVENTCODER) code $(EVAL)/stories.jsonl -o $(EVAL)/own.parquet $(STANZA_ARG) -q > /dev/null
	@$(EVENTCODER) code $(EVAL)/stories.jsonl -o $(EVAL)/phoenix.parquet --petrarch-dictionaries $(PETRARCH_DICTIONARIES) $(STANZA_ARG) -q > /dev/null 2>&1
	@echo "== own dictionaries";  $(EVENTCODER) evaluate $(GOLD) $(EVAL)/own.parquet;  $(EVENTCODER) evaluate $(GOLD) $(EVAL)/own.parquet --fine | head -1
	@echo "== Phoenix dictionaries"; $(EVENTCODER) evaluate $(GOLD) $(EVAL)/phoenix.parquet; $(EVENTCODER) evaluate $(GOLD) $(EVAL)/phoenix.parquet --fine | head -1
