import ask from './ask.ts';
import bib from './bib.ts';
import compare from './compare.ts';
import digest from './digest.ts';
import follow from './follow.ts';
import following from './following.ts';
import dislike from './dislike.ts';
import help from './help.ts';
import history from './history.ts';
import like from './like.ts';
import paper from './paper.ts';
import related from './related.ts';
import roundup from './roundup.ts';
import save from './save.ts';
import saved from './saved.ts';
import search from './search.ts';
import settings from './settings.ts';
import status from './status.ts';
import subscribe from './subscribe.ts';
import summarize from './summarize.ts';
import taste from './taste.ts';
import top from './top.ts';
import unfollow from './unfollow.ts';
import unlike from './unlike.ts';
import unsubscribe from './unsubscribe.ts';
import why from './why.ts';
import { readingGroup } from './reading-group.ts';
import type { AnyCommand } from '../src/dispatch/define.ts';

/** The registry, in the order `help` lists it. Adding a command means adding it here. */
export const commands: readonly AnyCommand[] = [
  digest,
  search,
  top,
  paper,
  summarize,
  compare,
  ask,
  bib,
  roundup,
  like,
  dislike,
  unlike,
  save,
  saved,
  why,
  related,
  taste,
  follow,
  unfollow,
  following,
  ...readingGroup,
  subscribe,
  unsubscribe,
  settings,
  history,
  status,
  help,
];
