-- bilan_nlp corpus database (DuckDB). Documented in docs/SCHEMA.md.
-- Offsets (start_char, end_char) are into the document's cleaned text, which is
-- the concatenation of its pages' text in page order.

CREATE TABLE IF NOT EXISTS meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE TABLE IF NOT EXISTS documents (
    doc_id         VARCHAR PRIMARY KEY,
    path           VARCHAR,    -- file the document was read from (as given)
    sha256         VARCHAR,    -- SHA-256 of the file's bytes: the incremental key
    text_sha256    VARCHAR,    -- SHA-256 of the cleaned text
    issuer         VARCHAR,    -- who published it (ministry, collectivité, agency)
    title          VARCHAR,
    year_covered   INTEGER,    -- the year the report is about
    year_published INTEGER,
    kind           VARCHAR,    -- bilan, plan d'action, rapport d'activité, ...
    pages          INTEGER,    -- number of pages
    chars          INTEGER,    -- length of the cleaned text
    meta           VARCHAR,    -- every metadata field, as JSON
    processed_at   TIMESTAMP,  -- UTC
    version        VARCHAR     -- fingerprint of the code that extracted it (see db.code_fingerprint)
);

CREATE TABLE IF NOT EXISTS pages (
    doc_id     VARCHAR,
    page       INTEGER,
    start_char INTEGER,
    end_char   INTEGER,
    text       VARCHAR,
    PRIMARY KEY (doc_id, page)
);

CREATE TABLE IF NOT EXISTS mentions (
    doc_id      VARCHAR,
    idx         INTEGER,       -- position in the document's mention list
    kind        VARCHAR,       -- amount | headcount | quantity | percentage | date | place
    text        VARCHAR,
    start_char  INTEGER,
    end_char    INTEGER,
    page        INTEGER,
    sentence    VARCHAR,
    value       DOUBLE,        -- the number (EUR for amounts, percent for percentages)
    value_text  VARCHAR,       -- the canonical name (places)
    value_max   DOUBLE,
    unit        VARCHAR,
    approx      BOOLEAN,
    change      BOOLEAN,
    start       VARCHAR,       -- ISO date (dates)
    "end"       VARCHAR,
    subject     VARCHAR,
    place_code  VARCHAR,
    place_type  VARCHAR,
    rule        VARCHAR,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE IF NOT EXISTS claims (
    doc_id          VARCHAR,
    claim_id        VARCHAR,   -- c1, o1, ...
    type            VARCHAR,   -- commitment | outcome
    text            VARCHAR,
    start_char      INTEGER,
    end_char        INTEGER,
    page            INTEGER,
    metric          VARCHAR,
    value           DOUBLE,
    unit            VARCHAR,
    year            VARCHAR,
    deadline        VARCHAR,
    place           VARCHAR,
    direction       VARCHAR,
    score           DOUBLE,
    cues            VARCHAR[],
    mention_indexes INTEGER[],  -- mentions.idx of the figures inside the claim
    figure_index    INTEGER,    -- mentions.idx of the claim's main figure (its value)
    PRIMARY KEY (doc_id, claim_id)
);

CREATE TABLE IF NOT EXISTS results (
    commitment_doc VARCHAR,
    commitment_id  VARCHAR,
    metric         VARCHAR,
    target         DOUBLE,
    unit           VARCHAR,
    deadline       VARCHAR,
    outcome_doc    VARCHAR,
    outcome_ids    VARCHAR[],
    outcome_value  DOUBLE,
    status         VARCHAR,    -- met | partial | not_met | pending | no_evidence
    ratio          DOUBLE,     -- 1 means reached
    reason         VARCHAR,
    rule           VARCHAR,
    quotes         VARCHAR     -- JSON list of the quoted sentences with doc and page
);

-- migrations of databases made by earlier versions
ALTER TABLE documents ADD COLUMN IF NOT EXISTS version VARCHAR;
