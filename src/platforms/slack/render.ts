import type { Block, Field, PaperView, Reply } from '../../message/model.ts';
import { unfenced } from '../code-fence.ts';
import { feedbackButtons, type ActionsBlock } from './feedback-buttons.ts';
import { SLACK_LIMITS } from './limits.ts';
import { escapeClipped, safeUrl, slackLink, splitEscaped, truncateEscaped } from './mrkdwn.ts';

export { escapeSlackText } from './mrkdwn.ts';

interface Mrkdwn {
  readonly type: 'mrkdwn';
  readonly text: string;
}

/** The Block Kit blocks paperboy sends (a subset of Slack's). */
export type SlackBlock =
  | { readonly type: 'header'; readonly text: { readonly type: 'plain_text'; readonly text: string; readonly emoji: true } }
  | { readonly type: 'section'; readonly text: Mrkdwn }
  | { readonly type: 'section'; readonly fields: readonly Mrkdwn[] }
  | { readonly type: 'context'; readonly elements: readonly Mrkdwn[] }
  | { readonly type: 'divider' }
  | ActionsBlock;

/** What chat.postMessage and response_url take: `text` is the notification and fallback. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: SlackBlock[];
}

const TITLE_MAX = 300;
const META_MAX = 300;
const LINKS_MAX = 1000;
const ABSTRACT_PIECES = 3;
/** A text block's most: every block a message may hold, full. */
const TEXT_MAX = SLACK_LIMITS.blocks * SLACK_LIMITS.sectionText;
const AUTHORS_SHOWN = 3;

const mrkdwn = (text: string): Mrkdwn => ({ type: 'mrkdwn', text });
const section = (text: string): SlackBlock => ({ type: 'section', text: mrkdwn(text) });
const context = (text: string): SlackBlock => ({ type: 'context', elements: [mrkdwn(truncateEscaped(text, SLACK_LIMITS.contextText))] });

/** The neutral reply as Block Kit, inside Slack's limits, with every string from data escaped. */
export function renderSlack(reply: Reply): SlackMessage {
  const buttons = reply.feedback !== false && reply.tone !== 'error';
  const groups = reply.blocks.map((block) => {
    const actions = buttons && block.type === 'paper' ? feedbackButtons(block.paper) : undefined;
    return { isPaper: block.type === 'paper', blocks: [...renderBlock(block), ...(actions ? [actions] : [])] };
  });
  if (reply.tone === 'error') markAsError(groups);
  let hidden = 0;
  const count = () => groups.reduce((sum, g) => sum + g.blocks.length, 0);
  const cut = count() > SLACK_LIMITS.blocks ? dropButtons(groups) : 0;
  // Over the limit: drop whole papers from the end, keeping one block for the note that says so.
  const tooMany = count() > SLACK_LIMITS.blocks;
  while (tooMany && count() > SLACK_LIMITS.blocks - 1 && groups.some((g) => g.isPaper)) {
    groups.splice(
      groups.findLastIndex((g) => g.isPaper),
      1,
    );
    hidden += 1;
  }
  let blocks = groups.flatMap((g) => g.blocks);
  if (hidden > 0 || blocks.length > SLACK_LIMITS.blocks) {
    blocks = blocks.slice(0, SLACK_LIMITS.blocks - 1);
    blocks.push(context(moreNote(hidden)));
  } else if (cut > 0 && blocks.some((b) => b.type === 'actions')) {
    blocks.push(context(`Buttons on the first papers only (Slack's block limit): “like <number>” works for every paper.`));
  }
  return { text: fallbackText(reply), blocks };
}

/** Over the block limit: the last papers lose their buttons before any paper is dropped (room kept for a note). */
function dropButtons(groups: readonly { blocks: SlackBlock[] }[]): number {
  const count = () => groups.reduce((sum, g) => sum + g.blocks.length, 0);
  let cut = 0;
  for (let i = groups.length - 1; i >= 0 && count() > SLACK_LIMITS.blocks - 1; i -= 1) {
    const at = groups[i]!.blocks.findIndex((b) => b.type === 'actions');
    if (at >= 0) {
      groups[i]!.blocks.splice(at, 1);
      cut += 1;
    }
  }
  return cut;
}

/** The reply's own notes (e.g. "see all with /papers digest") stay; this says what was left out. */
function moreNote(hidden: number): string {
  const what = hidden > 0 ? `+${hidden} more not shown` : 'The rest is not shown';
  return `${what} (Slack shows at most ${SLACK_LIMITS.blocks} blocks per message).`;
}

function fallbackText(reply: Reply): string {
  const firstText = reply.blocks.find((b) => b.type === 'header' || b.type === 'text');
  const plain = reply.fallback.trim() || (firstText && 'text' in firstText ? firstText.text : '') || 'paperboy';
  return truncateEscaped(escapeClipped(plain, SLACK_LIMITS.text), SLACK_LIMITS.text);
}

