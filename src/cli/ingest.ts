import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { ingestTargets, type IngestReport } from '../ingest/ingest.ts';
import { fetchOptionsFor, sourceUrls } from '../sources/fetch.ts';
import { SOURCE_KINDS, type SourceKind } from '../sources/types.ts';
import { openStore, storeLocation, withDb } from '../store/open.ts';
import { TEXT_CAPS } from '../store/papers.ts';
import { byteProgressBar, progressBar } from './progress.ts';

export const INGEST_HELP = `Usage: paperboy ingest PATH|URL... [--format F] [--date YYYY-MM-DD] [--db PATH]
       paperboy ingest --sources [--date YYYY-MM-DD]   fetch the configured sources (PAPERBOY_SOURCES) for a day

Reads HF Daily Papers pages (text), HF daily_papers JSON, arXiv Atom and RSS from files, folders or URLs
into the store. Each file is one transaction: a bad or interrupted file changes nothing.
arXiv's metadata snapshot (Kaggle's arxiv-metadata-oai-snapshot.json, JSON lines) is streamed in one pass
and committed in batches: if it is interrupted, the same command continues where it stopped. Its papers
count as first seen when first published, so a backfill does not fill the next digest.
Formats: ${SOURCE_KINDS.join(', ')} (detected from content unless --format is given).
Exits 1 when any target failed.`;

export async function runIngest(argv: string[], config: Config, out = process.stdout): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      date: { type: 'string' },
      db: { type: 'string' },
      sources: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return (void out.write(`${INGEST_HELP}\n`), 0);
  if (values.format && !SOURCE_KINDS.includes(values.format as SourceKind)) {
    process.stderr.write(`paperboy ingest: --format must be one of ${SOURCE_KINDS.join(', ')}; got “${values.format}”\n`);
    return 2;
  }
  if (values.date && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) {
    process.stderr.write(`paperboy ingest: --date must be YYYY-MM-DD; got “${values.date}”\n`);
    return 2;
  }
  const day = values.date ?? new Date().toISOString().slice(0, 10);
  const targets = values.sources ? sourceUrls(config.sources, day) : positionals;
  if (targets.length === 0) {
    process.stderr.write(`paperboy ingest: nothing to ingest.\n${INGEST_HELP}\n`);
    return 2;
  }
  const store = await openStore(storeLocation(withDb(config, values.db)));
  try {
    const report = await ingestTargets(store, targets, {
      ...(values.format ? { format: values.format as SourceKind } : {}),
      ...(values.date ? { date: values.date } : {}),
      fetch: fetchOptionsFor(config.sources, ({ url, attempt, waitMs, reason }) =>
        process.stderr.write(`retrying ${url} (${reason}); attempt ${attempt + 1} in ${Math.round(waitMs / 100) / 10} s\n`),
      ),
      onProgress: progressBar(),
      onFileProgress: byteProgressBar(),
    });
    out.write(formatReport(report, await store.papers.count()));
    const failed = report.targets.filter((t) => t.error);
    if (failed.length === 0) return 0;
    process.stderr.write(
      `paperboy ingest: ${failed.length} of ${report.targets.length} failed: ${failed.map((t) => t.target).join(', ')}\n`,
    );
    return 1;
  } finally {
    await store.close();
  }
}

export function formatReport(report: IngestReport, storeTotal: number): string {
  const lines: string[] = [];
  for (const t of report.targets) {
    if (t.error) {
      lines.push(`✗ ${t.error}`);
      continue;
    }
    const date = t.listingDate ? ` ${t.listingDate}` : '';
    if (t.resumed)
      lines.push(`↻ ${t.target}: continued after line ${t.resumed.line} (${t.resumed.papers} papers were stored by the interrupted run)`);
    lines.push(`✓ ${t.target} (${t.source}${date}): ${t.papers} papers, ${t.new} new, ${t.updated} updated, ${t.unchanged} unchanged`);
    for (const p of t.problems) lines.push(`  skipped ${t.target}${p.line ? `:${p.line}` : ''}: ${p.message}`);
    if (t.moreProblems) lines.push(`  skipped ${t.moreProblems} more bad lines of ${t.target}`);
    for (const c of t.trimmed ?? []) lines.push(`  trimmed ${c.paper}: ${c.field} of ${c.length} characters cut to ${TEXT_CAPS[c.field]}`);
  }
  const s = report.totals;
  lines.push(
    `${s.files} file${s.files === 1 ? '' : 's'}${s.failed ? ` (${s.failed} failed)` : ''}: ${s.new} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.skipped} skipped. The store now holds ${storeTotal} papers.`,
  );
  return `${lines.join('\n')}\n`;
}
