import { afterEach, describe, expect, it } from 'vitest';
import { promptOf, reply } from '../fakes/openai.ts';
import { textOf } from './harness.ts';
import { CHANNEL, HIDDEN, startAskWorld, type AskWorld } from './ask-setup.ts';

const chats = (world: AskWorld) => world.openai.requests.filter((r) => r.path === '/v1/chat/completions');

describe('ask: questions answered from the full text', () => {
  let world: AskWorld;
  afterEach(async () => world?.close());

  it('answers from the arXiv HTML with section citations; hidden text never reaches the prompt; JSON schema, temperature and max_tokens are sent', async () => {
    world = await startAskWorld();
    const answer = await world.run('ask 2512.00001 what dataset does it use?');
    const text = textOf(answer);
    expect(text).toContain('• It trains on UCF-101 and Kinetics-600 (§4.2).\n');
    expect(text).toContain('Written by gpt-test from the full text only');
    const [request] = chats(world);
    const prompt = promptOf(request!);
    expect(prompt).toContain('We train on the UCF-101 and Kinetics-600 datasets');
    expect(prompt).toMatch(/<passage id="\d+" paper="1" section="§4\.2 Training data">/);
    expect(prompt).not.toMatch(/IGNORE ALL PREVIOUS|best ever/);
    expect(prompt).not.toContain(HIDDEN);
    const body = request!.body as Record<string, any>;
    expect(body.temperature).toBe(0.2);
    expect(body.max_tokens).toBe(900);
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.schema.required).toEqual(['answered', 'claims']);
    expect(world.arxiv.requests.map((r) => r.path)).toEqual(['/html/2512.00001']);
  });

  it('falls back to json_object, then to the prompt alone, on a server without structured outputs', async () => {
    world = await startAskWorld();
    world.openai.formats = { json_schema: false, json_object: false };
    expect(textOf(await world.run('ask 2512.00001 what dataset does it use?'))).toContain('UCF-101 and Kinetics-600 (§4.2)');
    const formats = chats(world).map((r) => (r.body as any).response_format?.type ?? 'none');
    expect(formats).toEqual(['json_schema', 'json_object', 'none']);
  });

  it('an answer whose citations do not check out is not shown as the model’s and never cached', async () => {
    world = await startAskWorld();
    world.openai.script(
      reply.json({ answered: true, claims: [{ text: 'It uses ImageNet.', sources: [99] }] }),
      reply.json({ answered: true, claims: [{ text: 'It uses ImageNet (§7.1).', sources: [1] }] }),
    );
    const first = textOf(await world.run('ask 2512.00001 what dataset does it use?'));
    expect(first).not.toContain('ImageNet');
    expect(first).toMatch(/The LLM could not be used \(the model's answer could not be read; showing the offline answer\)/);
    expect(first).toContain('UCF-101'); // the passage, quoted
    const second = textOf(await world.run('ask 2512.00001 what dataset does it use?'));
    expect(second).not.toContain('ImageNet');
    const third = textOf(await world.run('ask 2512.00001 what dataset does it use?'));
    expect(third).toContain('UCF-101 and Kinetics-600 (§4.2)');
    expect(third).not.toContain('from the cache');
    const fourth = textOf(await world.run('ask 2512.00001 what dataset does it use?'));
    expect(fourth).toContain('(from the cache: no tokens used)');
    expect(chats(world)).toHaveLength(3);
  });

  it('the daily budget switches answers to offline at the limit; cached answers stay free; settings shows the usage', async () => {
    world = await startAskWorld();
    expect(textOf(await world.run('settings budget:1k'))).toContain('This channel now has a daily budget of 1k tokens.');
    world.openai.script({ ...reply.json({ answered: false, claims: [] }), usage: { prompt_tokens: 900, completion_tokens: 300 } } as never);
    const paid = textOf(await world.run('ask 2512.00001 what is the learning rate?'));
    expect(paid).toContain('does not answer that');
    expect(textOf(await world.run('settings'))).toContain('Token budget: 1k tokens a day; used today (UTC): 1.2k');
    const over = textOf(await world.run('ask 2512.00001 what dataset does it use?'));
    expect(over).toContain("this channel's daily budget of 1k tokens is used up until 00:00 UTC");
    expect(over).toContain('UCF-101'); // the offline answer: quoted passages
    expect(chats(world)).toHaveLength(1);
    // The same question again is answered from the cache, and costs nothing.
    expect(textOf(await world.run('ask 2512.00001 what is the learning rate?'))).toContain('from the cache');
    expect(textOf(await world.run('settings'))).toContain('used today (UTC): 1.2k');
    // Summaries and comparisons are under the same budget.
    expect(textOf(await world.run('summarize 2512.00001'))).toContain('daily budget of 1k tokens is used up');
    expect(chats(world)).toHaveLength(1);
    // Another channel has its own budget.
    await world.run('ask 2512.00001 what dataset does it use?', { channel: { platform: 'slack', id: 'C2' } });
    expect(chats(world)).toHaveLength(2);
  });

  it('a paper is fetched once, whatever the number of channels asking at the same time', async () => {
    world = await startAskWorld();
    world.arxiv.delayMs = 300;
    const answers = await Promise.all([
      world.run('ask 2512.00001 what dataset does it use?'),
      world.run('ask 2512.00001 how much compute?', { channel: { platform: 'discord', id: 'D1' } }),
      world.run('ask 2512.00001 which GPUs?', { channel: { platform: 'slack', id: 'C2' } }),
    ]);
    for (const answer of answers) expect(textOf(answer)).toContain('full text');
    await world.run('ask 2512.00001 what dataset does it use?', { channel: { platform: 'slack', id: 'C3' } });
    expect(world.arxiv.requests).toHaveLength(1);
  });

  it('falls back to the abstract, and says so, when arXiv has no HTML page (404), without asking again that day', async () => {
    world = await startAskWorld();
    const text = textOf(await world.run('ask 2512.00003 what benchmark?'));
    expect(text).toContain('No full text (arXiv has no HTML version of it), so the abstract was used.');
    expect(promptOf(chats(world)[0]!)).toMatch(/section="Abstract">\nWe train language agents/);
    await world.run('ask 2512.00003 how is it trained?');
    expect(world.arxiv.requests).toHaveLength(1);
  });

  it('an unreachable arXiv is an abstract answer that names no address', async () => {
    world = await startAskWorld();
    await world.arxiv.close();
    const text = textOf(await world.run('ask 2512.00001 what dataset does it use?'));
    expect(text).toContain('No full text (arXiv could not be reached), so the abstract was used.');
    expect(text).not.toMatch(/127\.0\.0\.1|http/);
  });

  it('writes in the channel’s language; the cache keeps languages apart', async () => {
    world = await startAskWorld();
    expect(textOf(await world.run('settings language:de'))).toContain('answers in de');
    await world.run('ask 2512.00001 what dataset does it use?');
    expect(promptOf(chats(world)[0]!)).toContain('Write every text value of your answer in German');
    await world.run('ask 2512.00001 what dataset does it use?', { channel: { platform: 'slack', id: 'C2' } });
    expect(chats(world)).toHaveLength(2);
    expect(promptOf(chats(world)[1]!)).not.toContain('German');
    expect(textOf(await world.run('settings budget:lots'))).toContain('is not a daily token budget');
  });

  it('without a model: the best passages, quoted with their sections, in the papers’ language', async () => {
    world = await startAskWorld({ offline: true });
    await world.run('settings language:de');
    const text = textOf(await world.run('ask 2512.00001 what dataset does it use?'));
    expect(text).toMatch(/• “We train on the UCF-101 and Kinetics-600 datasets[^”]*” \(§4\.2\)/);
    expect(text).toContain(
      "No LLM configured, so these are the passages of the full text that best match the question, quoted with their sections. They are in the papers' language.",
    );
    expect(text).not.toContain('IGNORE');
  });

  it('without a model, summaries and comparisons asked for in another language say they are in the papers’ language', async () => {
    world = await startAskWorld({ offline: true });
    expect(textOf(await world.run('summarize 2512.00001'))).not.toContain("papers' language");
    await world.run('settings language:de');
    expect(textOf(await world.run('summarize 2512.00001'))).toContain("It is in the papers' language: offline answers are not translated.");
    expect(textOf(await world.run('compare 2512.00001 2512.00003'))).toContain("It is in the papers' language");
  });

  it('a mention in a digest thread that is not a command is a question about the thread’s papers; typos still get suggestions', async () => {
    world = await startAskWorld();
    const thread = { channel: CHANNEL, messageId: 'T1', threadId: 'T1' };
    const ids = ['2512.00003', '2512.00001', '2512.00004'].map((id) => world.store.papers.getByArxivId(id)!.id);
    world.store.lists.put({ channel: CHANNEL, threadId: 'T1', userId: '' }, { paperIds: ids, label: 'Daily papers' });
    const one = textOf(await world.run('what dataset does 2 use?', { thread }));
    expect(one).toContain('UCF-101 and Kinetics-600 (§4.2)');
    expect(promptOf(chats(world)[0]!)).toContain('Paper 1: Diffusion Transformers for Video Generation');
    const all = await world.run('which of these needs the least compute?', { thread });
    expect(textOf(all)).toContain('Answer from 3 papers');
    expect(promptOf(chats(world)[1]!)).toMatch(/Paper 3: Mamba Meets Attention/);
    expect(textOf(await world.run('serach diffusion', { thread }))).toMatch(/There is no command “serach”: did you mean/);
    // Outside a thread, an unknown word is still an unknown command.
    expect(textOf(await world.run('what dataset does 2 use?'))).toMatch(/There is no command “what”/);
  });

  it('summaries and comparisons ask for JSON by schema too, with temperature, max_tokens and aspect definitions', async () => {
    world = await startAskWorld();
    world.openai.script(
      reply.json({ tldr: 'A TL;DR.', points: ['One.'] }),
      reply.json({ rows: [{ aspect: 'Problem', values: ['a', 'b'] }], verdict: 'Pick [1] for video.' }),
    );
    await world.run('summarize 2512.00001');
    await world.run('compare 2512.00001 2512.00003');
    const [summary, comparison] = chats(world).map((r) => r.body as Record<string, any>);
    expect(summary!.response_format.json_schema.name).toBe('paper_summary');
    expect(comparison!.response_format.json_schema.name).toBe('paper_comparison');
    for (const body of [summary!, comparison!]) {
      expect(body.temperature).toBe(0.2);
      expect(body.max_tokens).toBeGreaterThan(0);
    }
    expect(promptOf(chats(world)[1]!)).toContain('Data / benchmarks: only');
  });
});
