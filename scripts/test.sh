#!/usr/bin/env bash
# Install the test dependencies and run the whole test suite (unit, AppTest, browser), then lint.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
python3 -m pytest -q "$@"
python3 -m ruff check .
