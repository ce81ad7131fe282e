.PHONY: test lint docs bench fuzz

test:
	python -m pytest -n auto

lint:
	ruff check .
	ruff format --check .
	mypy

docs:
	python -m connlint.dev.gen_docs

bench:
	python bench/bench.py

fuzz:
	python fuzz/fuzz.py
