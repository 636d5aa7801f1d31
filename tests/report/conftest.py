"""Fixtures of the report tests: the shipped plan with something exempt in every place."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from g2g.cli.app import app
from tests.helpers import SECRETS, SHIPPED, plant_exempt_appendix

_OLDHAM = SHIPPED / "oldham-2019"


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def exempt_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped plan with a unique string planted in every place that can be exempt."""
    plan = tmp_path_factory.mktemp("exempt") / "oldham"
    shutil.copytree(_OLDHAM, plan)
    narrative = plan / "narrative" / "scrutiny-2019-09-10.yaml"
    data = _load(narrative)
    data["purpose"] = {"text": f"{SECRETS['purpose']} the purpose.", "exempt": 1}
    data["sections"]["barriers"] = {"text": f"{SECRETS['section']} a barrier.", "exempt": 2}
    data["analysis"]["Workforce"] = {"text": f"{SECRETS['analysis']} agency staff.", "exempt": 1}
    plant_exempt_appendix(plan, data)
    data["implications"] = {
        "hr": {"text": f"{SECRETS['implication']} a restructure.", "exempt": 4},
        "legal": "Nothing exempt here.",
    }
    _dump(narrative, data)
    progress = plan / "progress" / "2019-08.yaml"
    month = _load(progress)
    first = month["updates"][0]
    first["narrative"] = f"{SECRETS['update']} a named worker's absence."
    first["exempt"] = 1
    _dump(progress, month)
    measures = _load(plan / "measures.yaml")
    measures["measures"][0]["name"] = f"{SECRETS['measure']} referrals"
    measures["measures"][0]["exempt"] = 1
    _dump(plan / "measures.yaml", measures)
    finance = _load(plan / "finance.yaml")
    finance["periods"][-1]["lines"][0]["name"] = SECRETS["budget"]
    finance["periods"][-1]["lines"][0]["exempt"] = 3
    _dump(plan / "finance.yaml", finance)
    result = CliRunner().invoke(app, ["validate", str(plan)])
    assert result.exit_code == 0, result.stdout
    return plan
