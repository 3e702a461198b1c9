import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseListing } from '../sources/detect.ts';
import { ParseError, SOURCE_KINDS, type SourceKind } from '../sources/types.ts';
import { errorMessage } from '../errors.ts';

export const PARSE_HELP = `Usage: paperboy parse FILE [--format ${SOURCE_KINDS.join('|')}] [--date YYYY-MM-DD]
Prints the parsed listing as JSON: { listingDate, source, papers: [...] }. Problems go to stderr.`;

export function runParse(argv: string[], out = process.stdout, err = process.stderr): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { format: { type: 'string' }, date: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return (void out.write(`${PARSE_HELP}\n`), 0);
  const file = positionals[0];
  if (!file || positionals.length > 1) return (void err.write(`${PARSE_HELP}\n`), 2);
  if (values.format && !SOURCE_KINDS.includes(values.format as SourceKind)) {
    return (void err.write(`paperboy parse: --format must be one of ${SOURCE_KINDS.join(', ')}; got “${values.format}”\n`), 2);
  }
  if (values.date && !/^\d{4}-\d{2}-\d{2}$/.test(values.date))
    return (void err.write(`paperboy parse: --date must be YYYY-MM-DD; got “${values.date}”\n`), 2);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return (
      void err.write(`paperboy parse: ${file}: ${(error as { code?: string }).code === 'ENOENT' ? 'no such file' : errorMessage(error)}\n`),
      1
    );
  }
  try {
    const listing = parseListing(text, {
      file,
      ...(values.format ? { format: values.format as SourceKind } : {}),
      ...(values.date ? { date: values.date } : {}),
    });
    for (const p of listing.problems) err.write(`${file}${p.line ? `:${p.line}` : ''}: skipped card: ${p.message}\n`);
    out.write(`${JSON.stringify({ listingDate: listing.listingDate, source: listing.source, papers: listing.papers }, null, 2)}\n`);
    return 0;
  } catch (error) {
    err.write(`paperboy parse: ${error instanceof ParseError ? error.message : errorMessage(error)}\n`);
    return 1;
  }
}
