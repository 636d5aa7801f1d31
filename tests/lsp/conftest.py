"""The fixture of the language server tests: one ``g2g lsp`` per test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.helpers import ROOT
from tests.helpers.lsp import LspClient


@pytest.fixture(scope="module")
def lsp() -> Iterator[LspClient]:
    client = LspClient(ROOT)
    try:
        client.initialize(ROOT)
        yield client
    finally:
        client.kill()
