/** Hugging Face `api/daily_papers` JSON: the current schema and the 2024 one. */
import { isoDatePart, normalizeInput, normalizeText, optionDate } from './normalize.ts';
import { findJsonError } from './json-syntax.ts';
import { ParseError } from './types.ts';
import type { Listing, Organization, ParseOptions, ParsedPaper, ParseProblem } from './types.ts';

type Json = Record<string, unknown>;

export const HF_JSON_EXPECTED = 'expected the HF daily_papers JSON array (items with a "paper" object)';

export function parseHfJson(text: string, options: ParseOptions = {}): Listing {
  const data = readJson(normalizeInput(text));
  if (!Array.isArray(data)) throw new ParseError(`${HF_JSON_EXPECTED}, got ${describeJson(data)}`);
  if (data.length > 0 && !data.some((item) => isObject(item) && isObject(item.paper))) {
    throw new ParseError(`${HF_JSON_EXPECTED}, got ${describeJson(data)}`);
  }
  const papers: ParsedPaper[] = [];
  const problems: ParseProblem[] = [];
  const dayOf = dayReader(data);
  data.forEach((item: unknown, index) => {
    const paper = readItem(item);
    if (typeof paper === 'string') problems.push({ line: null, message: `item at index ${index}: ${paper}` });
    else papers.push({ ...paper, listedOn: dayOf(item) });
  });
  const first = problems[0];
  if (papers.length === 0 && first) throw new ParseError(`no item could be read; the first problem: ${first.message}`);
  return { listingDate: listingDate(data, options), source: 'hf-json', papers, problems };
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw jsonSyntaxError(text);
  }
}

/** A ParseError naming the line, column and cause of the first syntax error in `text`. */
export function jsonSyntaxError(text: string): ParseError {
  const found = findJsonError(text);
  if (!found) return new ParseError(`not valid JSON; ${HF_JSON_EXPECTED}`);
  return new ParseError(`not valid JSON: ${found.message} (column ${found.column}); ${HF_JSON_EXPECTED}`, null, found.line);
}

/** A short description of unexpected JSON, for error messages. */
export function describeJson(value: unknown): string {
  if (Array.isArray(value)) {
    const kinds = [...new Set(value.slice(0, 20).map((v) => (isObject(v) ? 'objects without "paper"' : jsonKind(v))))];
    return `an array of ${kinds.join(' and ')}`;
  }
  if (isObject(value)) {
    const keys = Object.keys(value).slice(0, 5);
    return keys.length ? `an object with keys ${keys.map((k) => `"${k}"`).join(', ')}` : 'an empty object';
  }
  return jsonKind(value);
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'arrays';
  return `${typeof value}s`;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function readItem(item: unknown): ParsedPaper | string {
  if (!isObject(item)) return 'not an object';
  const paper = item.paper;
  if (!isObject(paper)) return 'no "paper" object';
  const id = str(paper.id);
  const title = str(paper.title) ?? str(item.title);
  if (!id) return 'paper.id is missing';
  if (!title) return `paper.title is missing (paper ${id})`;
  const authors = Array.isArray(paper.authors) ? authorNames(paper.authors) : null;
  const aiSummary = str(paper.ai_summary);
  return {
    title: normalizeText(title),
    abstract: normalizeText(str(paper.summary) ?? str(item.summary) ?? ''),
    authorCount: authors ? authors.length : null,
    authors: authors ?? [],
    organization: organization(item.organization) ?? organization(paper.organization),
    publishedAt: isoDatePart(paper.publishedAt),
    upvotes: typeof paper.upvotes === 'number' ? paper.upvotes : 0,
    arxivId: id,
    url: `https://huggingface.co/papers/${id}`,
    pdfUrl: `https://arxiv.org/pdf/${id}`,
    keywords: Array.isArray(paper.ai_keywords) ? paper.ai_keywords.flatMap((k) => (typeof k === 'string' && normalizeText(k)) || []) : [],
    githubRepo: str(paper.githubRepo),
    projectPage: str(paper.projectPage),
    aiSummary: aiSummary && normalizeText(aiSummary),
  };
}

function authorNames(authors: readonly unknown[]): string[] {
  const names: string[] = [];
  for (const author of authors) {
    const name = isObject(author) ? str(author.name) : str(author);
    if (name) names.push(normalizeText(name));
  }
  return names;
}

function organization(value: unknown): Organization | null {
  if (!isObject(value)) return null;
  const slug = normalizeText(str(value.name) ?? '');
  return slug ? { slug, name: normalizeText(str(value.fullname) ?? '') || slug } : null;
}

/**
 * The day each item is listed on: `paper.submittedOnDailyAt`; in the 2024 schema, which lacks it, the item's
 * `publishedAt` (in the current one that is the arXiv date instead).
 */
function dayReader(items: readonly unknown[]): (item: unknown) => string | null {
  const submitted = items.some((item) => isObject(item) && isObject(item.paper) && item.paper.submittedOnDailyAt !== undefined);
  return (item) => {
    if (!isObject(item)) return null;
    return submitted ? isoDatePart(isObject(item.paper) ? item.paper.submittedOnDailyAt : null) : isoDatePart(item.publishedAt);
  };
}

/** options.date (`--date` overrides, as for every format), else paper.submittedOnDailyAt or the items' publishedAt when they agree. */
function listingDate(items: readonly unknown[], options: ParseOptions): string | null {
  const papers = items.filter(isObject);
  return (
    optionDate(options) ??
    agreedDate(papers.map((item) => (isObject(item.paper) ? item.paper.submittedOnDailyAt : undefined))) ??
    agreedDate(papers.map((item) => item.publishedAt))
  );
}

/** The one date all items that carry the field agree on, or null. */
function agreedDate(values: readonly unknown[]): string | null {
  const dates = new Set(values.filter((value) => value !== undefined).map(isoDatePart));
  if (dates.size !== 1) return null;
  return [...dates][0] ?? null;
}
