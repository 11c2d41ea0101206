"""The HTML review report, read back with an HTML parser: text intact, marks where the
mentions are, untrusted text escaped, quotes linked to anchors that exist."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from test_db import FakeExtraction, plan_extraction

from bilan_nlp.ingest.document import Document
from bilan_nlp.records import Claim, Mention
from bilan_nlp.report import render_report, write_report
from bilan_nlp.report.highlight import Mark, render
from bilan_nlp.report.render import find_quote, fmt_number, mention_summary

VOID = {"meta", "input", "br", "img", "link"}


class Tree(HTMLParser):
    """Checks nesting, collects ids, links, marks and the visible text of each page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.marks: list[dict[str, str]] = []
        self.pages: list[str] = []
        self.mark_text: list[str] = []
        self._in_text = 0
        self._in_label = 0
        self._in_mark = False
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag not in VOID:
            self.stack.append(tag)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        cls = a.get("class", "").split()
        if tag == "div" and "text" in cls:
            self._in_text = len(self.stack)
            self.pages.append("")
        if tag == "mark":
            self.marks.append(a)
            self.mark_text.append("")
            self._in_mark = True
        if tag == "span" and "lbl" in cls:
            self._in_label = len(self.stack)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        if self._in_label == len(self.stack):
            self._in_label = 0
        if self._in_text == len(self.stack):
            self._in_text = 0
        if tag == "mark":
            self._in_mark = False
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self._in_text and not self._in_label:
            self.pages[-1] += data
            if self._in_mark:
                self.mark_text[-1] += data


def parse(page: str) -> Tree:
    tree = Tree()
    tree.feed(page)
    tree.close()
    assert tree.errors == []
    assert tree.stack == []
    return tree


def test_crossing_spans_still_nest_and_keep_every_character() -> None:
    text = "Le budget <b> atteint 7,5 M€ & plus."
    # the mention crosses the end of the claim: it is cut in two, the label drawn once
    html_ = render(text, [Mark(0, 24, "claim")], [Mark(22, 28, "m", label="montant")])
    tree = parse(f'<div class="text">{html_}</div>')
    assert tree.pages == [text]
    assert "<b>" not in html_ and "&lt;b&gt;" in html_ and "&amp; plus" in html_
    assert html_.count("montant") == 1
    assert html_.index("montant") > html_.index("M€")


def test_every_mention_is_a_mark_of_its_kind_and_the_text_is_intact() -> None:
    x = plan_extraction()
    tree = parse(render_report([x]))
    assert "".join(tree.pages) == x.document.text
    assert [m["data-kind"] for m in tree.marks] == [m.kind for m in x.mentions]
    assert tree.mark_text == [m.text for m in x.mentions]
    assert "montant 2\u202f000\u202f000 EUR" in tree.marks[3]["title"]


def test_the_click_panel_data_has_the_normalised_fields() -> None:
    x = plan_extraction()
    page = render_report([x])
    raw = re.search(r'<script type="application/json" id="mentions-data">(.*?)</script>', page, re.S).group(1)
    data = json.loads(raw)
    assert data[3] == {**data[3], "kind": "amount", "text": "2M€", "value": "2\u202f000\u202f000", "unit": "EUR", "page": 2}
    assert data[1]["value"] == "Saint-Ouen-sur-Seine"


def test_untrusted_text_cannot_inject_markup_or_script() -> None:
    evil = 'Budget : 3 M€ </script><script>alert("x")</script> <img src=x onerror=alert(1)> "quoted"'
    doc = Document.from_text(evil, id='<doc "id">', title="<h1>titre</h1>")
    s = evil.index("3 M€")
    m = Mention(doc.id, "amount", "3 M€", s, s + 4, 1, sentence=evil, value=3e6, unit="EUR",
                rule='"><script>alert(2)</script>')
    claim = Claim(doc.id, "c1", "commitment", evil, 0, len(evil), 1, metric="</td><script>")
    page = render_report([FakeExtraction(doc, [m], [claim])],
                         [{"status": "<b>met</b>", "reason": "<script>alert(3)</script>", "quotes": [evil]}],
                         title="<i>t</i>")
    assert page.count("<script") == 2  # the JSON block and the report's own script
    assert "<img" not in page and "<h1>titre" not in page and "<i>t</i>" not in page
    tree = parse(page)
    assert tree.pages == [evil]
    raw = re.search(r'id="mentions-data">(.*?)</script>', page, re.S).group(1)
    assert json.loads(raw)[0]["sentence"] == evil


