PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean venv translations screenshots js-clients

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

# kafkalab_ko.ts, one kafkalab-<feature>_ko.ts per feature (no merge conflicts between features),
# and qt_extra_ko.ts for strings Qt's own qtbase translation lacks
TS := $(wildcard resources/translations/*_ko.ts)
QM := $(TS:.ts=.qm)

resources/translations/%.qm: resources/translations/%.ts | $(STAMP)
	$(BIN)/pyside6-lrelease $< -qm $@

translations: $(QM)

# Qt's X11 plugin needs system libraries (libxcb-cursor0, libxcb-icccm4, …) that a fresh Debian lacks:
# installed with apt-get when run as root (or with password-less sudo), else named with the command
run: $(STAMP) $(QM)
	$(BIN)/python -m gui.syslibs --install
	$(BIN)/kafkalab

# the Node.js clients the integration tests run (kafkajs, pinned in tests/js/package-lock.json)
JS_STAMP := tests/js/node_modules/.package-lock.json

$(JS_STAMP): tests/js/package.json tests/js/package-lock.json
	npm ci --prefix tests/js --no-audit --no-fund

js-clients:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(JS_STAMP); \
		else echo "note: npm not found: kafkajs (tests/js) is not installed; its tests need Node.js and npm"; fi

test: $(STAMP) $(QM) js-clients
	$(BIN)/python -m pytest -q tests

lint: $(STAMP)
	$(BIN)/ruff check engine clients gui kafkalab schema_registry tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

# every benchmark runs even if an earlier one fails (make reports the failures at the end)
bench: $(STAMP) $(QM)
	-$(BIN)/python bench/produce_consume.py
	-$(BIN)/python bench/replication.py
	-$(BIN)/python bench/consumer_groups.py
	-$(BIN)/python bench/gui_latency.py
	-$(BIN)/python bench/gui_browser.py
	-$(BIN)/python bench/sigkill_loop.py
	-$(BIN)/python bench/hardening.py
	-$(BIN)/python bench/raw.py
	-$(BIN)/python bench/scale.py
	-$(BIN)/python bench/channel_bytes.py
	-$(BIN)/python bench/attach.py
	-$(BIN)/python bench/attach_gui.py

# Korean text needs a CJK font (Debian's fonts-nanum); offscreen rendering needs nothing else
screenshots: $(STAMP) $(QM)
	@fc-list 2>/dev/null | grep -qi nanum || { apt-get update -qq && apt-get install -y -qq fonts-nanum; } \
		|| echo "warning: could not install fonts-nanum: Korean text may render as boxes"
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m gui.screenshots

clean:
	rm -rf $(VENV) build *.egg-info
