/**
 * Papers new to the store within one batch, inserted together: one statement per paper would make FTS5 write
 * each as a tiny index segment of its own (it flushes at every statement), and run several times slower.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.ts';
import { MERGED_COLUMNS, type Merged } from './paper-merge.ts';

/** Rows per INSERT: 24 values each stays under SQLite's 32,766 bound parameters. */
const INSERT_ROWS = 1_000;

const INSERT_COLUMNS = ['title_key', 'first_seen_at', 'updated_at', ...MERGED_COLUMNS] as const;

/** The INSERT of `rows` papers, prepared once per row count and reused. */
export function insertStatements(db: Db): (rows: number) => Statement<unknown[]> {
  const statements = new Map<number, Statement<unknown[]>>();
  const row = `(${INSERT_COLUMNS.map(() => '?').join(', ')})`;
  return (rows) => {
    let statement = statements.get(rows);
    if (!statement) {
      statement = db.prepare(`INSERT INTO papers (${INSERT_COLUMNS.join(', ')}) VALUES ${Array(rows).fill(row).join(', ')}`);
      statements.set(rows, statement);
    }
    return statement;
  };
}

type NewRow = Merged & { title_key: string; first_seen_at: string; updated_at: string };

/** Papers new to the store, waiting to be inserted together; a later paper with the same id or title waits for them. */
export class NewPapers {
  private rows: unknown[][] = [];
  private slots: number[] = [];
  private keys = new Set<string>();

  /** Whether findExisting() could match one of them: by id, or by title when one of the two has no id. */
  has(arxivId: string | null, titleKey: string): boolean {
    if (arxivId === null) return this.keys.has(`title ${titleKey}`);
    return this.keys.has(`id ${arxivId}`) || this.keys.has(`bare ${titleKey}`);
  }

  add(slot: number, arxivId: string | null, titleKey: string, row: NewRow): void {
    this.rows.push(INSERT_COLUMNS.map((column) => row[column]));
    this.slots.push(slot);
    this.keys.add(`title ${titleKey}`);
    this.keys.add(arxivId === null ? `bare ${titleKey}` : `id ${arxivId}`);
  }

  /**
   * Inserts them, INSERT_ROWS to a statement, values bound as they are; returns [slot, id] pairs (within one
   * statement, rowids are assigned in insert order, one after another).
   */
  insert(statementFor: (rows: number) => Statement<unknown[]>): [number, number][] {
    const placed: [number, number][] = [];
    for (let from = 0; from < this.rows.length; from += INSERT_ROWS) {
      const rows = this.rows.slice(from, from + INSERT_ROWS);
      const { changes, lastInsertRowid } = statementFor(rows.length).run(rows.flat());
      if (changes !== rows.length) throw new Error(`inserted ${changes} papers of ${rows.length}`);
      const first = Number(lastInsertRowid) - changes + 1;
      rows.forEach((_, i) => placed.push([this.slots[from + i]!, first + i]));
    }
    this.rows = [];
    this.slots = [];
    this.keys.clear();
    return placed;
  }
}
