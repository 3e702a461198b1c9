import type { Reply } from '../../message/model.ts';
import { takeBackRow, type ComponentCommand } from './feedback-components.ts';
import { renderReply, type DiscordMessage } from './render.ts';

/** The private answer to a feedback click: what changed, and under a vote that counted, a "Take back" button. */
export function clickAnswer(reply: Reply, clicked: ComponentCommand): DiscordMessage {
  const message = renderReply({ ...reply, feedback: false })[0]!;
  const counted = clicked.command !== 'unlike' && reply.tone !== 'error';
  return counted ? { ...message, components: [takeBackRow(clicked.ref)] } : message;
}
