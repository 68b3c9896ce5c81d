"""spaCy loading; the parse fixes are pipeline components that load_nlp adds (FIX_PIPES)."""

from newsevents.nlp.fixes import FIX_PIPES, fix_doc
from newsevents.nlp.load import load_nlp

__all__ = ["FIX_PIPES", "fix_doc", "load_nlp"]
