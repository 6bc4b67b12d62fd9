# make run: the window on the demo migration.  make test: lint, types and the whole suite, headless.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint bench clean desktop-libs

# Qt's X11 libraries: desktops have them; a bare Debian or Ubuntu gets them here (as root or with sudo).
QT_X11_LIBS := libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 \
	libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 \
	libfontconfig1 libdbus-1-3

# (Re)install when the venv is missing or pyproject.toml changed since the last install.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

desktop-libs:
	@if [ "$$(uname)" = Linux ] && command -v apt-get >/dev/null && ! dpkg -s $(QT_X11_LIBS) >/dev/null 2>&1; then \
		echo "Installing the X11 libraries Qt needs: $(QT_X11_LIBS)"; \
		sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$sudo apt-get update -qq && $$sudo apt-get install -y -qq $(QT_X11_LIBS); \
	fi

run: $(STAMP) desktop-libs
	$(BIN)/python main.py --demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench_store
	$(BIN)/python -m benchmarks.bench_analysis
	$(BIN)/python -m benchmarks.bench_report
	$(BIN)/python -m benchmarks.bench_explain
	$(BIN)/python -m benchmarks.bench_raid
	$(BIN)/python -m benchmarks.bench_window
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.bench_shared

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
