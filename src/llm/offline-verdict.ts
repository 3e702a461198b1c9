/** "When to pick which": each paper's purpose in its own words, and one-sided evidence; a line with no stated reason is left out. */
import type { PaperFacts } from './offline-compare.ts';

const joinWords = (words: readonly string[]) =>
  words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;

/** Why to pick a paper, in its own words: the purpose its approach states ("for …"), else what the approach is. */
function reason(approach: string | undefined, name: string): string | undefined {
  if (!approach) return undefined;
  const purpose = /\bfor\s+(?![A-Z])([^,;:()]{8,90}?)(?=[,;:(]|\s+(?:that|which|by|via|using|through|while|where)\b|$)/.exec(approach)?.[1];
  if (purpose && !/^(?:be|the|a|an)\b/.test(purpose.trim())) return `for ${purpose.trim()}`;
  // The longer form stops only where a clause ends, never inside a list ("across terminal, software, and …").
  const appositive =
    /^[^,]{2,80},\s+(an?\s+[^;:()]{5,110}?)(?=,\s+(?:which|where|while|built|based|using|\w+ing)\b|[;:(]|$)/.exec(approach)?.[1] ??
    /^[^,]{2,80},\s+(an?\s+[^,;:()]{5,80}?)(?=\s+(?:that|which|in which|of|for|with|built|based|using)\b|[,;:(]|$)/.exec(approach)?.[1];
  if (appositive) return `if you need ${appositive}`;
  const head = approach
    .split(/,\s+|\s+(?:that|which|where|by|via|through)\s+/)[0]
    ?.replace(/\s*\([^)]*\)/g, '')
    .trim();
  if (!head || head.length > 90 || head.split(' ').length < 2 || head.includes(name) || /^(?:we|our)\b/i.test(head)) return undefined;
  return `if you need ${/^(?:A|An|The)\b/.test(head) || /^[A-Z][a-z]+\s+[a-z]/.test(head) ? head.charAt(0).toLowerCase() + head.slice(1) : head}`;
}

export function verdictOf(facts: readonly PaperFacts[]): string {
  if (facts.length === 0) return 'No papers to compare.';
  const lines = facts.flatMap((f, i) => {
    const why = reason(f.cells[1], f.name);
    return why ? [`Pick [${i + 1}] ${f.name} ${why}.`] : [];
  });
  return [...lines, ...evidenceNotes(facts)].join('\n');
}

/** One-sided differences worth knowing: who reports numbers, who names its benchmarks. */
function evidenceNotes(facts: readonly PaperFacts[]): string[] {
  const notes: string[] = [];
  const label = (list: readonly PaperFacts[]) => joinWords(list.map((f) => `[${facts.indexOf(f) + 1}]`));
  const withNumbers = facts.filter((f) => f.numbers.length > 0);
  if (withNumbers.length > 0 && withNumbers.length < facts.length) {
    const examples = withNumbers.map((f) => `${f.numbers.slice(0, 2).join(', ')} in [${facts.indexOf(f) + 1}]`);
    notes.push(`Only ${label(withNumbers)} report${withNumbers.length === 1 ? 's' : ''} concrete numbers (${examples.join('; ')}).`);
  } else if (withNumbers.length === 0 && facts.length > 1) {
    notes.push('None of the abstracts gives concrete numbers, so read the results sections before choosing.');
  }
  const named = facts.filter((f) => f.namedData.length > 0);
  if (named.length > 0 && named.length < facts.length) {
    const lists = named.map((f) => f.namedData.slice(0, 3).join(', ')).join('; ');
    const verb = named.length === 1 ? 'names its' : 'name their';
    notes.push(`${label(named)} ${verb} evaluation data (${lists}), which makes results easier to check.`);
  }
  return notes;
}
