/**
 * Prints the offline evaluation: `npx tsx test/eval/offline-eval.ts` (add --json for the raw figures, --rules to leave
 * out the held-out figures while tuning rules).
 */
import { measure, share, type ComparisonFigures, type TldrFigures } from './measure.ts';

const f = measure();
const rulesOnly = process.argv.includes('--rules');
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(f, null, 2));
} else {
  const n = (x: number) => x.toFixed(1);
  const tldr = (name: string, t: TldrFigures) =>
    `  ${name.padEnd(9)} ${t.papers} papers: ROUGE-L ${n(t.rougeL)} (lead-1 ${n(t.lead1)}, oracle sentence ${n(t.oracle)});` +
    ` unstemmed ${n(t.plain.rougeL)} (${n(t.plain.lead1)}, ${n(t.plain.oracle)}); best sentence picked ${t.bestSentencePicked}/${t.papers}; from background ${t.background}`;
  const cmp = (name: string, c: ComparisonFigures) =>
    [
      `  ${name.padEnd(9)} ${c.groups} groups, ${c.cells} cells: filled ${c.filled}, correct ${c.filledCorrect} (${n(share(c.filledCorrect, c.filled))} %);` +
        ` points captured ${c.captured}/${c.points} (${n(share(c.captured, c.points))} %)`,
      `            data cells correct ${c.dataCorrect}/${c.dataFilled} (${n(share(c.dataCorrect, c.dataFilled))} %); number errors ${c.numberErrors};` +
        ` "not stated" though stated ${c.falseNotStated}; verdict lines grounded ${c.verdictGrounded}/${c.verdictLines}`,
    ].join('\n');
  const c = f.contributions;
  console.log(
    [
      'TL;DR (extractive, against HF ai_summary; ROUGE-L F1 Porter-stemmed, then unstemmed):',
      tldr('rules', f.tldr.rules),
      ...(rulesOnly ? [] : [tldr('held-out', f.tldr['held-out'])]),
      `  ai_summary used when present: ${f.aiSummaryUsed.used}/${f.aiSummaryUsed.of}`,
      `  broken lead-ins: ${f.brokenLeadIns.broken}/${f.brokenLeadIns.of} TL;DRs; not a compression of one abstract sentence: ${f.notCompressions}; cut with "…": ${f.tldrCut}`,
      'Key contributions:',
      `  ${c.bullets} bullets: cut mid-sentence ${c.cut} (${n(share(c.cut, c.bullets))} %); repeat the TL;DR ${c.repeatsTldr};` +
        ` background ${c.background}/${c.labelled} labelled (${n(share(c.background, c.labelled))} %)`,
      'Comparison (hand-checked cells):',
      cmp('rules', f.comparison.rules),
      ...(rulesOnly ? [] : [cmp('held-out', f.comparison['held-out'])]),
    ].join('\n'),
  );
}