/** ":warning:" before the first text, so an error reads as one. */
function markAsError(groups: readonly { blocks: SlackBlock[] }[]): void {
  for (const group of groups) {
    const index = group.blocks.findIndex((b) => b.type === 'section' && 'text' in b);
    const first = group.blocks[index];
    if (first?.type === 'section' && 'text' in first) {
      group.blocks[index] = section(truncateEscaped(`:warning: ${first.text.text}`, SLACK_LIMITS.sectionText));
      return;
    }
  }
}

function renderBlock(block: Block): SlackBlock[] {
  switch (block.type) {
    case 'header':
      return [
        {
          type: 'header',
          text: {
            type: 'plain_text',
            text: truncateEscaped(escapeClipped(block.text, SLACK_LIMITS.headerText), SLACK_LIMITS.headerText),
            emoji: true,
          },
        },
      ];
    case 'text':
      return splitEscaped(escapeClipped(block.text, TEXT_MAX), SLACK_LIMITS.sectionText, SLACK_LIMITS.blocks).map(section);
    case 'note':
      return [context(escapeClipped(block.text, SLACK_LIMITS.contextText))];
    case 'divider':
      return [{ type: 'divider' }];
    case 'code':
      // Inside ``` Slack applies no formatting; a ``` of the text itself would end the block early.
      return [section(`\`\`\`\n${escapeClipped(unfenced(block.text), SLACK_LIMITS.sectionText - 10)}\n\`\`\``)];
    case 'fields':
      return renderFields(block.fields);
    case 'paper':
      return block.detail === 'full' ? renderFullPaper(block.paper) : [section(renderPaperCard(block.paper, block.detail))];
  }
}

function renderFields(fields: readonly Field[]): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  for (let i = 0; i < fields.length; i += SLACK_LIMITS.fields) {
    const row = fields.slice(i, i + SLACK_LIMITS.fields).map((field) => {
      const label = truncateEscaped(escapeClipped(field.label, 100), 100);
      return mrkdwn(truncateEscaped(`*${label}*\n${escapeClipped(field.value, SLACK_LIMITS.fieldText)}`, SLACK_LIMITS.fieldText));
    });
    blocks.push({ type: 'section', fields: row });
  }
  return blocks;
}

/** "*1.* <url|Title>  ▲42": the line users refer to by number. */
function headline(paper: PaperView): string {
  const rank = paper.rank !== undefined ? `*${paper.rank}.* ` : '';
  const title = truncateEscaped(escapeClipped(paper.title, TITLE_MAX), TITLE_MAX);
  const target = safeUrl(paper.url);
  const link = target ? `<${target}|${title.replace(/\|/g, '¦')}>` : `*${title}*`;
  return `${rank}${link}${paper.upvotes > 0 ? `  ▲${paper.upvotes}` : ''}`;
}

function metaLine(paper: PaperView): string {
  const shown = paper.authors.slice(0, AUTHORS_SHOWN).join(', ');
  const more = (paper.authorCount ?? paper.authors.length) - Math.min(paper.authors.length, AUTHORS_SHOWN);
  const authors = shown ? `${shown}${more > 0 ? ` +${more}` : ''}` : paper.authorCount ? `${paper.authorCount} authors` : '';
  const parts = [authors, paper.organization, paper.publishedAt].filter((p): p is string => Boolean(p));
  return truncateEscaped(escapeClipped(parts.join(' · '), META_MAX), META_MAX);
}

function linksLine(paper: PaperView): string {
  let line = '';
  for (const link of paper.links) {
    if (!safeUrl(link.url)) continue;
    const next = `${line ? `${line} · ` : ''}${slackLink(link.url, link.label)}`;
    if (next.length > LINKS_MAX) break;
    line = next;
  }
  return line;
}

function moreLink(paper: PaperView): string {
  return safeUrl(paper.url) ? ` ${slackLink(paper.url, 'more')}` : '';
}

/** One section: headline, authors/org/date, the one-line summary (cut to fit, with a link), links. */
function renderPaperCard(paper: PaperView, detail: 'line' | 'card'): string {
  const top = headline(paper);
  if (detail === 'line') return top;
  const meta = metaLine(paper);
  const links = linksLine(paper);
  const fixed = [top, meta, links].filter(Boolean);
  const room = SLACK_LIMITS.sectionText - fixed.join('\n').length - 1;
  const summary = paper.summary ? truncateEscaped(escapeClipped(paper.summary, room), room, moreLink(paper)) : '';
  return [top, meta, summary, links].filter(Boolean).join('\n');
}

/** A paper in full: headline and meta, the abstract over up to three sections, then the links. */
function renderFullPaper(paper: PaperView): SlackBlock[] {
  const blocks: SlackBlock[] = [section([headline(paper), metaLine(paper)].filter(Boolean).join('\n'))];
  const body = paper.abstract ?? paper.summary;
  if (body) {
    const pieces = splitEscaped(
      escapeClipped(body, ABSTRACT_PIECES * SLACK_LIMITS.sectionText),
      SLACK_LIMITS.sectionText,
      ABSTRACT_PIECES,
      moreLink(paper),
    );
    blocks.push(...pieces.filter(Boolean).map(section));
  }
  const links = linksLine(paper);
  if (links) blocks.push(context(links));
  return blocks;
}
