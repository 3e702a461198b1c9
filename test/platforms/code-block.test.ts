/** A code block (BibTeX) reaches each platform as it is: monospaced, never read as markup, within the limits. */
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/message/model.ts';
import { renderReply as renderDiscord } from '../../src/platforms/discord/render.ts';
import { renderSlack } from '../../src/platforms/slack/render.ts';
import { renderReply as renderTerminal } from '../../src/platforms/terminal/render.ts';
import { messageProblems } from '../fakes/discord-limits.ts';
import { limitProblems } from './slack/harness.ts';

const BIB =
  '@misc{lecun2026_world,\n  title = {World Models \\& *Agents* <!channel> ```fence```},\n  author = {Yann LeCun and @everyone},\n}';
const reply: Reply = {
  blocks: [
    { type: 'header', text: 'BibTeX' },
    { type: 'code', text: BIB },
  ],
  fallback: BIB,
};

describe('a code block', () => {
  it('GIVEN BibTeX THEN Slack shows it fenced, entities escaped, no fence of its own inside', () => {
    const message = renderSlack(reply);
    const section = message.blocks.find((b) => b.type === 'section') as { text: { text: string } };
    expect(section.text.text.startsWith('```\n@misc{lecun2026_world,')).toBe(true);
    expect(section.text.text.endsWith('\n```')).toBe(true);
    expect(section.text.text).toContain('&lt;!channel&gt;');
    expect(section.text.text.slice(3, -3)).not.toContain('```');
    expect(limitProblems(message)).toEqual([]);
  });

  it('GIVEN BibTeX THEN Discord shows it fenced, pings no one, no fence of its own inside', () => {
    const [message] = renderDiscord(reply);
    const text = JSON.stringify(message);
    expect(text).toContain('```\\n@misc{lecun2026_world,');
    expect(text).not.toMatch(/[^\u200b]@everyone/);
    expect(messageProblems(message!)).toEqual([]);
  });

  it('GIVEN BibTeX THEN the terminal prints it line for line, as it is', () => {
    const text = renderTerminal(reply, { width: 40, color: false });
    for (const line of BIB.split('\n')) expect(text).toContain(line);
  });
});
