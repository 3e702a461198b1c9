/**
 * Numbered migrations, applied in order at start-up inside one transaction each.
 * Append new ones; never edit one that has shipped.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'papers and listings',
    sql: `
      CREATE TABLE papers (
        id INTEGER PRIMARY KEY,
        arxiv_id TEXT UNIQUE,
        title TEXT NOT NULL,
        title_key TEXT NOT NULL,
        abstract TEXT NOT NULL DEFAULT '',
        authors TEXT NOT NULL DEFAULT '[]',
        author_count INTEGER,
        org_slug TEXT,
        org_name TEXT,
        published_at TEXT,
        upvotes INTEGER NOT NULL DEFAULT 0,
        url TEXT,
        pdf_url TEXT,
        github_repo TEXT,
        project_page TEXT,
        ai_summary TEXT,
        keywords TEXT NOT NULL DEFAULT '[]',
        categories TEXT NOT NULL DEFAULT '[]',
        comment TEXT,
        journal_ref TEXT,
        doi TEXT,
        first_seen_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_listed_on TEXT
      );
      CREATE INDEX papers_title_key ON papers(title_key);
      CREATE INDEX papers_first_seen ON papers(first_seen_at);
      CREATE INDEX papers_upvotes ON papers(upvotes DESC, published_at DESC);
      CREATE INDEX papers_published ON papers(published_at);
      CREATE INDEX papers_last_listed ON papers(last_listed_on);

      CREATE VIRTUAL TABLE papers_fts USING fts5(
        title, abstract, authors, organization, keywords,
        content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN
        INSERT INTO papers_fts(rowid, title, abstract, authors, organization, keywords) VALUES (
          new.id, new.title, new.abstract,
          (SELECT group_concat(value, ', ') FROM json_each(new.authors)),
          trim(coalesce(new.org_slug, '') || ' ' || coalesce(new.org_name, '')),
          (SELECT group_concat(value, ', ') FROM json_each(new.keywords)));
      END;
      CREATE TRIGGER papers_fts_update AFTER UPDATE OF title, abstract, authors, org_slug, org_name, keywords ON papers BEGIN
        DELETE FROM papers_fts WHERE rowid = old.id;
        INSERT INTO papers_fts(rowid, title, abstract, authors, organization, keywords) VALUES (
          new.id, new.title, new.abstract,
          (SELECT group_concat(value, ', ') FROM json_each(new.authors)),
          trim(coalesce(new.org_slug, '') || ' ' || coalesce(new.org_name, '')),
          (SELECT group_concat(value, ', ') FROM json_each(new.keywords)));
      END;
      CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN
        DELETE FROM papers_fts WHERE rowid = old.id;
      END;

      CREATE TABLE listings (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        listing_date TEXT,
        origin TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        paper_count INTEGER NOT NULL,
        UNIQUE (source, origin, listing_date)
      );
      CREATE TABLE listing_papers (
        listing_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
        paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        PRIMARY KEY (listing_id, paper_id)
      ) WITHOUT ROWID;
      CREATE INDEX listing_papers_paper ON listing_papers(paper_id);
    `,
  },
  {
    version: 2,
    name: 'channels, digests, llm cache',
    sql: `
      CREATE TABLE subscriptions (
        platform TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        channel_name TEXT,
        time TEXT NOT NULL,
        timezone TEXT NOT NULL,
        days TEXT NOT NULL,
        size INTEGER NOT NULL,
        topics TEXT NOT NULL DEFAULT '[]',
        topic_mode TEXT NOT NULL DEFAULT 'boost',
        min_upvotes INTEGER NOT NULL DEFAULT 0,
        post_when_empty INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (platform, channel_id)
      ) WITHOUT ROWID;

      -- The last numbered list shown in a channel or thread, so "compare 2 5" knows what 2 and 5 are.
      CREATE TABLE shown_lists (
        platform TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        thread_id TEXT NOT NULL DEFAULT '',
        paper_ids TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (platform, channel_id, thread_id)
      ) WITHOUT ROWID;

      -- One row per (platform, channel, day): the exactly-once record of each digest.
      CREATE TABLE digests (
        platform TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        digest_date TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('claimed', 'posted', 'failed', 'missed', 'skipped')),
        claimed_by TEXT,
        claimed_at TEXT,
        message_id TEXT,
        thread_id TEXT,
        paper_ids TEXT NOT NULL DEFAULT '[]',
        note TEXT,
        error TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (platform, channel_id, digest_date)
      ) WITHOUT ROWID;

      CREATE TABLE leases (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE llm_cache (
        key TEXT PRIMARY KEY,
        task TEXT NOT NULL,
        model TEXT NOT NULL,
        prompt_version TEXT NOT NULL,
        paper_ids TEXT NOT NULL,
        value TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE llm_usage (
        day TEXT NOT NULL,
        model TEXT NOT NULL,
        calls INTEGER NOT NULL DEFAULT 0,
        prompt_tokens INTEGER NOT NULL DEFAULT 0,
        completion_tokens INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (day, model)
      ) WITHOUT ROWID;

      -- Platform deliveries already handled (Slack event_id retries, Discord message ids).
      CREATE TABLE seen_events (
        platform TEXT NOT NULL,
        event_id TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (platform, event_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: 'digest compose time',
    sql: `
      -- When the digest's paper list was composed: the next digest takes papers first seen after it.
      ALTER TABLE digests ADD COLUMN composed_at TEXT;
    `,
  },
  {
    version: 4,
    name: 'search impact lists',
    sql: `
      -- Impact lists for frequent terms (src/search/impact-lists.ts), valid while papers_fts is unchanged since
      -- they were built: fts_version is papers_fts's structure record then. Rebuilt after ingests.
      CREATE TABLE search_index (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        fts_version BLOB NOT NULL,
        depth INTEGER NOT NULL,
        papers INTEGER NOT NULL,
        built_at TEXT NOT NULL
      );
      CREATE TABLE search_terms (
        term TEXT PRIMARY KEY,
        df INTEGER NOT NULL,
        entries BLOB NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    name: 'search postings',
    sql: `
      -- Complete postings of the terms whose impact list leaves papers out (ids ascending as Int32, the
      -- term's column-weighted count per paper as Uint16, little-endian), and every paper's length in
      -- tokens by id: what lets a query score any candidate exactly without reading its text.
      CREATE TABLE search_postings (
        term TEXT PRIMARY KEY,
        ids BLOB NOT NULL,
        weights BLOB NOT NULL
      ) WITHOUT ROWID;
      ALTER TABLE search_index ADD COLUMN lengths BLOB;
      DELETE FROM search_index;
    `,
  },
  {
    version: 6,
    name: 'search terms per filter column',
    sql: `
      -- The search index now also holds "column:word" terms for title, authors and organization
      -- (src/search/impact-lists.ts): an index built before lacks them, so it is rebuilt.
      DELETE FROM search_index;
    `,
  },
  {
    version: 7,
    name: 'search postings packed',
    sql: `
      -- Postings as one-byte id gaps and counts in one byte where they fit (src/store/postings-codec.ts),
      -- with the number of papers beside them: the index is rebuilt in the new layout.
      DELETE FROM search_index;
      DROP TABLE search_postings;
      CREATE TABLE search_postings (
        term TEXT PRIMARY KEY,
        count INTEGER NOT NULL,
        ids BLOB NOT NULL,
        weights BLOB NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 8,
    name: 'numbered lists per user',
    sql: `
      -- A numbered list is kept per place (channel, thread) and audience: user_id '' is the list everyone
      -- there saw (a posted digest, a shared answer), a user id is the list only that user saw (an ephemeral
      -- answer). The label says which list a number came from ("your search “sparse attention”").
      CREATE TABLE shown_lists_new (
        platform TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        thread_id TEXT NOT NULL DEFAULT '',
        user_id TEXT NOT NULL DEFAULT '',
        paper_ids TEXT NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        PRIMARY KEY (platform, channel_id, thread_id, user_id)
      ) WITHOUT ROWID;
      INSERT INTO shown_lists_new (platform, channel_id, thread_id, paper_ids, created_at)
        SELECT platform, channel_id, thread_id, paper_ids, created_at FROM shown_lists;
      DROP TABLE shown_lists;
      ALTER TABLE shown_lists_new RENAME TO shown_lists;
      `,
  },
  {
    version: 9,
    name: 'arXiv announce type',
    sql: `
      -- How arXiv's daily feed announced a paper (new, cross, replace, replace-cross); NULL where the source
      -- does not say (HF, the arXiv API). Replacements and cross-lists are not the day's new papers.
      ALTER TABLE papers ADD COLUMN announce_type TEXT;
    `,
  },
  {
    version: 10,
    name: 'drop the search side index',
    sql: `
      -- Search ranks FTS5's own matches now (src/search/): the impact lists and postings go.
      DROP TABLE IF EXISTS search_postings;
      DROP TABLE IF EXISTS search_terms;
      DROP TABLE IF EXISTS search_index;
    `,
  },
  {
    version: 22,
    name: 'feedback, taste settings and vocabulary',
    sql: `
      -- One row per (place, person, paper, kind): a vote (1 / -1) or a save is a state, so a redelivered event changes nothing.
      CREATE TABLE feedback (platform TEXT NOT NULL, channel_id TEXT NOT NULL, user_id TEXT NOT NULL,
        paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE, kind TEXT NOT NULL CHECK (kind IN ('vote', 'save')),
        value INTEGER NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (platform, channel_id, user_id, paper_id, kind)) WITHOUT ROWID;
      CREATE INDEX feedback_user ON feedback(platform, user_id, kind);
      CREATE TABLE taste_settings (platform TEXT NOT NULL, channel_id TEXT NOT NULL, mode TEXT NOT NULL CHECK (mode IN ('off', 'boost', 'filter')), updated_at TEXT NOT NULL, PRIMARY KEY (platform, channel_id)) WITHOUT ROWID;
      -- Document frequencies for taste's tf-idf, read through FTS5's own vocabulary (src/core/taste.ts).
      CREATE VIRTUAL TABLE papers_vocab USING fts5vocab(papers_fts, row);
    `,
  },
];
