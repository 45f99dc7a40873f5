"""The `campaign` and `participation` fixtures live in the root conftest.py (every app's tests
use them)."""

YEAR = "2025-2026"
