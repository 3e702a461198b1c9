/** "did you mean search?": the command a mistyped word was most likely meant to be. */
import type { AnyCommand } from './define.ts';

/** Edits between two words, a swap of neighbours counting as one ("serach" → "search"). */
export function typoDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The command (by its name) a word most likely meant: the one name or alias it starts (three letters on),
 * else the nearest within one edit for short words and two from five letters on; undefined when none is close.
 */
export function closestCommand(word: string, commands: readonly AnyCommand[]): string | undefined {
  const typed = word.toLowerCase().slice(0, 40);
  const names = commands.flatMap((c) => [c.name, ...(c.aliases ?? [])].map((name) => ({ name, command: c.name })));
  const started = new Set(names.filter((n) => typed.length >= 3 && n.name.startsWith(typed)).map((n) => n.command));
  if (started.size === 1) return [...started][0];
  const limit = typed.length >= 5 ? 2 : 1;
  const scored = names.map((n) => ({ ...n, distance: typoDistance(typed, n.name) })).filter((n) => n.distance <= limit);
  scored.sort((x, y) => x.distance - y.distance);
  const best = scored[0];
  // Two different commands equally close: no guess is better than a wrong one.
  if (!best || scored.some((n) => n.distance === best.distance && n.command !== best.command)) return undefined;
  return best.command;
}
