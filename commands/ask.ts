import { answerQuestion } from '../src/core/ask.ts';
import { noteAsked } from '../src/core/votes.ts';
import { defineCommand } from '../src/dispatch/define.ts';

export default defineCommand({
  name: 'ask',
  description: 'A question about papers, answered from their full text with the sections it comes from',
  options: {
    question: {
      type: 'string',
      description: 'The paper (number, arXiv id or "title words"), then the question',
      required: true,
      rest: true,
      maxLength: 800,
    },
  },
  examples: [
    'ask 3 what dataset does it use?',
    'ask 1 and 2 which needs less compute?',
    'ask 2506.01234 how is the model trained?',
    'ask "sparse mixers" what is the learning rate?',
  ],
  visibility: 'ephemeral',
  slow: true,
  async run({ question }, ctx) {
    const { services, channel, thread, user, log, now } = ctx;
    const scope = { channel, threadId: thread?.threadId ?? '', userId: user.id };
    const { store, llm, fullText } = services;
    return answerQuestion(question, scope, { store, llm, fullText, log, now, asked: (papers) => noteAsked(ctx, papers) });
  },
});
