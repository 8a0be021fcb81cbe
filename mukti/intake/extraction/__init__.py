"""Rule-based extraction of a structured draft from a narrative, offline, with exact spans.

Everything here is pure Python over compiled regular expressions and the editable word lists in
``data/`` (event triggers, titles and ranks, organisations, places, and the stop lists). Every
item says which rule produced it (``rule``) and where it was read (``span``: ``[start, end)`` in
code points of the text as given). The output object is the one ``docs``/the extraction contract
describes; fields are only ever added to it.

One module per stage: ``lists`` (the vocabularies, read once from ``data/``), ``text``
(sentences and clauses), ``dating``, ``events``, ``places``, ``people`` (staff and survivors),
``officials`` (and organisations), ``counts``, and ``assembly``, which runs them all. The names
below are the package's interface.
"""

from mukti.intake.extraction.assembly import Extractor, extract
from mukti.intake.extraction.lists import (
    EVENT_TYPES,
    PLACE_KINDS,
    Gazetteer,
    Title,
    Trigger,
    TriggerSet,
    builtin_places,
    default_gazetteer,
    organisations,
    titles,
    triggers,
)
from mukti.intake.extraction.text import clauses, normalise, sentences

__all__ = [
    "EVENT_TYPES",
    "PLACE_KINDS",
    "Extractor",
    "Gazetteer",
    "Title",
    "Trigger",
    "TriggerSet",
    "builtin_places",
    "clauses",
    "default_gazetteer",
    "extract",
    "normalise",
    "organisations",
    "sentences",
    "titles",
    "triggers",
]
