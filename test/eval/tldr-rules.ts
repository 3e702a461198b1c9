/** Rules half only: each paper's ai_summary, TL;DR and per-sentence ROUGE-L (`npx tsx test/eval/tldr-rules.ts`). */
import { splitSentences } from '../../src/llm/extract.ts';
import { summarizeOffline } from '../../src/llm/offline.ts';
import { labels, summarisedPapers } from './corpus.ts';
import { rougeL } from './rouge.ts';

const file = labels();
for (const p of summarisedPapers()) {
  if (file.papers[p.arxivId!]!.split !== 'rules') continue;
  const tldr = summarizeOffline({ ...p, aiSummary: null }).tldr;
  console.log(`== ${p.arxivId} ${p.title.slice(0, 70)}`);
  console.log(`  REF: ${p.aiSummary}`);
  console.log(`  TLDR ${rougeL(tldr, p.aiSummary ?? '', true).toFixed(1)}: ${tldr}`);
  if (process.argv.includes('-v'))
    splitSentences(p.abstract).forEach((s, i) => console.log(`   ${i} ${rougeL(s, p.aiSummary ?? '', true).toFixed(1)} ${s}`));
}
