"""Helpers for API tests (the app fixtures `services`, `client`, `make_key` live in tests/conftest.py)."""

from __future__ import annotations


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}
