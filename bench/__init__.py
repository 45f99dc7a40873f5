"""Benchmarks for EduDX (run with `.venv/bin/python bench/run.py`)."""
