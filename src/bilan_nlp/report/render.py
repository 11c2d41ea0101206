"""The HTML review report: one self-contained file a researcher opens to check the output.

Each page's text is shown with every mention highlighted by kind (hover: the
normalised value; click: every field in a side panel), claims underlined, a filter
by kind, and the comparison table whose quotes link to the sentences in the text.
Texts are untrusted: every string is HTML-escaped, data for the script is JSON
with ``<`` escaped, and a Content-Security-Policy forbids any network access.
"""
from __future__ import annotations

import html
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..display import number as fmt_number
from ..io.writers import atomic_write_text
from ..records import MENTION_KINDS, STATUSES
from .highlight import Mark, render

HERE = Path(__file__).parent
KIND_LABELS = {
    "amount": "montant",
    "headcount": "effectif",
    "quantity": "quantité",
    "percentage": "pourcentage",
    "date": "date",
    "place": "lieu",
}
STATUS_LABELS = {
    "met": "atteint",
    "partial": "partiel",
    "not_met": "non atteint",
    "pending": "en cours",
    "no_evidence": "sans suite",
}
_WS = re.compile(r"\s+")
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def mention_summary(m: Any) -> str:
    """One line for the hover tooltip: kind, value and unit, flags, rule."""
    if m.kind == "date":
        span = m.start if m.start == m.end else f"{m.start or '…'} → {m.end or '…'}"
        parts = [f"date {span}"]
    elif m.kind == "place":
        parts = [f"lieu {m.value or m.text}"] + [x for x in (m.place_type, m.place_code) if x]
    else:
        value = fmt_number(m.value)
        if m.value_max is not None:
            value += f" – {fmt_number(m.value_max)}"
        parts = [f"{KIND_LABELS.get(m.kind, m.kind)} {value} {m.unit or ''}".strip()]
    if m.approx:
        parts.append("approx.")
    if m.change:
        parts.append("variation")
    if m.rule:
        parts.append(f"règle {m.rule}")
    return " · ".join(parts)


def _mention_data(m: Any, page: int | None) -> dict[str, Any]:
    """The fields the side panel shows for a mention."""
    value = m.value
    return {
        "kind": m.kind,
        "text": m.text,
        "value": fmt_number(value) if not isinstance(value, str) else value,
        "value_max": fmt_number(m.value_max) if m.value_max is not None else None,
        "unit": m.unit,
        "approx": bool(m.approx),
        "change": bool(m.change),
        "start": m.start,
        "end": m.end,
        "subject": m.subject,
        "place_code": m.place_code,
        "place_type": m.place_type,
        "rule": m.rule,
        "page": page,
        "sentence": m.sentence,
    }


# --- comparison results ---------------------------------------------------


@dataclass
class Quote:
    """A sentence a result relies on, located in a document when possible."""

    doc: str | None
    text: str
    page: int | None = None
    role: str = ""  # commitment | outcome
    claim_id: str | None = None
    start_char: int | None = None
    end_char: int | None = None
    anchor: str | None = None  # filled when the report places it in the text


@dataclass
class ResultView:
    """What one comparison row needs, read from whatever the comparator returns."""

    status: str
    ratio: float | None
    reason: str
    metric: str
    target: str
    outcome: str
    deadline: str
    quotes: list[Quote] = field(default_factory=list)


def _get(obj: Any, *names: str) -> Any:
    for name in names:
        v = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
        if v is not None:
            return v
    return None


def _quote(q: Any, role: str = "") -> Quote:
    if isinstance(q, str):
        return Quote(None, q, role=role)
    return Quote(
        doc=_get(q, "doc", "doc_id"),
        text=_get(q, "text", "sentence", "quote") or "",
        page=_get(q, "page"),
        role=_get(q, "role", "type") or role,
        claim_id=_get(q, "claim_id", "id"),
        start_char=_get(q, "start_char"),
        end_char=_get(q, "end_char"),
    )


