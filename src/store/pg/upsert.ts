/**
 * One batch of parsed papers merged into PostgreSQL with paper-merge.ts's rules, as the SQLite repository
 * merges them (../papers.ts upsertAll), in three round trips instead of one per paper: the rows the batch
 * could match are read (and locked) at once, the merging happens here, then new rows are inserted and
 * changed rows updated together. A later paper of the batch that matches an earlier one merges into it.
 */
import type pg from 'pg';
import type { ParsedPaper, SourceKind } from '../../sources/types.ts';
import { titleKey } from '../../sources/normalize.ts';
import { changesOf, type PaperChange } from '../paper-events.ts';
import { capped, merge, MERGED_COLUMNS, type PaperRow, type Trimmed } from '../paper-merge.ts';
import type { IngestCounts } from '../papers.ts';
import { foldText } from './fold.ts';

export const PAPER_COLUMNS = ['id', 'title_key', 'first_seen_at', 'updated_at', ...MERGED_COLUMNS] as const;
export const PAPER_SELECT = PAPER_COLUMNS.join(', ');
/** Rows per INSERT or UPDATE statement (each row one element of a JSON parameter). */
const ROWS_PER_STATEMENT = 1_000;

/** The batch's rows by arXiv id and by title key; new rows sort after stored ones, in the order they came. */
class BatchIndex {
  private readonly byArxiv = new Map<string, PaperRow>();
  private readonly byTitle = new Map<string, Set<PaperRow>>();
  private readonly order = new Map<PaperRow, number>();
  private added = 0;

  add(row: PaperRow): void {
    this.order.set(row, row.id > 0 ? row.id : 2 ** 40 + this.added++);
    this.index(row);
  }

  /** After a merge that may change its arXiv id or title: file the row under its new keys. */
  reindex(row: PaperRow, before: { arxiv_id: string | null; title_key: string }): void {
    if (before.arxiv_id !== null && this.byArxiv.get(before.arxiv_id) === row) this.byArxiv.delete(before.arxiv_id);
    this.byTitle.get(before.title_key)?.delete(row);
    this.index(row);
  }

  /** As ../papers.ts findExisting: by id, else by title among papers without an id (or, for one without, preferring those with). */
  find(parsed: ParsedPaper, key: string): PaperRow | undefined {
    if (parsed.arxivId) {
      const row = this.byArxiv.get(parsed.arxivId);
      if (row) return row;
    }
    const candidates = [...(this.byTitle.get(key) ?? [])].filter((r) => !parsed.arxivId || r.arxiv_id === null);
    const withoutId = (r: PaperRow) => (parsed.arxivId || r.arxiv_id !== null ? 0 : 1);
    return candidates.sort((a, b) => withoutId(a) - withoutId(b) || this.order.get(a)! - this.order.get(b)!)[0];
  }

  private index(row: PaperRow): void {
    if (row.arxiv_id !== null) this.byArxiv.set(row.arxiv_id, row);
    let rows = this.byTitle.get(row.title_key);
    if (!rows) this.byTitle.set(row.title_key, (rows = new Set()));
    rows.add(row);
  }
}

/**
 * Merges the papers in order; returns the counts and each paper's row id. Runs inside the caller's transaction.
 * `firstSeen` 'published': papers new to the store count as first seen when published (a backfill is not news).
 */
export async function upsertPapers(
  client: pg.PoolClient,
  papers: readonly ParsedPaper[],
  source: SourceKind,
  date: string | null,
  at: string,
  firstSeen: 'seen' | 'published' = 'seen',
): Promise<{ counts: IngestCounts; ids: number[] }> {
  const counts: IngestCounts = { new: 0, updated: 0, unchanged: 0 };
  const trimmed: Trimmed[] = [];
  const batch = papers.map((p) => capped(p, trimmed));
  const keys = batch.map((p) => titleKey(p.title));
  const arxivIds = batch.map((p) => p.arxivId).filter((id): id is string => id !== null);
  const { rows: stored } = await client.query<PaperRow>(
    `SELECT ${PAPER_SELECT} FROM papers WHERE arxiv_id = ANY($1::text[]) OR title_key = ANY($2::text[]) ORDER BY id FOR UPDATE`,
    [arxivIds, [...new Set(keys)]],
  );
  const index = new BatchIndex();
  stored.forEach((row) => index.add(row));
  const fresh: PaperRow[] = [];
  const changed = new Set<PaperRow>();
  const events: (PaperChange & { paper_id: number })[] = [];
  const rows = batch.map((parsed, i) => {
    const key = keys[i]!;
    const row = index.find(parsed, key);
    const merged = merge(row, parsed, source, date);
    if (!row) {
      const published = parsed.publishedAt ? `${parsed.publishedAt}T00:00:00.000Z` : null;
      const seen = firstSeen === 'published' && published !== null && published < at ? published : at;
      const made = { ...merged, id: 0, title_key: key, first_seen_at: seen, updated_at: at } as PaperRow;
      index.add(made);
      fresh.push(made);
      counts.new += 1;
      return made;
    }
    const columns = MERGED_COLUMNS.filter((column) => merged[column] !== row[column]);
    if (columns.length === 0) {
      counts.unchanged += 1;
      return row;
    }
    // A discussed paper's new version, code, journal…: follow-ups (as ../paper-events.ts recordChanges).
    if (row.id > 0) events.push(...changesOf(row, merged, parsed).map((c) => ({ ...c, paper_id: row.id })));
    const before = { arxiv_id: row.arxiv_id, title_key: row.title_key };
    const newKey = merged.title !== row.title ? titleKey(String(merged.title)) : row.title_key;
    Object.assign(row, merged, { title_key: newKey, updated_at: at });
    index.reindex(row, before);
    if (row.id > 0) changed.add(row);
    counts.updated += 1;
    return row;
  });
  await insertRows(client, fresh);
  await updateRows(client, [...changed]);
  await recordEvents(client, events, at);
  if (trimmed.length > 0) counts.trimmed = trimmed;
  return { counts, ids: rows.map((r) => r.id) };
}

