/**
 * Claim rows on PostgreSQL (digests and their thread notes). A claim is the row itself: the first claimer
 * inserts it (INSERT … ON CONFLICT DO NOTHING: of concurrent inserts exactly one lands), and taking over an
 * existing row (failed, stale) happens under its row lock, taken with FOR UPDATE SKIP LOCKED: a replica that
 * finds the row locked does not wait for another's transaction but reports the claim in progress. Whether a
 * row may be taken is the caller's rule (digests.ts's claimRefusal), read again under the lock. A claimer
 * whose connection dies mid-transaction leaves nothing: its transaction rolls back and its lock goes with it.
 */
import { inTransaction, type PgPool } from './db.ts';

export interface ClaimTable {
  readonly name: 'digests' | 'digest_notes' | 'followup_notes' | 'reading_reminders';
  /** Its key columns, in the order the key's values are given. */
  readonly keys: readonly string[];
}

export interface ClaimRow {
  state: string;
  claimed_by: string | null;
  attempts: number;
}

export type Taken<R, Why extends string> =
  | { readonly won: true; readonly attempt: number; readonly previous: R | undefined }
  | { readonly won: false; readonly reason: Why | 'in-progress'; readonly row: R };

/** `WHERE` for a table's key, its values as $1…$n. */
export const keyWhere = (table: ClaimTable): string => table.keys.map((column, i) => `${column} = $${i + 1}`).join(' AND ');

export async function selectClaimRow<R>(pool: PgPool, table: ClaimTable, key: readonly string[]): Promise<R | undefined> {
  const { rows } = await pool.query(`SELECT * FROM ${table.name} WHERE ${keyWhere(table)}`, [...key]);
  return rows[0] as R | undefined;
}

/** A row released (deleted) between our reads is claimed afresh; one that keeps vanishing is a bug, not a race. */
const ROUNDS = 5;

export async function takeClaim<R extends ClaimRow, Why extends string>(
  pool: PgPool,
  table: ClaimTable,
  key: readonly string[],
  holder: string,
  now: Date,
  refuse: (row: R) => Why | null,
): Promise<Taken<R, Why>> {
  const at = now.toISOString();
  const n = table.keys.length;
  const where = keyWhere(table);
  for (let round = 0; round < ROUNDS; round++) {
    const inserted = await pool.query(
      `INSERT INTO ${table.name} (${table.keys.join(', ')}, state, claimed_by, claimed_at, attempts, updated_at)
       VALUES (${table.keys.map((_, i) => `$${i + 1}`).join(', ')}, 'claimed', $${n + 1}, $${n + 2}, 1, $${n + 2})
       ON CONFLICT DO NOTHING`,
      [...key, holder, at],
    );
    if (inserted.rowCount === 1) return { won: true, attempt: 1, previous: undefined };
    // Refused without a lock first: done and in-progress rows, the common case, are never locked at all.
    const seen = await selectClaimRow<R>(pool, table, key);
    if (!seen) continue;
    const refused = refuse(seen);
    if (refused) return { won: false, reason: refused, row: seen };
    const outcome = await inTransaction(pool, async (client): Promise<Taken<R, Why> | undefined> => {
      const locked = (await client.query(`SELECT * FROM ${table.name} WHERE ${where} FOR UPDATE SKIP LOCKED`, [...key])).rows[0] as
        R | undefined;
      if (!locked) return undefined;
      const again = refuse(locked);
      if (again) return { won: false, reason: again, row: locked };
      const attempt = locked.attempts + 1;
      await client.query(
        `UPDATE ${table.name} SET state = 'claimed', claimed_by = $${n + 1}, claimed_at = $${n + 2}, error = NULL,
           attempts = $${n + 3}, updated_at = $${n + 2} WHERE ${where}`,
        [...key, holder, at, attempt],
      );
      return { won: true, attempt, previous: locked };
    });
    if (outcome) return outcome;
    // Locked by another claimer (or released meanwhile, then claimed afresh next round).
    const current = await selectClaimRow<R>(pool, table, key);
    if (current) return { won: false, reason: 'in-progress', row: current };
  }
  throw new Error(`the ${table.name} claim row kept disappearing while being claimed`);
}

/**
 * Changes the row only while `holder` still holds the claim. `sets` names columns with $n placeholders
 * numbered after the key and holder ($k+2 …), `values` in that order.
 */
export async function updateHeld(
  pool: PgPool,
  table: ClaimTable,
  key: readonly string[],
  holder: string,
  sets: string,
  values: readonly unknown[],
): Promise<boolean> {
  const n = table.keys.length;
  const result = await pool.query(
    `UPDATE ${table.name} SET ${sets} WHERE ${keyWhere(table)} AND state = 'claimed' AND claimed_by = $${n + 1}`,
    [...key, holder, ...values],
  );
  return result.rowCount === 1;
}
