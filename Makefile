# Two commands on a fresh machine (Python 3.10+, pip, git):
#   make run    install into .venv, build the sample graph, export it, print the saved queries
#   make test   install into .venv when missing, run the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= kg-store
STAMP  := $(VENV)/.installed

.PHONY: run test test-tools install clean train ablation quality bench

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

# What kg learns, remade from the annotated data present (docs/training.md): the news-tuned NER
# and the three relation models from the train split (and CoNLL04 train), then each relation's
# minimum confidence from the dev articles. The article texts are outside the project
# (NEWS_TEXTS, NEWS_DEV_TEXTS; tests/gold/news/texts holds the few whose licence allows it);
# each step says how many articles it read. Needs scikit-learn (the [train] extra).
NEWS_TEXTS ?= ../news-text
NEWS_DEV_TEXTS ?= ../news-dev-text
CORPUS := tests/gold/news
train: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[train]'
	OPENBLAS_NUM_THREADS=1 $(BIN)/kg train ner $(CORPUS)/train ../shared/eval/conll04_train.jsonl --docs $(NEWS_TEXTS)
	OPENBLAS_NUM_THREADS=1 $(BIN)/kg train officialOf $(CORPUS)/train ../shared/eval/conll04_train.jsonl --docs $(NEWS_TEXTS)
	OPENBLAS_NUM_THREADS=1 $(BIN)/kg train metWith $(CORPUS)/train --docs $(NEWS_TEXTS)
	OPENBLAS_NUM_THREADS=1 $(BIN)/kg train represents $(CORPUS)/train --docs $(NEWS_TEXTS)
	OPENBLAS_NUM_THREADS=1 $(BIN)/kg train threshold $(CORPUS)/dev ../shared/eval/news_dev --docs $(NEWS_TEXTS) --docs $(NEWS_DEV_TEXTS)

# What each hand-written rule adds (every rule switched off in turn on train and dev, about
# 20 minutes): docs/rules.tsv, which make quality puts in docs/quality.md.
ablation: $(STAMP)
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m kg.ablation --split train $(CORPUS)/train --split dev $(CORPUS)/dev \
		--split dev ../shared/eval/news_dev --docs $(NEWS_TEXTS) --docs $(NEWS_DEV_TEXTS) > docs/rules.tsv.tmp \
		&& mv docs/rules.tsv.tmp docs/rules.tsv

# Measure extraction on the gold data: the news corpus's train, dev and test splits (their
# texts in NEWS_TEXTS), news_dev (NEWS_DEV_TEXTS), the sample article, CoNLL04, RAMS and
# Text2KGBench, and rewrite docs/quality.md.
quality: $(STAMP)
	mkdir -p docs
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m kg.quality ../shared/eval $(NEWS_DEV_TEXTS) $(NEWS_TEXTS) > docs/quality.md.tmp \
		&& mv docs/quality.md.tmp docs/quality.md
	@cat docs/quality.md

# Benchmarks (several minutes): ratios against baselines run in the same process;
# the table goes to docs/performance.md.
bench: $(STAMP)
	$(BIN)/python bench/run.py --out docs/performance.md

clean:
	rm -rf $(STORE) out build *.egg-info
