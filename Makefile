PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean venv translations screenshots js-clients install-desktop package dist-tarball lessons-doc

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

# the desktop entry and icons for the current user ($XDG_DATA_HOME, default ~/.local/share; or $PREFIX/share),
# running this checkout's .venv/bin/kafkalab (KAFKALAB_EXEC=… for another executable, e.g. dist/KafkaLab/KafkaLab)
KAFKALAB_EXEC ?= $(abspath $(BIN))/kafkalab
install-desktop:
	@test -x "$(KAFKALAB_EXEC)" || $(MAKE) --no-print-directory venv
	sh packaging/install-desktop.sh "$(KAFKALAB_EXEC)" resources

# the packaged app: a PyInstaller one-folder build in dist/KafkaLab/ (packaging/kafkalab.spec), with
# PyInstaller from the optional [package] extra, NanumGothic for Korean (fonts-nanum, installed when it can)
PKG_STAMP := $(VENV)/.package-installed
$(PKG_STAMP): pyproject.toml | $(STAMP)
	$(BIN)/python -m pip install -q -e '.[package]'
	@touch $@

package: $(STAMP) $(QM) $(PKG_STAMP)
	@test -f /usr/share/fonts/truetype/nanum/NanumGothic.ttf || { apt-get update -qq && apt-get install -y -qq fonts-nanum; } \
		|| echo "warning: no fonts-nanum: the build carries no Korean font"
	nice -n 10 $(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller packaging/kafkalab.spec
	@du -sh dist/KafkaLab

# dist/KafkaLab-<version>-linux-<arch>.tar.gz: the one-folder build (made by `make package` when there is
# none: run that first to rebuild) with install.sh (to ~/.local/opt, a kafkalab command in ~/.local/bin,
# the desktop entry and icons)
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
TARBALL := dist/KafkaLab-$(VERSION)-linux-$(shell uname -m).tar.gz
dist-tarball:
	@test -x dist/KafkaLab/KafkaLab || $(MAKE) --no-print-directory package
	rm -rf build/tarball && mkdir -p build/tarball/KafkaLab-$(VERSION)
	cp -a dist/KafkaLab build/tarball/KafkaLab-$(VERSION)/KafkaLab
	cp packaging/install.sh packaging/install-desktop.sh packaging/kafkalab.desktop build/tarball/KafkaLab-$(VERSION)/
	tar -C build/tarball -czf $(TARBALL) KafkaLab-$(VERSION)
	@ls -lh $(TARBALL)

# the Node.js clients the integration tests run (kafkajs, pinned in tests/js/package-lock.json)
JS_STAMP := tests/js/node_modules/.package-lock.json

$(JS_STAMP): tests/js/package.json tests/js/package-lock.json
	npm ci --prefix tests/js --no-audit --no-fund

js-clients:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(JS_STAMP); \
		else echo "note: npm not found: kafkajs (tests/js) is not installed; its tests need Node.js and npm"; fi

# two workers (one per core of the CI machine); a test file stays on one worker (its fixtures are shared)
TEST_WORKERS ?= 2

test: $(STAMP) $(QM) js-clients
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile tests

lint: $(STAMP)
	$(BIN)/ruff check engine clients gui kafkalab schema_registry lessons tests bench
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
	-$(BIN)/python bench/schemas_decode.py
	-$(BIN)/python bench/channel_bytes.py
	-$(BIN)/python bench/attach.py
	-$(BIN)/python bench/attach_gui.py
	-$(BIN)/python bench/lesson_reset.py

# Korean text needs a CJK font (Debian's fonts-nanum); offscreen rendering needs nothing else
screenshots: $(STAMP) $(QM)
	@fc-list 2>/dev/null | grep -qi nanum || { apt-get update -qq && apt-get install -y -qq fonts-nanum; } \
		|| echo "warning: could not install fonts-nanum: Korean text may render as boxes"
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m gui.screenshots_classroom
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m gui.screenshots
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m gui.lesson_player_screenshots

# docs/lessons.md, the lessons' printed companion, generated from resources/lessons/*.toml
lessons-doc: $(STAMP)
	$(BIN)/kafkalab lesson companion > docs/lessons.md

clean:
	rm -rf $(VENV) build dist *.egg-info
