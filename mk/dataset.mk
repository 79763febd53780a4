# Dataset: deduplicated events, exports and dyad-period aggregates (README: "Datasets").
#
#   $(DATASET_IN)  (outputs/events.parquet of `make run`)
#   -> $(DATASET_DIR)/events.parquet, mentions.parquet         eventcoder dedupe
#   -> $(DATASET_DIR)/export/{gdelt,icews,phoenix}.tsv         eventcoder export
#   -> $(DATASET_DIR)/aggregates/{country,actor}-PERIOD.parquet eventcoder aggregate
#
# Where the batch workflow has written $(EVENTS)/ (outputs/events/shard=*/), `make dataset` builds the
# same set from it into $(DATASET_BATCH_DIR).  Every file is written through a temporary file and
# renamed; a second `make dataset` does nothing until the events change.
# Uses $(EVENTCODER), $(VENV) and $(OUT) from the main Makefile.

DATASET_IN ?= $(OUT)/events.parquet
DATASET_DIR ?= $(OUT)/dataset
DATASET_WINDOW ?= day
DATASET_LEVEL ?= code
DATASET_FORMATS ?= gdelt icews phoenix
DATASET_PERIODS ?= day week month year
DATASET_ACTOR_PERIODS ?= month
DATASET_BATCH_IN ?= $(if $(EVENTS),$(EVENTS),$(OUT)/events)
DATASET_BATCH_DIR ?= $(OUT)/batch-dataset
# order-only prerequisite of every step (the venv); empty it to use an existing interpreter: DATASET_SETUP= PY=...
DATASET_SETUP ?= $(VENV)/.installed

# the input's Parquet files (a file, or every part of a partitioned directory): a change re-runs dedupe
DATASET_IN_FILES = $(if $(wildcard $(DATASET_IN)),$(shell find $(DATASET_IN) -name '*.parquet' -not -name '.*' 2>/dev/null))
DATASET_TARGETS = $(DATASET_DIR)/events.parquet \
	$(DATASET_FORMATS:%=$(DATASET_DIR)/export/%.tsv) \
	$(DATASET_PERIODS:%=$(DATASET_DIR)/aggregates/country-%.parquet) \
	$(DATASET_ACTOR_PERIODS:%=$(DATASET_DIR)/aggregates/actor-%.parquet)

.PHONY: dataset dataset-batch dataset-clean dataset-help

dataset-help:
	@echo "make dataset        dedupe $(DATASET_IN) -> $(DATASET_DIR)/ with exports and aggregates"
	@echo "                    (and $(DATASET_BATCH_IN)/ -> $(DATASET_BATCH_DIR)/ where the batch workflow wrote it)"
	@echo "                    DATASET_WINDOW=day|story  DATASET_LEVEL=code|root  DATASET_IN=...  DATASET_DIR=..."
	@echo "make dataset-batch  the same for the batch workflow's events only"
	@echo "make dataset-clean  remove $(DATASET_DIR) and $(DATASET_BATCH_DIR)"

dataset: $(DATASET_TARGETS)
	@echo "dataset: $(DATASET_DIR)/ (events, mentions, export/, aggregates/)"
	@if [ -n "$(DATASET_BATCH_IN)" ] && [ -d "$(DATASET_BATCH_IN)" ]; then \
	  $(MAKE) --no-print-directory dataset-batch; fi

dataset-batch:
	@test -d "$(DATASET_BATCH_IN)" || { echo "no batch events in $(DATASET_BATCH_IN)/: run make batch first"; exit 2; }
	@$(MAKE) --no-print-directory dataset DATASET_IN=$(DATASET_BATCH_IN) DATASET_DIR=$(DATASET_BATCH_DIR) DATASET_BATCH_IN=

# dedupe writes events.parquet and mentions.parquet together
$(DATASET_DIR)/events.parquet: $(DATASET_IN_FILES) | $(DATASET_SETUP)
	@test -e "$(DATASET_IN)" || { echo "no $(DATASET_IN): run 'make run' (or make batch) first, or give DATASET_IN=..."; exit 2; }
	$(EVENTCODER) dedupe $(DATASET_IN) -o $(DATASET_DIR) --window $(DATASET_WINDOW) --level $(DATASET_LEVEL)

$(DATASET_DIR)/export/%.tsv: $(DATASET_DIR)/events.parquet | $(DATASET_SETUP)
	$(EVENTCODER) export $(DATASET_DIR) --format $* -o $@

$(DATASET_DIR)/aggregates/country-%.parquet: $(DATASET_DIR)/events.parquet | $(DATASET_SETUP)
	$(EVENTCODER) aggregate $(DATASET_DIR) --by $* --level country -o $@

$(DATASET_DIR)/aggregates/actor-%.parquet: $(DATASET_DIR)/events.parquet | $(DATASET_SETUP)
	$(EVENTCODER) aggregate $(DATASET_DIR) --by $* --level actor -o $@

dataset-clean:
	rm -rf $(DATASET_DIR) $(DATASET_BATCH_DIR)
