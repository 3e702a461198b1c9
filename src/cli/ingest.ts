import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { ingestTargets, type IngestReport } from '../ingest/ingest.ts';
import { fetchOptionsFor, sourceUrls } from '../sources/fetch.ts';
import { SOURCE_KINDS, type SourceKind } from '../sources/types.ts';
import { Store } from '../store/store.ts';
import { progressBar } from './progress.ts';

export const INGEST_HELP = `Usage: paperboy ingest PATH|URL... [--format F] [--date YYYY-MM-DD] [--db PATH]
       paperboy ingest --sources [--date YYYY-MM-DD]   fetch the configured sources (PAPERBOY_SOURCES) for a day

Reads HF Daily Papers pages (text), HF daily_papers JSON, arXiv Atom and RSS from files, folders or URLs
into the store. Each file is one transaction: a bad or interrupted file changes nothing.
Formats: ${SOURCE_KINDS.join(', ')} (detected from content unless --format is given).`;

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
  const store = Store.open(values.db ?? config.dbPath);
  try {
    const report = await ingestTargets(store, targets, {
      ...(values.format ? { format: values.format as SourceKind } : {}),
      ...(values.date ? { date: values.date } : {}),
      fetch: fetchOptionsFor(config.sources, ({ url, attempt, waitMs, reason }) =>
        process.stderr.write(`retrying ${url} (${reason}); attempt ${attempt + 1} in ${Math.round(waitMs / 100) / 10} s\n`),
      ),
      onProgress: progressBar(),
    });
    out.write(formatReport(report, store.papers.count()));
    return report.totals.failed > 0 && report.totals.failed === report.totals.files ? 1 : 0;
  } finally {
    store.close();
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
    lines.push(`✓ ${t.target} (${t.source}${date}): ${t.papers} papers, ${t.new} new, ${t.updated} updated, ${t.unchanged} unchanged`);
    for (const p of t.problems) lines.push(`  skipped ${t.target}${p.line ? `:${p.line}` : ''}: ${p.message}`);
  }
  const s = report.totals;
  lines.push(
    `${s.files} file${s.files === 1 ? '' : 's'}${s.failed ? ` (${s.failed} failed)` : ''}: ${s.new} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.skipped} skipped. The store now holds ${storeTotal} papers.`,
  );
  return `${lines.join('\n')}\n`;
}
