"""Every docstring example in the package runs and gives what it shows (on the installed
package, so it works the same from a clone and from a wheel)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import policytext

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(policytext.__path__, "policytext.") if not m.name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    if name == "policytext.dask":
        pytest.importorskip("distributed")
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
