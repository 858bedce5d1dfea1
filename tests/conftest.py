"""Shared test fixtures: the seed forms and systems copied from ../shared/fixtures."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


def _load(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_forms_json() -> dict:
    """The 13 transcribed seed forms, as printed (mistakes included)."""
    return _load("self_eval_forms.json")


@pytest.fixture()
def seed_form(seed_forms_json):
    """A deep copy of one seed form by id, safe to mutate."""

    def get(form_id: str) -> dict:
        for f in seed_forms_json["forms"]:
            if f["id"] == form_id:
                return copy.deepcopy(f)
        raise KeyError(form_id)

    return get


@pytest.fixture(scope="session")
def seed_systems_json() -> dict:
    return _load("evaluation_systems.json")
