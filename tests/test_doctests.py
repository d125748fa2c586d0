"""Every docstring example in the package runs and gives what it shows (on the installed
package, so it works the same from a clone and from a wheel).

A module compiled by mypyc (setup.py) keeps no docstrings on its functions, so its examples
are read from its ``.py`` source, which the wheel ships beside it, and run against the
compiled module."""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import pkgutil
import sys
from types import ModuleType

import pytest

import policytext

MODULES = ["policytext"] + sorted(
    m.name for m in pkgutil.walk_packages(policytext.__path__, "policytext.") if not m.name.endswith("__main__")
)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _source_module(module: ModuleType) -> ModuleType:
    """The module's ``.py`` source loaded as a module of its own (for its docstrings)."""
    origin = module.__spec__.origin if module.__spec__ else None
    path = origin.rsplit("/", 1)[0] + "/" + module.__name__.rsplit(".", 1)[1] + ".py" if origin else ""
    spec = importlib.util.spec_from_file_location(module.__name__ + "_source", path)
    assert spec is not None and spec.loader is not None, f"no .py source beside {origin}"
    source = importlib.util.module_from_spec(spec)
    source.__package__ = "policytext"
    sys.modules[spec.name] = source  # dataclasses look their module up while it runs
    try:
        spec.loader.exec_module(source)
    finally:
        del sys.modules[spec.name]
    return source


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    if name == "policytext.dask":
        pytest.importorskip("distributed")
    module = importlib.import_module(name)
    if module.__file__ and module.__file__.endswith(".py"):
        result = doctest.testmod(module, optionflags=FLAGS, verbose=False)
    else:  # compiled: the examples of the source, run with the compiled module's names
        runner = doctest.DocTestRunner(optionflags=FLAGS, verbose=False)
        for test in doctest.DocTestFinder().find(_source_module(module), globs=vars(module)):
            runner.run(test)
        result = runner.summarize(verbose=False)
        assert result.attempted > 0, f"no docstring example found for compiled {name}"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