def result_view(r: Any) -> ResultView:
    """A ResultView from a comparator result: dataclass, object or dict."""
    commitment = _get(r, "commitment")
    outcomes = _get(r, "outcomes") or []
    # explicit quotes first, else the commitment and outcome claims, else their ids
    quotes = [_quote(q) for q in _get(r, "quotes") or []]
    if not quotes:
        if commitment is not None and not isinstance(commitment, str):
            quotes.append(_quote(commitment, "commitment"))
        for o in outcomes if isinstance(outcomes, (list, tuple)) else []:
            if not isinstance(o, str):
                quotes.append(_quote(o, "outcome"))
    if not quotes:  # ids only: the report finds the claims by id
        cdoc = _get(r, "commitment_doc")
        if cdoc and _get(r, "commitment_id"):
            quotes.append(Quote(cdoc, "", role="commitment", claim_id=_get(r, "commitment_id")))
        for oid in _get(r, "outcome_ids") or []:
            quotes.append(Quote(_get(r, "outcome_doc") or cdoc, "", role="outcome", claim_id=str(oid)))
    unit = _get(r, "unit") or (_get(commitment, "unit") if commitment is not None else None) or ""
    target = _get(r, "target") or (_get(commitment, "value") if commitment is not None else None)
    reached = _get(r, "outcome_value")
    ratio = _get(r, "ratio")
    return ResultView(
        status=str(_get(r, "status") or "no_evidence"),
        ratio=float(ratio) if isinstance(ratio, (int, float)) else None,
        reason=str(_get(r, "reason") or ""),
        metric=str(_get(r, "metric") or (_get(commitment, "metric") if commitment is not None else "") or ""),
        target=f"{fmt_number(target)} {unit}".strip() if target is not None else "",
        outcome=fmt_number(reached) if reached is not None else "",  # its unit may differ: see reason
        deadline=str(_get(r, "deadline") or (_get(commitment, "deadline") if commitment is not None else "") or ""),
        quotes=quotes,
    )


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``text``, ignoring differences in whitespace."""
    quote = quote.strip()
    if not quote:
        return None
    i = text.find(quote)
    if i >= 0:
        return i, i + len(quote)
    words = [re.escape(w) for w in quote.split()]
    if not words:
        return None
    m = re.search(r"\s+".join(words), text)
    return (m.start(), m.end()) if m else None


# --- the page -------------------------------------------------------------


class _Doc:
    """One document's view: anchors for its claims and quoted sentences."""

    def __init__(self, extraction: Any, n: int) -> None:
        self.x = extraction
        self.document = extraction.document
        self.key = f"d{n}-{_ID_UNSAFE.sub('_', self.document.id)[:40]}"
        self.claim_anchor = {c.id: f"{self.key}-{_ID_UNSAFE.sub('_', c.id)}" for c in extraction.claims}
        self.quotes: list[tuple[int, int, str]] = []  # extra anchored spans (not claims)

    def place(self, q: Quote, n: int) -> str | None:
        """Give the quote an anchor in this document's text, if it can be found."""
        if q.claim_id and q.claim_id in self.claim_anchor:
            return self.claim_anchor[q.claim_id]
        claims = self.x.claims
        if q.start_char is not None:
            for c in claims:
                if c.start_char == q.start_char:
                    return self.claim_anchor[c.id]
            span = (int(q.start_char), int(q.end_char or q.start_char + len(q.text)))
        else:
            found = find_quote(self.document.text, q.text)
            if found is None:
                return None
            for c in claims:
                if c.start_char <= found[0] and found[1] <= c.end_char:
                    return self.claim_anchor[c.id]
            span = found
        anchor = f"{self.key}-q{n}"
        self.quotes.append((span[0], span[1], anchor))
        return anchor


def _pages(document: Any) -> list[tuple[int | None, int, int]]:
    """(page number, start, end) in the document's text."""
    text = document.text
    if not document.pages or not document.page_starts:
        return [(None, 0, len(text))]
    starts = list(document.page_starts)
    out = []
    for i, page in enumerate(document.pages):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        out.append((page.number, starts[i], end))
    return out


def _claim_title(c: Any) -> str:
    parts = [f"{'engagement' if c.type == 'commitment' else 'résultat'} {c.id}"]
    if c.metric:
        parts.append(c.metric)
    if c.value is not None:
        parts.append(f"{fmt_number(c.value)} {c.unit or ''}".strip())
    if c.deadline:
        parts.append(f"échéance {c.deadline}")
    if c.year:
        parts.append(f"année {c.year}")
    return " · ".join(parts)


