/**
 * What each task's answer must look like, sent as `response_format: json_schema` to servers that support it
 * (openai.ts falls back to `json_object`, then to the prompt alone), and the answer language line.
 */
import type { ChatMessage, LlmTask } from './prompts.ts';

/** Low: answers from given text, not creative writing. */
export const TEMPERATURE = 0.2;
export const ASK_MAX_TOKENS = 900;

/** What a server takes as response_format, best first. */
export type Format = 'json_schema' | 'json_object' | 'none';
/** A server's 400 that names the structured-output parameter: it does not take that format. */
const FORMAT_REFUSED = /response_format|json_schema|json_object|structured output/i;

/** The format to try next when `error` is a server refusing `format`; undefined when it is not that. */
export function nextFormat(error: unknown, format: Format): Format | undefined {
  const { status, message } = (error ?? {}) as { status?: number; message?: string };
  if (format === 'none' || status !== 400 || !FORMAT_REFUSED.test(String(message))) return undefined;
  return format === 'json_schema' ? 'json_object' : 'none';
}

export function responseFormat(format: Format, schema: JsonSchema | undefined) {
  if (!schema || format === 'none') return {};
  if (format === 'json_object') return { response_format: { type: 'json_object' as const } };
  return { response_format: { type: 'json_schema' as const, json_schema: { ...schema, strict: true } } };
}

export interface JsonSchema {
  readonly name: string;
  readonly schema: Readonly<Record<string, unknown>>;
}

const strings = { type: 'array', items: { type: 'string' } } as const;

export const SCHEMAS: Readonly<Partial<Record<LlmTask | 'ask', JsonSchema>>> = {
  summarize: {
    name: 'paper_summary',
    schema: {
      type: 'object',
      properties: { tldr: { type: 'string' }, points: strings },
      required: ['tldr', 'points'],
      additionalProperties: false,
    },
  },
  compare: {
    name: 'paper_comparison',
    schema: {
      type: 'object',
      properties: {
        rows: {
          type: 'array',
          items: {
            type: 'object',
            properties: { aspect: { type: 'string' }, values: strings },
            required: ['aspect', 'values'],
            additionalProperties: false,
          },
        },
        verdict: { type: 'string' },
      },
      required: ['rows', 'verdict'],
      additionalProperties: false,
    },
  },
};

/** "German" for "de"; the code itself when the runtime does not know it. */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The messages with the answer language added to the system prompt (JSON keys stay as they are). */
export function inLanguage(messages: ChatMessage[], language: string | undefined): ChatMessage[] {
  if (!language) return messages;
  const line = `Write every text value of your answer in ${languageName(language)}; keep the JSON keys in English.`;
  return messages.map((m, i) => (i === 0 && m.role === 'system' ? { ...m, content: `${m.content}\n${line}` } : m));
}
