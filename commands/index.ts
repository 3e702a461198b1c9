import compare from './compare.ts';
import digest from './digest.ts';
import help from './help.ts';
import history from './history.ts';
import paper from './paper.ts';
import search from './search.ts';
import settings from './settings.ts';
import status from './status.ts';
import subscribe from './subscribe.ts';
import summarize from './summarize.ts';
import top from './top.ts';
import unsubscribe from './unsubscribe.ts';
import type { AnyCommand } from '../src/dispatch/define.ts';

/** The registry, in the order `help` lists it. Adding a command means adding it here. */
export const commands: readonly AnyCommand[] = [
  digest,
  search,
  top,
  paper,
  summarize,
  compare,
  subscribe,
  unsubscribe,
  settings,
  history,
  status,
  help,
];