def _document_html(d: _Doc, data: list[dict[str, Any]]) -> str:
    document, x = d.document, d.x
    counts = Counter(m.kind for m in x.mentions)
    meta = document.meta or {}
    head = " · ".join(esc(v) for v in (meta.get("issuer"), meta.get("year_covered"), meta.get("kind")) if v)
    title = meta.get("title") or document.id
    out = [f'<section class="doc" id="{esc(d.key)}">']
    out.append(f"<h2>{esc(title)}</h2>")
    out.append(f'<p class="docmeta"><code>{esc(document.id)}</code> {head} · {len(document.pages) or 1} page(s) · '
               + ", ".join(f'<span class="chip k-{esc(k)}">{esc(KIND_LABELS.get(k, k))} {counts[k]}</span>'
                           for k in MENTION_KINDS if counts[k])
               + f" · {sum(c.type == 'commitment' for c in x.claims)} engagement(s),"
               f" {sum(c.type == 'outcome' for c in x.claims)} résultat(s)</p>")
    for number, ps, pe in _pages(document):
        outer = [Mark(c.start_char - ps, c.end_char - ps, f"claim cl-{c.type}", {"title": _claim_title(c)},
                      anchor=d.claim_anchor[c.id] if c.start_char >= ps else None)
                 for c in x.claims if c.start_char < pe and c.end_char > ps]
        outer += [Mark(s - ps, e - ps, "claim cl-quote", {"title": "citation"}, anchor=a)
                  for s, e, a in d.quotes if s < pe and e > ps]
        inner = []
        for m in x.mentions:
            if ps <= m.start_char < pe:
                data.append(_mention_data(m, number))
                inner.append(Mark(m.start_char - ps, min(m.end_char, pe) - ps, f"m k-{m.kind}",
                                  {"title": mention_summary(m), "data-i": str(len(data) - 1),
                                   "data-kind": m.kind, "tabindex": "0"},
                                  label=KIND_LABELS.get(m.kind, m.kind)))
        body = render(document.text[ps:pe], outer, inner)
        label = f"Page {number}" if number is not None else "Texte"
        out.append(f'<article class="page" id="{esc(d.key)}-p{number or 1}"><h3>{esc(label)}</h3>'
                   f'<div class="text">{body}</div></article>')
    out.append("</section>")
    return "".join(out)


UNMET_FIRST = ("not_met", "partial", "no_evidence", "pending", "met")
QUOTES_SHOWN = 2  # outcome quotes shown before the rest fold into <details>


def _quote_html(q: Quote, anchor: str | None, limit: int = 160) -> str:
    where = f"{q.doc or ''}{f' p. {q.page}' if q.page else ''}".strip()
    text = q.text or q.claim_id or ""
    short = text if len(text) <= limit else text[: limit - 1] + "…"
    link = f'<a href="#{esc(anchor)}">{esc(short)}</a>' if anchor else esc(short)
    return f'{link} <span class="where">{esc(where)}</span>'


