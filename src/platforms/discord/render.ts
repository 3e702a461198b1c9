import type { APIEmbed, APIEmbedField, RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { Block, Field, PaperView, Reply } from '../../message/model.ts';
import { unfenced } from '../code-fence.ts';
import { refusedLine } from '../refused.ts';
import { feedbackRows, type FeedbackRow } from './feedback-components.ts';
import { DISCORD_LIMITS as L } from './limits.ts';
import { clip, escapeClipped, escapeText, maskedLink, plainText, safeUrl, splitText } from './text.ts';

/** One Discord message, in discord.js's option shape. Mentions are never parsed, whatever the text says. */
export interface DiscordMessage {
  readonly content?: string;
  readonly embeds: APIEmbed[];
  readonly allowedMentions: { readonly parse: [] };
  /** Feedback buttons, on the first message of a numbered list only. */
  readonly components?: FeedbackRow[];
}

/** The same message as a raw REST body (snake_case), for calls that bypass discord.js's message builders. */
export const toRestBody = (message: DiscordMessage): RESTPostAPIChannelMessageJSONBody => ({
  ...(message.content !== undefined ? { content: message.content } : {}),
  embeds: message.embeds,
  allowed_mentions: { parse: [] },
  ...(message.components ? { components: message.components } : {}),
});

/**
 * What replaces a deferred reply ("thinking…") when Discord refused the answer itself (a 400 is not retried):
 * the user learns that and why, instead of waiting on a reply that never comes.
 */
export function refusedAnswer(reason: string): DiscordMessage {
  return { content: refusedLine('Discord', reason, plainText), embeds: [], allowedMentions: { parse: [] } };
}

export interface RenderOptions {
  /** Carried invisibly by the first message (see withMarker), so the post can be recognised later. */
  readonly marker?: string;
}

const PAPER_COLOR = 0xffd21e;
const ERROR_COLOR = 0xed4245;
/** More numbered cards than fit in one message's 10 embeds become one compact line each. */
const MAX_CARDS = L.embedsPerMessage;
const SUMMARY_MAX = 700;
const LINE_TITLE_MAX = 200;
const BYLINE_MAX = 1000;

/**
 * Reply → Discord messages within every limit of wire-facts §4.4: more embeds or characters than one message
 * holds continue in further messages; a single over-long text is split, an abstract is cut with a link.
 */
export function renderReply(reply: Reply, options: RenderOptions = {}): DiscordMessage[] {
  const reserve = options.marker ? options.marker.length + 3 : 0;
  const { content, embeds } = buildEmbeds(reply, L.embedsTotal - reserve);
  const messages = paginate(content, embeds, L.embedsTotal - reserve);
  return withButtons(options.marker ? withMarker(messages, options.marker) : messages, reply);
}

/** The feedback rows go on the first message. */
function withButtons([first, ...rest]: DiscordMessage[], reply: Reply): DiscordMessage[] {
  const rows = feedbackRows(reply);
  return rows.length === 0 ? [first!, ...rest] : [{ ...first!, components: rows }, ...rest];
}

function buildEmbeds(reply: Reply, budget: number): { content: string | undefined; embeds: APIEmbed[] } {
  const color = reply.tone === 'error' ? ERROR_COLOR : undefined;
  const cards = reply.blocks.filter((b) => b.type === 'paper' && b.detail === 'card').length;
  const compact = cards > MAX_CARDS;
  const embeds: APIEmbed[] = [];
  let content: string | undefined;
  let prose: { title?: string; lines: string[]; fields: APIEmbedField[] } | undefined;
  let lastPaper: APIEmbed | undefined;
  const open = () => (prose ??= { lines: [], fields: [] });
  const flush = () => {
    if (prose) embeds.push(...proseEmbeds(prose, color, budget));
    prose = undefined;
  };

  reply.blocks.forEach((block: Block, index) => {
    switch (block.type) {
      case 'header':
        // A paper shown in full already carries its title; a first header otherwise leads the message.
        if (reply.blocks.some((b) => b.type === 'paper' && b.detail === 'full' && b.paper.title === block.text)) return;
        if (index === 0) {
          content = `**${escapeClipped(block.text, L.embedTitle)}**`;
        } else {
          flush();
          open().title = escapeClipped(block.text, L.embedTitle);
        }
        return;
      case 'text':
      case 'note': {
        const lines =
          block.type === 'text'
            ? [escapeText(block.text)]
            : block.text
                .split('\n')
                .filter(Boolean)
                .map((line) => `*${escapeText(line)}*`);
        // Text right under the header reads as part of it; a note right under a paper is that paper's footnote.
        // Both keep a digest of 10 papers within one message's 10 embeds.
        const lead = content !== undefined && embeds.length === 0 && !prose ? `${content}\n${lines.join('\n')}` : undefined;
        if (lead && lead.length <= L.content) content = lead;
        else if (!(block.type === 'note' && !prose && lastPaper && embeds.at(-1) === lastPaper && footnote(lastPaper, block.text, budget)))
          open().lines.push(...lines);
        return;
      }
      case 'divider':
        flush();
        return;
      case 'code':
        // Inside ``` Discord applies no markdown; a ``` of the text itself would end the block early.
        open().lines.push(`\`\`\`\n${clip(plainText(unfenced(block.text.slice(0, L.embedDescription))), L.embedDescription - 10)}\n\`\`\``);
        return;
      case 'fields':
        open().fields.push(...block.fields.map(toField));
        return;
      case 'paper':
        if (block.detail === 'line' || compact) {
          open().lines.push(paperLine(block.paper));
        } else if (block.detail === 'card') {
          flush();
          embeds.push((lastPaper = paperCard(block.paper, color)));
        } else {
          // Fields announced just before a full paper (authors, dates…) belong in its embed, if they leave room for the abstract.
          const pending = prose?.lines.length === 0 && !prose.title ? prose.fields : [];
          const absorb = pending.length <= L.embedFields && embedLength({ fields: pending }) <= budget / 2;
          if (absorb) prose = undefined;
          flush();
          embeds.push((lastPaper = paperFull(block.paper, absorb ? pending : [], budget, color)));
        }
        return;
    }
  });
  flush();
  if (!content && embeds.length === 0) content = escapeClipped(reply.fallback, L.content) || '…';
  return { content, embeds };
}

/** Appends a plain-text note to a paper embed's footer when it fits; false when it does not. */
function footnote(embed: APIEmbed, note: string, budget: number): boolean {
  const text = [embed.footer?.text, plainText(note)].filter(Boolean).join('\n');
  const grows = text.length - (embed.footer?.text.length ?? 0);
  if (text.length > L.footerText || embedLength(embed) + grows > budget) return false;
  embed.footer = { text };
  return true;
}

function toField(field: Field): APIEmbedField {
  const value = escapeClipped(field.value, L.fieldValue) || '—';
  return { name: escapeClipped(field.label, L.fieldName) || '—', value, inline: value.length <= 40 };
}

/** Free text and fields: the description is split across embeds, fields go 25 at a time, each embed within `budget`. */
function proseEmbeds(
  prose: { title?: string; lines: string[]; fields: APIEmbedField[] },
  color: number | undefined,
  budget: number,
): APIEmbed[] {
  const title = prose.title;
  const max = Math.min(L.embedDescription, budget - (title?.length ?? 0));
  const embeds: APIEmbed[] = splitText(prose.lines.join('\n'), max).map((description) => ({ description }));
  if (embeds.length === 0 && title) embeds.push({});
  if (title) embeds[0] = { title, ...embeds[0] };
  for (const field of prose.fields) {
    const last = embeds[embeds.length - 1];
    const fits = last && (last.fields?.length ?? 0) < L.embedFields && embedLength(last) + field.name.length + field.value.length <= budget;
    if (fits) last.fields = [...(last.fields ?? []), field];
    else embeds.push({ fields: [field] });
  }
  return color === undefined ? embeds : embeds.map((embed) => ({ ...embed, color }));
}

function byline(paper: PaperView): string {
  const count = paper.authorCount ?? paper.authors.length;
  const shown = paper.authors.slice(0, 3).join(', ');
  const authors = shown ? `${shown}${count > 3 ? ` +${count - 3} more` : ''}` : count > 0 ? `${count} authors` : '';
  return escapeClipped([authors, paper.organization].filter(Boolean).join(' · '), BYLINE_MAX);
}

const linksLine = (paper: PaperView): string => paper.links.map((link) => maskedLink(link.label, link.url)).join(' · ');

function footer(paper: PaperView): { text: string } | undefined {
  const text = [paper.upvotes > 0 ? `▲${paper.upvotes}` : '', paper.publishedAt ?? ''].filter(Boolean).join(' · ');
  return text ? { text: plainText(text) } : undefined;
}

function paperLine(paper: PaperView): string {
  const rank = paper.rank !== undefined ? `**${paper.rank}.** ` : '';
  const votes = paper.upvotes > 0 ? ` · ▲${paper.upvotes}` : '';
  return `${rank}${maskedLink(clip(paper.title, LINE_TITLE_MAX), paper.url)}${votes}`;
}

function paperCard(paper: PaperView, color: number | undefined): APIEmbed {
  const title = `${paper.rank !== undefined ? `${paper.rank}. ` : ''}${escapeClipped(paper.title, L.embedTitle)}`;
  const lines = [paper.summary ? escapeClipped(paper.summary, SUMMARY_MAX) : '', byline(paper), linksLine(paper)];
  return compactEmbed({
    title: clip(title, L.embedTitle),
    url: safeUrl(paper.url),
    description: clip(lines.filter(Boolean).join('\n'), L.embedDescription),
    footer: footer(paper),
    color: color ?? PAPER_COLOR,
  });
}

/** The whole abstract when it fits, else cut with a link to the paper. */
function paperFull(paper: PaperView, fields: APIEmbedField[], budget: number, color: number | undefined): APIEmbed {
  const title = escapeClipped(paper.title, L.embedTitle);
  const foot = footer(paper);
  const fieldChars = fields.reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  const links = linksLine(paper);
  const room = Math.min(L.embedDescription, budget - title.length - fieldChars - (foot?.text.length ?? 0)) - links.length - 2;
  const more = safeUrl(paper.url) ? ` … ${maskedLink('more', paper.url)}` : '…';
  const body = paper.abstract ?? paper.summary ?? '';
  return compactEmbed({
    title,
    url: safeUrl(paper.url),
    description: [escapeClipped(body, Math.max(room, more.length + 1), more), links].filter(Boolean).join('\n\n'),
    fields,
    footer: foot,
    color: color ?? PAPER_COLOR,
  });
}

/** Drops undefined and empty members: Discord rejects an empty `fields` or `url`. */
function compactEmbed(embed: APIEmbed): APIEmbed {
  const entries = Object.entries(embed).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0));
  return Object.fromEntries(entries) as APIEmbed;
}

