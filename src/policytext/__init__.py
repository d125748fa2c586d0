"""policytext: Chinese policy text into data.

>>> import policytext
>>> a = policytext.analyze("今年第一季度，全区实现生产总值291.74亿元。", doc_id="d", date="2022-05")
>>> a.paragraphs[0]["role"]
'body'
"""

from __future__ import annotations

__version__ = "0.1.0"

from .document import Document, Paragraph, Sentence  # noqa: E402
from .pipeline import Analysis, analyze  # noqa: E402
from .segment import Segmenter  # noqa: E402

__all__ = ["__version__", "Analysis", "Document", "Paragraph", "Segmenter", "Sentence", "analyze"]
