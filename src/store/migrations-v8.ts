/** Migrations from version 8 on (the list in migrations.ts grew past one file). Append new ones here. */
import type { Migration } from './migrations.ts';

export const migrationsFromV8: readonly Migration[] = [
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
    version: 11,
    name: 'bulk ingest checkpoints',
    sql: `
      -- Where an interrupted bulk ingest (an arXiv metadata snapshot) stands, committed with each batch:
      -- a re-run of the same file (same size and head) continues after the last committed line.
      CREATE TABLE ingest_checkpoints (
        identity TEXT PRIMARY KEY,
        origin TEXT NOT NULL,
        byte_offset INTEGER NOT NULL,
        line INTEGER NOT NULL,
        papers INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 12,
    name: 'source fetch results',
    sql: `
      -- Each source's last fetch, for \`status\`: its name (never a URL), a result a channel may see, its papers.
      CREATE TABLE source_fetches (source TEXT PRIMARY KEY, fetched_at TEXT NOT NULL, ok INTEGER NOT NULL,
        result TEXT NOT NULL, papers INTEGER NOT NULL, new_papers INTEGER NOT NULL) WITHOUT ROWID;
    `,
  },
  {
    version: 13,
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
  {
    version: 14,
    name: 'cross-lists per channel',
    sql: `
      -- arXiv cross-lists are left out of a channel's new papers unless it asks for them (subscribe cross:include).
      ALTER TABLE subscriptions ADD COLUMN cross_lists INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 15,
    name: 'follows per channel',
    sql: `
      -- Authors and organisations a channel follows, keyed by the normalised name (src/core/follows.ts); context is
      -- what the channel knew of the author then (co-authors, organisations, categories), as JSON, to confirm matches.
      CREATE TABLE follows (platform TEXT NOT NULL, channel_id TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('author', 'org')),
        key TEXT NOT NULL, name TEXT NOT NULL, context TEXT NOT NULL, created_at TEXT NOT NULL,
        PRIMARY KEY (platform, channel_id, kind, key)) WITHOUT ROWID;
    `,
  },
  {
    version: 16,
    name: 'digest follow-up notes',
    sql: `
      -- A note posted once in a digest's thread (kind 'late:1', 'late:2', ...): claimed, then posted, like the digest itself.
      CREATE TABLE digest_notes (platform TEXT NOT NULL, channel_id TEXT NOT NULL, digest_date TEXT NOT NULL, kind TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('claimed', 'posted', 'failed')), claimed_by TEXT, claimed_at TEXT,
        message_id TEXT, paper_ids TEXT NOT NULL DEFAULT '[]', error TEXT, attempts INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL, PRIMARY KEY (platform, channel_id, digest_date, kind)) WITHOUT ROWID;
    `,
  },
  {
    version: 17,
    name: 'paper embeddings',
    sql: `
      -- A paper's title+abstract embedding per embeddings model, computed once whatever the number of channels;
      -- text_hash says which text it was made from (an edited abstract is embedded again). vector: float32 LE.
      CREATE TABLE paper_embeddings (paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE, model TEXT NOT NULL,
        text_hash TEXT NOT NULL, vector BLOB NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (paper_id, model)) WITHOUT ROWID;
    `,
  },
  {
    version: 18,
    name: 'papers asked about',
    sql: `
      -- A summary or comparison asked for in a channel: the weakest taste signal, once per person and paper.
      CREATE TABLE asked_about (platform TEXT NOT NULL, channel_id TEXT NOT NULL, user_id TEXT NOT NULL,
        paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE, asked_at TEXT NOT NULL,
        PRIMARY KEY (platform, channel_id, user_id, paper_id)) WITHOUT ROWID;
    `,
  },
  {
    version: 19,
    name: 'follow-ups on discussed papers',
    sql: `
      -- Where a paper was discussed (voted, saved, summarised, compared, asked about): per channel and thread ('' the
      -- channel itself), first and last time, and its upvotes then (an upvote jump is counted from there).
      CREATE TABLE paper_discussions (platform TEXT NOT NULL, channel_id TEXT NOT NULL, thread_id TEXT NOT NULL DEFAULT '',
        paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE, first_at TEXT NOT NULL, last_at TEXT NOT NULL,
        upvotes_then INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (platform, channel_id, thread_id, paper_id)) WITHOUT ROWID;
      CREATE INDEX paper_discussions_paper ON paper_discussions(paper_id);
      -- What changed about a discussed paper at a re-ingest: one row per (paper, kind, value), never twice.
      CREATE TABLE paper_events (id INTEGER PRIMARY KEY, paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        kind TEXT NOT NULL, value TEXT NOT NULL, detail TEXT, detected_at TEXT NOT NULL, UNIQUE (paper_id, kind, value));
      -- One follow-up note per (channel, thread, local day), claimed then posted like a digest; event_ids are what it tells.
      CREATE TABLE followup_notes (platform TEXT NOT NULL, channel_id TEXT NOT NULL, thread_id TEXT NOT NULL, note_date TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('claimed', 'posted', 'failed')), claimed_by TEXT, claimed_at TEXT, message_id TEXT,
        event_ids TEXT NOT NULL DEFAULT '[]', error TEXT, attempts INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL,
        PRIMARY KEY (platform, channel_id, thread_id, note_date)) WITHOUT ROWID;
      -- The events a channel was told about, written with the note's 'posted': the same event is never told twice.
      CREATE TABLE followup_sent (platform TEXT NOT NULL, channel_id TEXT NOT NULL, event_id INTEGER NOT NULL
        REFERENCES paper_events(id) ON DELETE CASCADE, thread_id TEXT NOT NULL, note_date TEXT NOT NULL,
        PRIMARY KEY (platform, channel_id, event_id)) WITHOUT ROWID;
      -- The arXiv version last seen (a higher one is a new version); follow-ups per channel (subscribe followups:off).
      ALTER TABLE papers ADD COLUMN arxiv_version INTEGER;
      ALTER TABLE subscriptions ADD COLUMN followups INTEGER NOT NULL DEFAULT 1;
    `,
  },
  {
    version: 20,
    name: 'reading group',
    sql: `
      -- Who presents a paper in a channel's reading group: one presenter per (channel, paper).
      CREATE TABLE reading_claims (platform TEXT NOT NULL, channel_id TEXT NOT NULL, paper_id INTEGER NOT NULL REFERENCES papers(id)
        ON DELETE CASCADE, user_id TEXT NOT NULL, user_name TEXT NOT NULL, claimed_at TEXT NOT NULL,
        PRIMARY KEY (platform, channel_id, paper_id)) WITHOUT ROWID;
      -- A session at a wall-clock time in its zone (local_date + local_time + timezone decide; starts_at is that instant
      -- when scheduled, for finding upcoming sessions). reminders: lead times before it, e.g. '1d,1h' ('' for none).
      CREATE TABLE reading_sessions (id INTEGER PRIMARY KEY, platform TEXT NOT NULL, channel_id TEXT NOT NULL,
        channel_name TEXT, paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE, local_date TEXT NOT NULL,
        local_time TEXT NOT NULL, timezone TEXT NOT NULL, starts_at TEXT NOT NULL, reminders TEXT NOT NULL,
        created_by TEXT NOT NULL, created_at TEXT NOT NULL, cancelled_at TEXT);
      CREATE INDEX reading_sessions_upcoming ON reading_sessions(starts_at) WHERE cancelled_at IS NULL;
      CREATE INDEX reading_sessions_channel ON reading_sessions(platform, channel_id, starts_at);
      -- Each reminder of a session, posted once: claimed, then posted, as digests are.
      CREATE TABLE reading_reminders (session_id INTEGER NOT NULL REFERENCES reading_sessions(id) ON DELETE CASCADE,
        lead TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('claimed', 'posted', 'failed', 'skipped')), claimed_by TEXT,
        claimed_at TEXT, message_id TEXT, error TEXT, attempts INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL,
        PRIMARY KEY (session_id, lead)) WITHOUT ROWID;
    `,
  },
  {
    version: 21,
    name: 'slack installations',
    sql: `
      -- Workspaces that installed the Slack app through OAuth (HTTP mode with SLACK_CLIENT_ID): each one's
      -- installation as Slack's installer gave it (JSON, bot token included), keyed by team (and enterprise);
      -- team_id '' is an organisation-wide install. Channel ids of these workspaces are stored as "T…:C…".
      CREATE TABLE slack_installations (team_id TEXT NOT NULL, enterprise_id TEXT NOT NULL DEFAULT '', data TEXT NOT NULL,
        installed_at TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (team_id, enterprise_id)) WITHOUT ROWID;
    `,
  },
  {
    version: 22,
    name: 'paper full text, channel token budgets and answer languages',
    sql: `
      -- A paper version's full text (arXiv HTML), fetched once whatever the number of channels; state 'missing'
      -- (no HTML rendering) is kept too, so a day's questions do not ask arXiv again (src/core/ask-text.ts).
      CREATE TABLE fulltext_docs (arxiv_id TEXT NOT NULL, version TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('html', 'missing')),
        title TEXT NOT NULL DEFAULT '', fetched_at TEXT NOT NULL, PRIMARY KEY (arxiv_id, version)) WITHOUT ROWID;
      -- Its passages in reading order: section number ("4.2", "A", '' unnumbered) and heading, and the text.
      CREATE TABLE fulltext_chunks (id INTEGER PRIMARY KEY, arxiv_id TEXT NOT NULL, version TEXT NOT NULL, seq INTEGER NOT NULL,
        number TEXT NOT NULL, heading TEXT NOT NULL, text TEXT NOT NULL, UNIQUE (arxiv_id, version, seq),
        FOREIGN KEY (arxiv_id, version) REFERENCES fulltext_docs (arxiv_id, version) ON DELETE CASCADE);
      CREATE VIRTUAL TABLE fulltext_fts USING fts5(heading, text, content='fulltext_chunks', content_rowid='id', tokenize='porter unicode61');
      CREATE TRIGGER fulltext_chunks_ai AFTER INSERT ON fulltext_chunks BEGIN
        INSERT INTO fulltext_fts (rowid, heading, text) VALUES (new.id, new.heading, new.text);
      END;
      CREATE TRIGGER fulltext_chunks_ad AFTER DELETE ON fulltext_chunks BEGIN
        INSERT INTO fulltext_fts (fulltext_fts, rowid, heading, text) VALUES ('delete', old.id, old.heading, old.text);
      END;
      -- A channel's daily LLM token budget (NULL: none) and answer language (NULL: the model's default).
      CREATE TABLE channel_llm_settings (platform TEXT NOT NULL, channel_id TEXT NOT NULL, budget_tokens INTEGER,
        language TEXT, updated_at TEXT NOT NULL, PRIMARY KEY (platform, channel_id)) WITHOUT ROWID;
      -- Tokens a channel's answers used per UTC day (cached answers cost nothing).
      CREATE TABLE channel_llm_usage (platform TEXT NOT NULL, channel_id TEXT NOT NULL, day TEXT NOT NULL, tokens INTEGER NOT NULL,
        PRIMARY KEY (platform, channel_id, day)) WITHOUT ROWID;
    `,
  },
  {
    version: 23,
    name: 'weekly roundups',
    sql: `
      -- A channel's weekly roundup (subscribe weekly fri 16:00 Europe/Berlin), beside or instead of its daily digest.
      -- day: 0 = Sunday … 6; topics: JSON, [] = the daily digest's. Each week's post is a digests row keyed 'week:YYYY-Www'.
      CREATE TABLE weekly_roundups (platform TEXT NOT NULL, channel_id TEXT NOT NULL, channel_name TEXT,
        day INTEGER NOT NULL CHECK (day BETWEEN 0 AND 6), time TEXT NOT NULL, timezone TEXT NOT NULL, topics TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (platform, channel_id)) WITHOUT ROWID;
    `,
  },
];
