# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: demo test test-all lint check-migrations venv system clean bench requirements messages

$(BIN)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

venv: $(BIN)/.installed

# Debian packages: Chromium, Pango and the Noto fonts for the PDFs, poppler, the PostgreSQL client.
system:
	scripts/debian-packages

demo: venv system
	$(BIN)/mukti demo --port $(PORT)

# worksteal: an idle worker takes tests queued for the other, so the long browser tests at the
# end of the run do not leave one core waiting.
test: venv system
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/mukti makemigrations --check --dry-run
	$(BIN)/pytest -n 2 --dist worksteal -m "not slow" $(PYTEST_ARGS)

# Everything, the slow tests too (browsers, crash tests, the demo, backups, fuzzing): what CI runs.
test-all: venv
	$(MAKE) test PYTEST_ARGS='-m "" $(PYTEST_ARGS)'

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Compiles requirements*.txt (every package pinned, with hashes) from requirements*.in, keeping the
# pins already there. To upgrade one package: make requirements UPGRADE="--upgrade-package NAME".
UV_COMPILE = $(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 \
	--python-platform linux --custom-compile-command "make requirements" $(UPGRADE)
requirements: venv
	$(UV_COMPILE) requirements.in -o requirements.txt
	$(UV_COMPILE) requirements-dev.in -o requirements-dev.txt

# The translations (docs/translation.md): gathers every message of the code into
# mukti/locale/{bn,hi}/LC_MESSAGES/django.po, then compiles them (the .mo files are committed, so a
# machine without gettext serves them). Needs gettext (apt-get install gettext).
messages: venv
	cd mukti && ../$(BIN)/mukti makemessages -l bn -l hi --ignore "*/tests/*" \
		--ignore "static/vendor/*" --add-location file
	cd mukti && ../$(BIN)/mukti compilemessages -l bn -l hi --ignore ".venv"

bench: venv
	$(BIN)/python -m bench $(BENCH)

clean:
	rm -rf $(VENV) var/test-*