def test_results_link_to_the_quoted_sentences() -> None:
    x = plan_extraction()
    results = [
        {"commitment_doc": "plan-2024", "commitment_id": "c1", "outcome_ids": ["o1"], "status": "partial",
         "ratio": 300 / 450, "reason": "300 recrutements sur 450 prévus"},
        {"status": "not_met", "ratio": 0.0, "reason": "aucune suite",
         "quotes": [{"doc": "plan-2024", "page": 2, "text": "300 agents ont été   recrutés"}]},
    ]
    page = render_report([x], results)
    tree = parse(page)
    links = [h[1:] for h in tree.hrefs if h.startswith("#") and not re.search(r"-p\d+$", h)]
    assert "d0-plan-2024-c1" in links and "d0-plan-2024-o1" in links
    assert all(link in tree.ids for link in links)
    assert 'class="badge s-partial">partiel' in page and 'class="badge s-not_met">non atteint' in page
    assert '<div class="metric">recrutements</div></td><td>450 recrutements</td><td>2027</td>' in page  # from claim c1
    # unmet first: the not_met row comes before the partial one
    assert page.index('non atteint</span></td>') < page.index('partiel</span></td>')


def test_a_comparator_result_object_is_quoted_once_per_claim() -> None:
    """A result carrying its claims *and* a ``quotes`` list must not list each quote twice."""
    x = plan_extraction()
    commitment, outcome = x.claims

    class Result:
        status, ratio, reason, achieved = "partial", 300 / 450, "300 sur 450", 300.0

        def __init__(self) -> None:
            self.commitment, self.outcomes = commitment, [outcome]

        @property
        def quotes(self) -> list[dict[str, object]]:
            return [{"role": c.type, "doc": c.doc, "id": c.id, "page": c.page, "text": c.text}
                    for c in (self.commitment, *self.outcomes)]

    page = render_report([x], [Result()])
    assert page.count('href="#d0-plan-2024-c1"') == 1 and page.count('href="#d0-plan-2024-o1"') == 1
    assert '<div class="metric">recrutements</div></td><td>450 recrutements</td><td>2027</td>' in page


def test_a_quote_outside_any_claim_gets_its_own_anchor() -> None:
    x = plan_extraction()
    x.claims = []
    page = render_report([x], [{"status": "met", "quotes": [{"doc": "plan-2024", "text": "budget de 2M€"}]}])
    tree = parse(page)
    quote_anchor = next(h[1:] for h in tree.hrefs if "-q" in h)
    assert quote_anchor in tree.ids
    assert re.search(rf'<span class="claim cl-quote" id="{quote_anchor}"[^>]*>budget de <mark', page)


def test_no_network_resources() -> None:
    page = render_report([plan_extraction()])
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "default-src 'none'" in page


def test_write_is_atomic_and_replaces(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "report.html"
    write_report([plan_extraction()], out)
    first = out.read_text(encoding="utf-8")
    write_report([plan_extraction("autre")], out)
    assert out.read_text(encoding="utf-8") != first
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]


def test_helpers() -> None:
    assert fmt_number(2_000_000.0) == "2\u202f000\u202f000"
    assert fmt_number(7.5) == "7,5"
    assert find_quote("Le plan\nprévoyait  450 postes.", "plan prévoyait 450") == (3, 22)
    assert find_quote("abc", "zzz") is None
    date = Mention("d", "date", "2025-2027", 0, 9, start="2025", end="2027", rule="dates.span")
    assert mention_summary(date) == "date 2025 → 2027 · règle dates.span"
    approx = Mention("d", "headcount", "près de 100 personnes", 0, 21, value=100.0, unit="personnes", approx=True)
    assert mention_summary(approx) == "effectif 100 personnes · approx."


# --- the command line -------------------------------------------------------


def test_cli_writes_the_report_from_a_corpus_database(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from bilan_nlp import db
    from bilan_nlp.cli import app

    db.store([plan_extraction()], tmp_path / "corpus.duckdb")
    out = tmp_path / "review.html"
    run = CliRunner().invoke(app, ["report", str(tmp_path / "corpus.duckdb"), "-o", str(out), "--no-compare"])
    assert run.exit_code == 0, run.output
    assert run.output.strip() == f"{out}: 1 document(s), 4 mention(s)"
    assert len(parse(out.read_text(encoding="utf-8")).marks) == 4


def test_cli_error_is_one_plain_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from bilan_nlp.cli import app

    run = CliRunner().invoke(app, ["report", str(tmp_path / "absent.pdf"), "-o", str(tmp_path / "r.html")])
    assert run.exit_code == 1
    assert run.output.strip().splitlines() == [f"bilan report: no such file or folder: {tmp_path / 'absent.pdf'}"]
    assert not (tmp_path / "r.html").exists()
