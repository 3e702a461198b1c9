/**
 * PostgreSQL migration 4 (listed in migrations.ts): feedback and the taste vocabulary, follows, embeddings,
 * the follow-ups' discussions, events and notes, and the reading group. Kept apart for migrations.ts's size.
 */
import type { Migration } from '../migrations.ts';

export const MIGRATION_4: Migration = {
  version: 4,
  name: 'feedback, follows, embeddings, follow-ups and the reading group',
  sql: `
      -- As SQLite's (migrations-v8.ts 13, 15, 17-20): dates as ISO text, lists and objects as JSON text. Texts compare
      -- byte by byte (COLLATE "C") as SQLite's do, so orderings and ISO date ranges agree whatever the server's locale.
      CREATE TABLE feedback (platform text COLLATE "C" NOT NULL, channel_id text COLLATE "C" NOT NULL, user_id text COLLATE "C" NOT NULL,
        paper_id integer NOT NULL REFERENCES papers (id) ON DELETE CASCADE, kind text COLLATE "C" NOT NULL CHECK (kind IN ('vote', 'save')),
        value integer NOT NULL, updated_at text COLLATE "C" NOT NULL, PRIMARY KEY (platform, channel_id, user_id, paper_id, kind));
      CREATE INDEX feedback_user ON feedback (platform, user_id, kind);
      CREATE TABLE taste_settings (platform text COLLATE "C" NOT NULL, channel_id text COLLATE "C" NOT NULL,
        mode text COLLATE "C" NOT NULL CHECK (mode IN ('off', 'boost', 'filter')), updated_at text COLLATE "C" NOT NULL, PRIMARY KEY (platform, channel_id));
      CREATE TABLE asked_about (platform text COLLATE "C" NOT NULL, channel_id text COLLATE "C" NOT NULL, user_id text COLLATE "C" NOT NULL,
        paper_id integer NOT NULL REFERENCES papers (id) ON DELETE CASCADE, asked_at text COLLATE "C" NOT NULL,
        PRIMARY KEY (platform, channel_id, user_id, paper_id));
      -- Taste's document frequencies (src/core/taste.ts), as SQLite's fts5vocab papers_vocab gives them: how many
      -- papers' search vectors hold each word. Kept by statement triggers from each statement's rows, so an ingest
      -- adds one aggregate per statement, and a lookup is an index read rather than a count over the papers.
      CREATE TABLE paper_vocab (term text COLLATE "C" PRIMARY KEY, doc integer NOT NULL);
      INSERT INTO paper_vocab (term, doc) SELECT t, count(*) FROM papers, unnest(tsvector_to_array(search)) AS t GROUP BY t;
      -- Each branch names only the transition tables its event has (an INSERT has no old_rows).
      CREATE FUNCTION paper_vocab_count() RETURNS trigger LANGUAGE plpgsql AS $count$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO paper_vocab (term, doc) SELECT t, count(*) FROM new_rows, unnest(tsvector_to_array(new_rows.search)) AS t GROUP BY t
          ON CONFLICT (term) DO UPDATE SET doc = paper_vocab.doc + excluded.doc;
        ELSIF TG_OP = 'DELETE' THEN
          UPDATE paper_vocab v SET doc = v.doc - d.n
          FROM (SELECT t, count(*) AS n FROM old_rows, unnest(tsvector_to_array(old_rows.search)) AS t GROUP BY t) d WHERE v.term = d.t;
        ELSE
          INSERT INTO paper_vocab (term, doc)
            SELECT t, sum(n) FROM (
              SELECT t, 1 AS n FROM new_rows, unnest(tsvector_to_array(new_rows.search)) AS t
              UNION ALL
              SELECT t, -1 FROM old_rows, unnest(tsvector_to_array(old_rows.search)) AS t) c
            GROUP BY t HAVING sum(n) <> 0
          ON CONFLICT (term) DO UPDATE SET doc = paper_vocab.doc + excluded.doc;
        END IF;
        RETURN NULL;
      END $count$;
      CREATE TRIGGER paper_vocab_insert AFTER INSERT ON papers REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION paper_vocab_count();
      CREATE TRIGGER paper_vocab_update AFTER UPDATE ON papers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION paper_vocab_count();
      CREATE TRIGGER paper_vocab_delete AFTER DELETE ON papers REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION paper_vocab_count();
      CREATE TABLE follows (platform text COLLATE "C" NOT NULL, channel_id text COLLATE "C" NOT NULL, kind text COLLATE "C" NOT NULL CHECK (kind IN ('author', 'org')),
        key text COLLATE "C" NOT NULL, name text COLLATE "C" NOT NULL, context text COLLATE "C" NOT NULL, created_at text COLLATE "C" NOT NULL,
        PRIMARY KEY (platform, channel_id, kind, key));
      CREATE TABLE paper_embeddings (paper_id integer NOT NULL REFERENCES papers (id) ON DELETE CASCADE, model text COLLATE "C" NOT NULL,
        text_hash text COLLATE "C" NOT NULL, vector bytea NOT NULL, created_at text COLLATE "C" NOT NULL, PRIMARY KEY (paper_id, model));

      CREATE TABLE paper_discussions (platform text COLLATE "C" NOT NULL, channel_id text COLLATE "C" NOT NULL, thread_id text COLLATE "C" NOT NULL DEFAULT '',
        paper_id integer NOT NULL REFERENCES papers (id) ON DELETE CASCADE, first_at text COLLATE "C" NOT NULL, last_at text COLLATE "C" NOT NULL,
        upvotes_then integer NOT NULL DEFAULT 0, PRIMARY KEY (platform, channel_id, thread_id, paper_id));
      CREATE INDEX paper_discussions_paper ON paper_discussions (paper_id);
      CREATE TABLE paper_events (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        paper_id integer NOT NULL REFERENCES papers (id) ON DELETE CASCADE, kind text COLLATE "C" NOT NULL, value text COLLATE "C" NOT NULL, detail text COLLATE "C",
        detected_at text COLLATE "C" NOT NULL, UNIQUE (paper_id, kind, value));
      CREATE TABLE followup_notes (platform text COLLATE "C" NOT NULL, channel_id text COLLATE "C" NOT NULL, thread_id text COLLATE "C" NOT NULL, note_date text COLLATE "C" NOT NULL,
        state text COLLATE "C" NOT NULL CHECK (state IN ('claimed', 'posted', 'failed')), claimed_by text COLLATE "C", claimed_at text COLLATE "C", message_id text COLLATE "C",
        event_ids text COLLATE "C" NOT NULL DEFAULT '[]', error text COLLATE "C", attempts integer NOT NULL DEFAULT 0, updated_at text COLLATE "C" NOT NULL,
        PRIMARY KEY (platform, channel_id, thread_id, note_date));
      CREATE TABLE followup_sent (platform text COLLATE "C" NOT NULL, channel_id text COLLATE "C" NOT NULL,
        event_id integer NOT NULL REFERENCES paper_events (id) ON DELETE CASCADE, thread_id text COLLATE "C" NOT NULL, note_date text COLLATE "C" NOT NULL,
        PRIMARY KEY (platform, channel_id, event_id));

      CREATE TABLE reading_claims (platform text COLLATE "C" NOT NULL, channel_id text COLLATE "C" NOT NULL,
        paper_id integer NOT NULL REFERENCES papers (id) ON DELETE CASCADE, user_id text COLLATE "C" NOT NULL, user_name text COLLATE "C" NOT NULL,
        claimed_at text COLLATE "C" NOT NULL, PRIMARY KEY (platform, channel_id, paper_id));
      CREATE TABLE reading_sessions (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, platform text COLLATE "C" NOT NULL,
        channel_id text COLLATE "C" NOT NULL, channel_name text COLLATE "C", paper_id integer NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
        local_date text COLLATE "C" NOT NULL, local_time text COLLATE "C" NOT NULL, timezone text COLLATE "C" NOT NULL, starts_at text COLLATE "C" NOT NULL, reminders text COLLATE "C" NOT NULL,
        created_by text COLLATE "C" NOT NULL, created_at text COLLATE "C" NOT NULL, cancelled_at text COLLATE "C");
      CREATE INDEX reading_sessions_upcoming ON reading_sessions (starts_at) WHERE cancelled_at IS NULL;
      CREATE INDEX reading_sessions_channel ON reading_sessions (platform, channel_id, starts_at);
      CREATE TABLE reading_reminders (session_id integer NOT NULL REFERENCES reading_sessions (id) ON DELETE CASCADE,
        lead text COLLATE "C" NOT NULL, state text COLLATE "C" NOT NULL CHECK (state IN ('claimed', 'posted', 'failed', 'skipped')), claimed_by text COLLATE "C",
        claimed_at text COLLATE "C", message_id text COLLATE "C", error text COLLATE "C", attempts integer NOT NULL DEFAULT 0, updated_at text COLLATE "C" NOT NULL,
        PRIMARY KEY (session_id, lead));
    `,
};