def _results_html(views: list[ResultView], anchors: list[list[tuple[Quote, str | None]]]) -> str:
    """The comparison table, unmet commitments first; each quote links to its sentence."""
    if not views:
        return '<p class="empty">Aucune comparaison engagement / résultat.</p>'
    counts = Counter(v.status for v in views)
    summary = " ".join(f'<span class="badge s-{esc(s)}">{esc(STATUS_LABELS.get(s, s))} {counts[s]}</span>'
                       for s in UNMET_FIRST if counts[s])
    order = sorted(range(len(views)), key=lambda i: UNMET_FIRST.index(views[i].status)
                   if views[i].status in UNMET_FIRST else len(UNMET_FIRST))
    rows = []
    for i in order:
        v, placed = views[i], anchors[i]
        made = [_quote_html(q, a) for q, a in placed if q.role == "commitment"]
        found = [f"<li>{_quote_html(q, a, 120)}</li>" for q, a in placed if q.role != "commitment"]
        more = ""
        if len(found) > QUOTES_SHOWN:
            more = (f"<details><summary>{len(found) - QUOTES_SHOWN} autre(s)</summary>"
                    f'<ul class="quotes">{"".join(found[QUOTES_SHOWN:])}</ul></details>')
        ratio = f"{v.ratio:.2f}" if v.ratio is not None else ""
        rows.append(
            f'<tr class="s-{esc(v.status)}"><td><span class="badge s-{esc(v.status)}">'
            f"{esc(STATUS_LABELS.get(v.status, v.status))}</span></td>"
            f'<td>{"<br>".join(made)}<div class="metric">{esc(v.metric)}</div></td>'
            f"<td>{esc(v.target)}</td><td>{esc(v.deadline)}</td>"
            f"<td>{esc(v.outcome)}</td><td class=\"num\">{esc(ratio)}</td><td>{esc(v.reason)}</td>"
            f'<td><ul class="quotes">{"".join(found[:QUOTES_SHOWN])}</ul>{more}</td></tr>'
        )
    return (f'<p class="summary">{summary}</p><table class="results"><thead><tr><th>statut</th>'
            "<th>engagement</th><th>cible</th><th>échéance</th><th>réalisé</th><th>ratio</th><th>raison</th>"
            f"<th>résultats cités</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _fill_from_claim(v: ResultView, q: Quote, claim: Any) -> None:
    """Complete a result given by ids only with what its claims say."""
    q.text = q.text or claim.text
    q.page = q.page or claim.page
    if q.role == "commitment":
        v.metric = v.metric or claim.metric or ""
        v.deadline = v.deadline or claim.deadline or ""
        if not v.target and claim.value is not None:
            v.target = f"{fmt_number(claim.value)} {claim.unit or ''}".strip()


def _json_for_script(obj: Any) -> str:
    """JSON safe inside <script>: no '<', '>' or '&' can close the element."""
    return (json.dumps(obj, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render_report(extractions: Sequence[Any], results: Iterable[Any] | None = None, title: str = "Revue bilan_nlp") -> str:
    """The whole report as one HTML string (CSS and JS inline, no external resource)."""
    docs = [_Doc(x, i) for i, x in enumerate(extractions)]
    by_id = {d.document.id: d for d in docs}
    views = [result_view(r) for r in (results or [])]
    anchors: list[list[tuple[Quote, str | None]]] = []
    n = 0
    for v in views:
        placed = []
        for q in v.quotes:
            n += 1
            targets = [by_id[q.doc]] if q.doc in by_id else docs
            anchor = None
            for d in targets:
                anchor = d.place(q, n)
                if anchor:
                    claim = next((c for c in d.x.claims if c.id == q.claim_id), None)
                    if claim is not None:
                        _fill_from_claim(v, q, claim)
                    break
            placed.append((q, anchor))
        anchors.append(placed)
    data: list[dict[str, Any]] = []
    docs_html = "".join(_document_html(d, data) for d in docs)
    totals = Counter(m.kind for d in docs for m in d.x.mentions)
    filters = "".join(
        f'<label class="chip k-{k}"><input type="checkbox" data-kind="{k}" checked> '
        f"{esc(KIND_LABELS[k])} <b>{totals[k]}</b></label>"
        for k in MENTION_KINDS
    )
    toc = "".join(f'<li><a href="#{esc(d.key)}">{esc((d.document.meta or {}).get("title") or d.document.id)}</a></li>'
                  for d in docs)
    parts = {
        "title": esc(title),
        "css": (HERE / "report.css").read_text(encoding="utf-8"),
        "js": (HERE / "report.js").read_text(encoding="utf-8"),
        "generated": esc(datetime.now().strftime("%Y-%m-%d %H:%M")),
        "ndocs": str(len(docs)),
        "nmentions": str(sum(totals.values())),
        "filters": filters,
        "toc": toc,
        "results": _results_html(views, anchors),
        "documents": docs_html,
        "data": _json_for_script(data),
    }
    template = (HERE / "template.html").read_text(encoding="utf-8")
    return re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], template)


def write_report(extractions: Sequence[Any], out: str | Path, results: Iterable[Any] | None = None,
                 title: str = "Revue bilan_nlp") -> Path:
    """Render and write atomically (a temporary file in the same folder, then os.replace)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out, render_report(extractions, results, title))
    return out
