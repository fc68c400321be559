#!/usr/bin/env bash
# Install the test dependencies, run the whole test suite (unit, AppTest, browser) and the
# linter. Both always run, so a failing test never hides lint results; the exit status is
# non-zero when either fails.
set -uo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt || exit 1
start=$(date +%s)
python3 -m pytest -q "$@"
tests=$?
echo "== ruff check"
python3 -m ruff check .
lint=$?
echo "== tests: $([ $tests -eq 0 ] && echo passed || echo "FAILED (exit $tests)") · lint: $([ $lint -eq 0 ] && echo passed || echo "FAILED (exit $lint)") · $(( $(date +%s) - start )) s"
[ $tests -eq 0 ] && [ $lint -eq 0 ]
