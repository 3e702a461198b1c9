/**
 * What Discord checks on a message body before it answers 400 "Invalid Form Body" (wire-facts §4.4), written
 * out independently of src/platforms/discord/limits.ts so that the fake judges the renderer, not itself.
 */
type Embed = {
  title?: string;
  description?: string;
  url?: string;
  footer?: { text: string };
  author?: { name: string };
  fields?: { name: string; value: string }[];
};

export function embedChars(embed: Embed): number {
  const fields = (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    fields +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0)
  );
}

export function messageProblems(
  body: { content?: string; embeds?: Embed[]; nonce?: unknown; components?: Row[] },
  options: { editing?: boolean } = {},
): string[] {
  const problems: string[] = [];
  const embeds = body.embeds ?? [];
  if (body.content !== undefined && body.content.length > 2000) problems.push(`content: ${body.content.length} > 2000`);
  if (!options.editing && !body.content && embeds.length === 0) problems.push('Cannot send an empty message');
  if (embeds.length > 10) problems.push(`embeds: ${embeds.length} > 10`);
  if (typeof body.nonce === 'string' && body.nonce.length > 25) problems.push(`nonce: ${body.nonce.length} > 25`);
  embeds.forEach((embed, i) => {
    const at = `embeds[${i}]`;
    if ((embed.title?.length ?? 0) > 256) problems.push(`${at}.title > 256`);
    if ((embed.description?.length ?? 0) > 4096) problems.push(`${at}.description > 4096`);
    if ((embed.footer?.text.length ?? 0) > 2048) problems.push(`${at}.footer > 2048`);
    if ((embed.fields?.length ?? 0) > 25) problems.push(`${at}.fields > 25`);
    for (const field of embed.fields ?? []) {
      if (field.name.length === 0 || field.name.length > 256) problems.push(`${at}.fields.name length ${field.name.length}`);
      if (field.value.length === 0 || field.value.length > 1024) problems.push(`${at}.fields.value length ${field.value.length}`);
    }
    if (embed.url !== undefined && !/^https?:\/\/\S+$/.test(embed.url)) problems.push(`${at}.url is not a URL`);
    if (embedChars(embed) === 0 && !(embed as { image?: unknown }).image) problems.push(`${at} is empty`);
  });
  problems.push(...componentProblems(body.components));
  const total = embeds.reduce((n, e) => n + embedChars(e), 0);
  if (total > 6000) problems.push(`embeds total ${total} > 6000`);
  return problems;
}

type Row = { type: number; components?: { type: number; custom_id?: string; label?: string; style?: number }[] };

/** Action rows: at most 5 a message, each of 1–5 buttons with a custom_id of 1–100 and a label of at most 80 characters. */
function componentProblems(rows: Row[] | undefined): string[] {
  const problems: string[] = [];
  if (!rows) return problems;
  if (rows.length > 5) problems.push(`components: ${rows.length} rows > 5`);
  rows.forEach((row, i) => {
    const parts = row.components ?? [];
    if (row.type !== 1) problems.push(`components[${i}] is not an action row`);
    if (parts.length === 0 || parts.length > 5) problems.push(`components[${i}] has ${parts.length} components`);
    parts.forEach((part, j) => {
      const at = `components[${i}].components[${j}]`;
      if (part.type !== 2) problems.push(`${at} is not a button`);
      if (!part.custom_id || part.custom_id.length > 100) problems.push(`${at}.custom_id length ${part.custom_id?.length ?? 0}`);
      if ((part.label?.length ?? 0) > 80) problems.push(`${at}.label > 80`);
    });
  });
  const ids = rows.flatMap((r) => (r.components ?? []).map((c) => c.custom_id));
  if (new Set(ids).size !== ids.length) problems.push('components: custom_id must be unique');
  return problems;
}
