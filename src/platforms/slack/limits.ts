/**
 * Slack message limits (wire-facts §3.6). Past them Slack rejects the message (`invalid_blocks`)
 * or truncates it, so the renderer stays inside them on purpose.
 */
export const SLACK_LIMITS = {
  /** Blocks per message (modals and Home tabs allow 100; messages 50). */
  blocks: 50,
  /** A section's text object; Slack answers "must be less than 3001 characters". */
  sectionText: 3000,
  /** A header block's plain_text. */
  headerText: 150,
  /** Each element of a context block. The text object cap is 3000; 2000 keeps context lines short. */
  contextText: 2000,
  /** Elements in one context block. */
  contextElements: 10,
  /** Fields in one section, and the length of each. */
  fields: 10,
  fieldText: 2000,
  /** Top-level `text`: Slack truncates above this (`message_truncated`). */
  text: 40_000,
} as const;

/** Slack ack deadline for slash commands and events (wire-facts §3.3, §3.4). */
export const SLACK_ACK_DEADLINE_MS = 3000;
