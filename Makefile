# Two entry points: `make demo` (set up + run the whole chain on the bundled
# corpus) and `make test` (set up + run the test suite).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DB ?= out/stemfoot.db

.PHONY: setup demo test clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test,serve]"
	touch $@

setup: $(VENV)/.installed

demo: setup
	mkdir -p out
	$(PY) cli.py ingest corpus/data/domain_dev.xml --db $(DB)
	$(PY) cli.py extract --db $(DB)
	$(PY) cli.py stats --db $(DB)
	$(PY) cli.py meta --db $(DB) --outcome ulcer_healing --measure RR --method REML
	$(PY) cli.py forest --db $(DB) --outcome ulcer_healing --measure RR --method REML --out out/forest_ulcer_healing.png
	$(PY) cli.py funnel --db $(DB) --outcome ulcer_healing --measure RR --method REML --out out/funnel_ulcer_healing.png
	$(PY) cli.py screen --db $(DB) --stage title-abstract --include --pending --reviewer demo --protocol docs/demo_protocol.toml
	$(PY) cli.py screen --db $(DB) --stage full-text --include --pending --reviewer demo --protocol docs/demo_protocol.toml
	$(PY) cli.py prisma --db $(DB) --out out/prisma.png
	$(PY) cli.py rob --db $(DB) --out out/rob.png
	$(PY) cli.py sof --db $(DB) --protocol docs/demo_protocol.toml --out out/sof.html
	$(PY) cli.py report --db $(DB) --out out/report.html --protocol docs/demo_protocol.toml
	$(PY) cli.py meta docs/examples/ulcer_healing_mixed.csv --measure RR
	$(PY) cli.py meta docs/examples/ulcer_healing_arms.csv --measure RR --multiarm combine
	@echo "Demo done: database $(DB); figures out/forest_ulcer_healing.png, out/funnel_ulcer_healing.png, out/prisma.png, out/rob.png; summary of findings out/sof.html; report out/report.html"

test: setup
	$(PY) -m pytest -q

clean:
	rm -rf out $(VENV)
