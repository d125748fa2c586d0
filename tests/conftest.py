"""Shared fixtures: the path to ../shared (real policy texts and dev gold), skipped when absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from policytext.evaluation import default_shared_root

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "corpora" / "samples"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ``shared/`` folder (``$POLICYTEXT_SHARED`` or ``../shared``); skip the test without it."""
    root = default_shared_root()
    if not (root / "eval").is_dir() or not (root / "corpus").is_dir():
        pytest.skip("../shared is not present (a fresh clone): real-corpus tests skipped")
    return root


@pytest.fixture(scope="session")
def seed_text(shared: Path) -> str:
    return (shared / "seeds" / "qiantang-common-prosperity.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES
