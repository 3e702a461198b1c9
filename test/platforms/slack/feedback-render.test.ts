/** The Slack renderer's feedback buttons: under each paper, off when asked, and never at the cost of a paper. */
import { describe, expect, it } from 'vitest';
import { paperList } from '../../../src/message/build.ts';
import { renderSlack } from '../../../src/platforms/slack/render.ts';
import type { Paper } from '../../../src/store/types.ts';
import { limitProblems } from './harness.ts';

const paper = (i: number): Paper =>
  ({
    id: i,
    arxivId: i % 5 === 4 ? null : `2405.${String(i).padStart(5, '0')}`,
    title: `Paper number ${i}`,
    abstract: 'An abstract.',
    authors: ['Ada Lovelace'],
    authorCount: 1,
    organization: null,
    publishedAt: '2024-05-01',
    upvotes: 10,
    url: `https://arxiv.org/abs/2405.${String(i).padStart(5, '0')}`,
    pdfUrl: null,
    githubRepo: null,
    projectPage: null,
    aiSummary: null,
    keywords: [],
    categories: [],
    comment: null,
    journalRef: null,
    doi: null,
    firstSeenAt: '2024-05-01T00:00:00Z',
    lastListedOn: '2024-05-01',
  }) as unknown as Paper;

const actions = (blocks: readonly { type: string }[]) => blocks.filter((b) => b.type === 'actions');

describe('Slack feedback buttons', () => {
  it('GIVEN a list of 5 papers THEN each paper with an arXiv id has its buttons right under it; feedback:false has none', () => {
    const reply = paperList('Five', [0, 1, 2, 3, 4].map(paper));
    const message = renderSlack(reply);
    expect(limitProblems(message)).toEqual([]);
    expect(actions(message.blocks)).toHaveLength(4);
    expect(message.blocks[2]).toMatchObject({
      type: 'actions',
      elements: [
        { action_id: 'paperboy_like', value: '2405.00000' },
        { action_id: 'paperboy_dislike', value: '2405.00000' },
        { action_id: 'paperboy_save', value: '2405.00000' },
        { action_id: 'paperboy_unvote', value: '2405.00000' },
      ],
    });
    expect(actions(renderSlack({ ...reply, feedback: false }).blocks)).toEqual([]);
  });

  it('GIVEN 20 papers with reasons (41 blocks without buttons) THEN the last papers lose their buttons before any paper is dropped, and a note says so', () => {
    const papers = Array.from({ length: 20 }, (_, i) => paper(i * 5 + 1));
    const reasons = new Map(papers.map((p) => [p.id, 'matches your topic'] as const));
    const message = renderSlack(paperList('Many', papers, { reasons }));
    expect(limitProblems(message)).toEqual([]);
    const text = JSON.stringify(message.blocks);
    for (const p of papers) expect(text).toContain(`Paper number ${p.id}`);
    expect(actions(message.blocks).length).toBeGreaterThan(0);
    expect(actions(message.blocks).length).toBeLessThan(20);
    expect(message.blocks.at(-1)).toMatchObject({ type: 'context' });
    expect(text).toContain('Buttons on the first papers only');
  });
});
