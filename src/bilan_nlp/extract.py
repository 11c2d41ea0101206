"""From a file or a string to records: the library's main entry point.

``extract(path)`` ingests the document, runs the pipeline over it in
paragraph chunks with ``nlp.pipe`` and returns an ``Extraction`` whose mentions
and claims carry document, page, character span and sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc, Span

from .ingest.document import Document
from .pipeline import DEFAULT_MODEL, load_nlp
from .pipes.claims import ClaimFields, iter_claims
from .pipes.claims.genre import document_genre
from .pipes.extensions import MENTIONS
from .records import Claim, Mention, claim_columns, mention_columns, to_frame

CHUNK_CHARS = 20_000  # paragraphs are grouped up to this size for nlp.pipe
_WS = re.compile(r"\s+")


def collapse(text: str) -> str:
    return _WS.sub(" ", text).strip()


@dataclass
class Extraction:
    """Everything found in one document."""

    document: Document
    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return self.document.id

    def to_frame(self) -> pd.DataFrame:
        """Mentions as a DataFrame (one row per figure, date or place)."""
        return to_frame(self.mentions, mention_columns())

    def claims_frame(self) -> pd.DataFrame:
        return to_frame(self.claims, claim_columns())


def chunks(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Split text at paragraph breaks into (offset, piece) of at most ~limit chars."""
    out: list[tuple[int, str]] = []
    start = 0
    n = len(text)
    while start < n:
        end = min(start + limit, n)
        if end < n:
            cut = text.rfind("\n\n", start, end)
            if cut <= start:
                cut = text.rfind("\n", start, end)
            if cut > start:
                end = cut + 1
        out.append((start, text[start:end]))
        start = end
    return out


def _sentence(span: Span) -> str:
    try:
        return collapse(span.sent.text)
    except ValueError:  # no sentence boundaries set
        return collapse(span.doc.text)


def _mention(span: Span, base: int, document: Document) -> Mention:
    x = span._
    start = base + span.start_char
    # a token may carry punctuation glued to the figure ("3 M€."): keep it out of the mention
    text = span.text.rstrip(".,;:!?… \n")
    if text.count("(") < text.count(")"):
        text = text.rstrip(")")
    return Mention(
        doc=document.id,
        kind=span.label_,
        text=text,
        start_char=start,
        end_char=start + len(text),
        page=document.page_of(start),
        sentence=_sentence(span),
        value=x.value,
        value_max=x.value_max,
        unit=x.unit,
        approx=bool(x.approx),
        change=bool(x.change),
        start=x.start,
        end=x.end,
        subject=x.subject,
        place_code=x.place_code,
        place_type=x.place_type,
        rule=x.rule,
    )


def _claim(span: Span, x: ClaimFields, base: int, document: Document, counters: dict[str, int]) -> Claim:
    kind = span.label_
    counters[kind] = counters.get(kind, 0) + 1
    start = base + span.start_char
    return Claim(
        doc=document.id,
        id=f"{kind[0]}{counters[kind]}",
        type=kind,
        text=collapse(span.text),
        start_char=start,
        end_char=base + span.end_char,
        page=document.page_of(start),
        metric=x.metric or "",
        value=x.value,
        unit=x.unit,
        year=x.start,
        deadline=x.end,
        place=None,
        score=x.claim_score,
        cues=list(x.cues or []),
        figure_index=None if x.figure_start is None else base + x.figure_start,  # an offset until _link_claim_mentions
    )


def run_pipeline(document: Document, nlp: Language, batch_size: int = 8) -> Extraction:
    """Run ``nlp`` over a Document's text and collect the records."""
    result = Extraction(document)
    pieces = chunks(document.text)
    counters: dict[str, int] = {}
    report_year = document.meta.get("report_year")
    genre = document_genre(document.text, document.meta)
    made = []
    for off, t in pieces:
        doc = nlp.make_doc(t)
        doc._.doc_id = document.id
        doc._.base_offset = off
        doc._.report_year = int(report_year) if report_year else None
        doc._.genre = genre
        made.append((doc, off))
    docs: Iterable[tuple[Doc, int]] = nlp.pipe(made, as_tuples=True, batch_size=batch_size)
    for doc, base in docs:
        for span in doc.spans.get(MENTIONS, []):
            result.mentions.append(_mention(span, base, document))
        for span, fields in iter_claims(doc):
            result.claims.append(_claim(span, fields, base, document, counters))
    result.mentions.sort(key=lambda m: (m.start_char, m.end_char))
    _link_claim_mentions(result)
    return result


def _link_claim_mentions(result: Extraction) -> None:
    """Give each claim the indexes of the mentions inside it."""
    ms = result.mentions
    for claim in result.claims:
        claim.mention_indexes = [
            i for i, m in enumerate(ms) if m.start_char >= claim.start_char and m.end_char <= claim.end_char
        ]
        at = claim.figure_index
        claim.figure_index = next((i for i in claim.mention_indexes if ms[i].start_char == at), None) if at is not None else None
        places = [ms[i].value for i in claim.mention_indexes if ms[i].kind == "place" and ms[i].value]
        if claim.place is None and places:
            claim.place = str(places[0])


def to_gold(extraction: Extraction, links: list[dict] | None = None) -> dict:
    """One document in ANNOTATION.md's gold JSON format (what ``--format gold-json`` writes)."""
    document = extraction.document
    source = Path(document.path).name if document.path else f"{document.id}.txt"
    return {
        "doc": document.id,
        "source": source,
        "report_year": document.meta.get("report_year"),
        "entities": [m.to_gold() for m in extraction.mentions],
        "claims": [c.to_gold() for c in extraction.claims],
        "links": links or [],
    }


def load_document(source: str | Path | Document, doc_id: str | None = None) -> Document:
    """A Document from a path, a Document, or a string of text."""
    if isinstance(source, Document):
        return source
    if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source and len(source) < 4096 and Path(source).exists()):
        from .ingest import load

        from .corpus import apply_manifest

        document = load(Path(source))
        apply_manifest(document)
        if doc_id:
            document.id = doc_id
        return document
    from .ingest.clean import clean_text

    return Document.from_text(clean_text(str(source)), id=doc_id or "text")


def extract(
    source: str | Path | Document,
    *,
    model: str = DEFAULT_MODEL,
    nlp: Language | None = None,
    doc_id: str | None = None,
) -> Extraction:
    """Extract mentions and claims from a file path, a Document or a string."""
    document = load_document(source, doc_id)
    return run_pipeline(document, nlp or load_nlp(model))
