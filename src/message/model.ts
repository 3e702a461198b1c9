/**
 * The neutral reply model. Every string is untrusted plain text: only the platform
 * renderers produce markup, and only they escape.
 */
export interface Reply {
  readonly blocks: readonly Block[];
  /** Plain-text summary: Slack `text` fallback, notifications, logs. */
  readonly fallback: string;
  readonly tone?: 'normal' | 'error';
  /** Papers in display order when the reply lists them; their `rank` is what users refer to. */
  readonly papers?: readonly PaperView[];
  /**
   * One-click feedback (like / dislike / save buttons) on each paper shown that has an arXiv id.
   * Default on; false turns it off (a confirmation). Renderers without buttons ignore it.
   */
  readonly feedback?: boolean;
  /** Files sent with the reply (a chart): Slack uploads them into the post's thread, Discord attaches them, the terminal saves them. */
  readonly attachments?: readonly Attachment[];
}

/** A file that goes with a reply. Its bytes are made on the server; `alt` describes it for screen readers and text-only places. */
export interface Attachment {
  readonly kind: 'image';
  /** A plain file name (letters, digits, dot, dash), e.g. "roundup-2026-W49.png". */
  readonly filename: string;
  readonly mimeType: 'image/png';
  readonly data: Uint8Array;
  readonly alt: string;
  readonly width: number;
  readonly height: number;
}

export type Block =
  | { readonly type: 'header'; readonly text: string }
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'paper'; readonly paper: PaperView; readonly detail: 'line' | 'card' | 'full' }
  | { readonly type: 'fields'; readonly fields: readonly Field[] }
  | { readonly type: 'note'; readonly text: string }
  /** Text shown as it is, in a monospaced block (BibTeX): never read as markup. */
  | { readonly type: 'code'; readonly text: string }
  | { readonly type: 'divider' };

export interface Field {
  readonly label: string;
  readonly value: string;
}

export interface Link {
  readonly label: string;
  readonly url: string;
}

export interface PaperView {
  /** Position in the list shown (1-based); what "compare 2 and 5" refers to. */
  readonly rank?: number;
  readonly paperId: number;
  readonly arxivId: string | null;
  readonly title: string;
  readonly url: string | null;
  readonly authors: readonly string[];
  readonly authorCount: number | null;
  readonly organization: string | null;
  readonly publishedAt: string | null;
  readonly upvotes: number;
  /** One line: LLM TL;DR, HF ai_summary or the abstract's first sentence. */
  readonly summary?: string;
  readonly abstract?: string;
  /** Why it is shown here, one short line ("similar to “X”, which this channel liked"); renderers get it as a note block after the paper too. */
  readonly reason?: string;
  readonly links: readonly Link[];
  /** The thread it was discussed in (a digest's), for platforms that can link there; see message/thread-links.ts. */
  readonly thread?: ThreadRef;
}

/** A posted message and its thread on the reply's own platform and channel. */
export interface ThreadRef {
  readonly messageId: string;
  readonly threadId: string;
}
