"""spaCy loading and the fixes applied to every parsed document."""

from newsevents.nlp.fixes import fix_doc
from newsevents.nlp.load import load_nlp

__all__ = ["fix_doc", "load_nlp"]
