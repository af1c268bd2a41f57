# Two commands on a fresh machine (Python 3.10+, pip, git):
#   make run    install into .venv, build the sample graph, export it, print the saved queries
#   make test   install into .venv when missing, run the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= kg-store
STAMP  := $(VENV)/.installed

.PHONY: run test test-tools install clean train quality bench

install: $(STAMP)

$(STAMP): pyproject.toml
	@echo "Installing kg and its dependencies into $(VENV) (a few minutes the first time; log: $(VENV)/install.log)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# pip's and setuptools' notes go to the log, shown only if the install fails
	@$(BIN)/python -m pip install --quiet --upgrade pip > $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@$(BIN)/python -m pip install --quiet -e '.[test]' >> $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/kg build seeds/ --store $(STORE)
	$(BIN)/kg export --store $(STORE) -o out/graph.ttl
	$(BIN)/kg viz --store $(STORE) -o out/graph.html
	@for q in officials meetings representation; do \
		echo; echo "== kg query $$q"; $(BIN)/kg query $$q --store $(STORE) || exit 1; \
	done

# Test tools from Debian: curl (an independent SPARQL client) and Chromium (the HTML view
# is tested in a real, headless browser).
test-tools:
	@command -v curl >/dev/null && command -v chromium >/dev/null || { \
		apt-get update -qq && apt-get install -y -qq curl chromium >/dev/null; } \
		|| echo "warning: curl or chromium is missing and could not be installed; some tests will fail"

# The suite runs on two processes (pytest-xdist): most tests wait on a kg subprocess or a browser.
# One BLAS thread per process: with two test processes on two cores, more threads only wait
# on each other (a 10,000-node spectral layout took 190 s instead of 50 s).
test: $(STAMP) test-tools
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest -q -n 2

# Retrain the pair classifiers shipped in kg/models (training data only; docs/training.md
# says where each file comes from and its licence). Needs scikit-learn (the [train] extra).
train: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/kg train officialOf ../shared/eval/conll04_train.jsonl
	@# represents and metWith: the training data at hand is too small to ship a model (kg train
	@# says so, with the cross-validated scores); their rules decide alone (docs/training.md)
	-$(BIN)/kg train represents ../shared/eval/text2kgbench_train.jsonl

# Measure extraction on the gold data in ../shared/eval (and the news_dev articles when their
# texts are in ../news-dev-text) and rewrite docs/quality.md.
NEWS_TEXTS ?= ../news-dev-text
quality: $(STAMP)
	mkdir -p docs
	$(BIN)/python -m kg.quality ../shared/eval $(NEWS_TEXTS) > docs/quality.md.tmp && mv docs/quality.md.tmp docs/quality.md
	@cat docs/quality.md

# Benchmarks (several minutes): ratios against baselines run in the same process;
# the table goes to docs/performance.md.
bench: $(STAMP)
	$(BIN)/python bench/run.py --out docs/performance.md

clean:
	rm -rf $(STORE) out build *.egg-info
