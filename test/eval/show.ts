/** Shows the offline TL;DR, bullets and comparison cells with their verdicts: `npx tsx test/eval/show.ts [arxivId,…]`. */
import { compareOffline, summarizeOffline } from '../../src/llm/offline.ts';
import { summarisedPapers, labels } from '../../test/eval/corpus.ts';
import { captures, numbersFromAbstract, hasWrongName, isCut } from '../../test/eval/checks.ts';
const L = labels();
const ps = summarisedPapers();
const only = process.argv[2];
for (const p of ps) {
  if (only && !only.split(',').includes(p.arxivId!)) continue;
  const l = L.papers[p.arxivId!]!;
  const c = compareOffline([p]);
  console.log(`== ${p.arxivId} [${l.split}] ${p.title.slice(0, 60)}`);
  const s = summarizeOffline({ ...p, aiSummary: null });
  console.log(`  TLDR: ${s.tldr}`);
  for (const pt of s.points) console.log(`  • ${isCut(pt, p.abstract) ? 'CUT ' : ''}${pt}`);
  const keys = ['problem', 'approach', 'data', 'results'] as const;
  c.rows.forEach((r, i) => {
    const k = keys[['Problem', 'Approach', 'Data / benchmarks', 'Reported results'].indexOf(r.aspect)]!;
    const cell = r.values[0]!;
    const pts = l[k];
    const cap = pts.filter((x) => captures(cell, x)).length;
    const ok =
      cell !== 'not stated in the abstract' && numbersFromAbstract(cell, p.abstract) && !hasWrongName(cell, l.wrong[k] ?? []) && cap > 0;
    console.log(
      `  ${k}: ${cell === 'not stated in the abstract' ? (pts.length ? 'MISS' : 'ok-empty') : ok ? 'OK' : 'WRONG'} ${cap}/${pts.length} | ${cell}`,
    );
  });
  console.log('  verdict:', c.verdict.replace(/\n/g, ' / '));
}
