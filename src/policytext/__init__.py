"""policytext: Chinese policy text into data.

>>> import policytext
>>> a = policytext.analyze("今年第一季度，全区实现生产总值291.74亿元。", doc_id="d", date="2022-05")
>>> a.paragraphs[0]["role"]
'body'
>>> f = a.facts[0]
>>> (f["text"], f["value"], f["unit"], f["indicator"], f["year"])
('291.74亿元', 29174000000.0, 'CNY', '生产总值', 2022)
"""

from __future__ import annotations

__version__ = "0.1.0"

import importlib
from typing import TYPE_CHECKING, Any

# Names load on first use (PEP 562), so ``import policytext`` and the command line start
# without pandas or scikit-learn until a name needing them is touched.
_LAZY = {
    "Analysis": "pipeline", "analyze": "pipeline", "Corpus": "corpus",
    "Document": "document", "Paragraph": "document", "Sentence": "document",
    "InputItem": "readers", "iter_documents": "readers", "read_corpus": "readers",
    "Segmenter": "segment", "ThemeClassifier": "themes", "load_theme_model": "themes",
}  # fmt: skip
#: read_corpus lazily reads documents from any supported input (an alias of iter_documents)
_ALIASES = {"read_corpus": "iter_documents"}

if TYPE_CHECKING:
    from .corpus import Corpus
    from .document import Document, Paragraph, Sentence
    from .pipeline import Analysis, analyze
    from .readers import InputItem, iter_documents
    from .readers import iter_documents as read_corpus
    from .segment import Segmenter
    from .themes import ThemeClassifier, load_theme_model


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'policytext' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), _ALIASES.get(name, name))
    globals()[name] = value
    return value


def compiled_modules() -> list[str]:
    """The modules of this installation that run as compiled extensions (mypyc; see
    ``setup.py``), found without importing them; ``[]`` for a pure-Python install.

    >>> set(compiled_modules()) <= {"numbers", "text", "layout", "facts", "targets", "mentions", "segment"}
    True
    """
    import importlib.util
    import pkgutil

    names = []
    for info in pkgutil.iter_modules(__path__):
        spec = importlib.util.find_spec(f"{__name__}.{info.name}")
        if spec is not None and spec.origin and not spec.origin.endswith(".py"):
            names.append(info.name)
    return sorted(names)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "__version__",
    "Analysis",
    "Corpus",
    "Document",
    "InputItem",
    "Paragraph",
    "Segmenter",
    "Sentence",
    "ThemeClassifier",
    "analyze",
    "compiled_modules",
    "iter_documents",
    "load_theme_model",
    "read_corpus",
]