/** The characters Discord counts towards the 6000 limit (wire-facts §4.4). */
export function embedLength(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    fields +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0)
  );
}

function paginate(content: string | undefined, embeds: APIEmbed[], budget: number): DiscordMessage[] {
  const messages: DiscordMessage[] = [];
  let current: APIEmbed[] = [];
  let total = 0;
  const push = () => {
    const first = messages.length === 0 && content !== undefined;
    messages.push({ ...(first ? { content } : {}), embeds: current, allowedMentions: { parse: [] } });
  };
  for (const embed of embeds) {
    const length = embedLength(embed);
    if (current.length > 0 && (current.length === L.embedsPerMessage || total + length > budget)) {
      push();
      current = [];
      total = 0;
    }
    current.push(embed);
    total += length;
  }
  if (current.length > 0 || messages.length === 0) push();
  return messages;
}

/**
 * The marker rides in the URL fragment of the first embed that links somewhere: Discord shows an embed's `url`
 * only as its title's link, so people do not see it, the page still opens (a fragment never reaches the
 * server), and it comes back with the message when findPosted reads the history. Only a first message without
 * any linked embed falls back to a footer (or a subtext line).
 */
function withMarker([first, ...rest]: DiscordMessage[], marker: string): DiscordMessage[] {
  const embeds = first!.embeds;
  const linked = embeds.findIndex((embed) => embed.url);
  if (linked >= 0) {
    const marked = embeds.map((embed, i) => (i === linked ? { ...embed, url: `${embed.url!.split('#')[0]}${marker}` } : embed));
    return [{ ...first!, embeds: marked }, ...rest];
  }
  const last = embeds[embeds.length - 1];
  if (!last) return [{ ...first!, content: `${clip(first!.content ?? '', L.content - marker.length - 4)}\n-# ${marker}` }, ...rest];
  const text = last.footer?.text ? `${clip(last.footer.text, L.footerText - marker.length - 3)} · ${marker}` : marker;
  return [{ ...first!, embeds: [...embeds.slice(0, -1), { ...last, footer: { text } }] }, ...rest];
}
