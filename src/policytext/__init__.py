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

from .corpus import Corpus  # noqa: E402
from .document import Document, Paragraph, Sentence  # noqa: E402
from .pipeline import Analysis, analyze  # noqa: E402
from .readers import InputItem, iter_documents  # noqa: E402
from .segment import Segmenter  # noqa: E402
from .themes import ThemeClassifier, load_theme_model  # noqa: E402

#: Lazily read documents from any supported input (an alias of :func:`iter_documents`).
read_corpus = iter_documents

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
    "iter_documents",
    "load_theme_model",
    "read_corpus",
]
