"""Benchmarks: corpora of 1k-100k articles built from the real texts in ../shared/data, and
measurements of ingest throughput, dashboard interactions (AppTest) and full-text search.

`python -m bench run --sizes 10000,100000` runs everything and writes bench/results.json
and bench/RESULTS.md; see bench/__main__.py.  Generated corpora and stores live in
bench/out/ (ignored by git).  Not part of the test run except tests/test_bench.py (N=1k).
"""