/** What search reads of a row (fold.ts), sent beside it: title, keywords, people (authors and organization), abstract. */
function searchTexts(row: PaperRow) {
  const authors = (JSON.parse(row.authors) as string[]).join(', ');
  const org = `${row.org_slug ?? ''} ${row.org_name ?? ''}`;
  return {
    fts_title: foldText(row.title),
    fts_keywords: foldText((JSON.parse(row.keywords) as string[]).join(', ')),
    fts_people: foldText(`${authors} ${org}`),
    fts_abstract: foldText(row.abstract),
    fts_authors: foldText(authors),
    fts_org: foldText(org),
  };
}

const vector = (field: string, weight: string) => `setweight(to_tsvector('simple', coalesce(e.doc->>'${field}', '')), '${weight}')`;
const SEARCH = ['fts_title A', 'fts_keywords B', 'fts_people C', 'fts_abstract D'].map((f) =>
  vector(...(f.split(' ') as [string, string])),
);
const HEAD = ['fts_title A', 'fts_keywords B', 'fts_authors C', 'fts_org D'].map((f) => vector(...(f.split(' ') as [string, string])));
const ROWS = 'jsonb_array_elements($1::jsonb) AS e(doc), LATERAL jsonb_populate_record(NULL::papers, e.doc) AS r';
const WRITTEN = PAPER_COLUMNS.filter((c) => c !== 'id');

async function insertRows(client: pg.PoolClient, rows: PaperRow[]): Promise<void> {
  if (rows.length === 0) return;
  // Ids in arrival order, as SQLite's rowids: later papers get higher ids.
  const { rows: ids } = await client.query<{ id: number }>(
    "SELECT nextval(pg_get_serial_sequence('papers', 'id'))::int AS id FROM generate_series(1, $1) ORDER BY 1",
    [rows.length],
  );
  rows.forEach((row, i) => (row.id = ids[i]!.id));
  const columns = [...PAPER_COLUMNS, 'search', 'head'].join(', ');
  const values = [...PAPER_COLUMNS.map((c) => `r.${c}`), SEARCH.join(' || '), HEAD.join(' || ')].join(', ');
  for (let from = 0; from < rows.length; from += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(from, from + ROWS_PER_STATEMENT).map((row) => ({ ...row, ...searchTexts(row) }));
    await client.query(`INSERT INTO papers (${columns}) SELECT ${values} FROM ${ROWS}`, [JSON.stringify(chunk)]);
  }
}

async function updateRows(client: pg.PoolClient, rows: PaperRow[]): Promise<void> {
  const sets = [...WRITTEN.map((c) => `${c} = r.${c}`), `search = ${SEARCH.join(' || ')}`, `head = ${HEAD.join(' || ')}`].join(', ');
  for (let from = 0; from < rows.length; from += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(from, from + ROWS_PER_STATEMENT).map((row) => ({ ...row, ...searchTexts(row) }));
    await client.query(`UPDATE papers p SET ${sets} FROM ${ROWS} WHERE p.id = r.id`, [JSON.stringify(chunk)]);
  }
}

/** The changes of papers someone discussed, once each (paper, kind, value), in the order the merges found them. */
async function recordEvents(client: pg.PoolClient, events: readonly (PaperChange & { paper_id: number })[], at: string): Promise<void> {
  if (events.length === 0) return;
  await client.query(
    `INSERT INTO paper_events (paper_id, kind, value, detail, detected_at)
     SELECT (e->>'paper_id')::int, e->>'kind', e->>'value', e->>'detail', $2 FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, n)
     WHERE EXISTS (SELECT 1 FROM paper_discussions d WHERE d.paper_id = (e->>'paper_id')::int) ORDER BY n ON CONFLICT DO NOTHING`,
    [JSON.stringify(events), at],
  );
}
