import agenda from './agenda.ts';
import cancel from './cancel.ts';
import claim from './claim.ts';
import schedule from './schedule.ts';
import shortlist from './shortlist.ts';
import unclaim from './unclaim.ts';
import type { AnyCommand } from '../src/dispatch/define.ts';

/** The reading group's commands, in the order `help` lists them (on Discord under their own root: src/core/command-groups.ts). */
export const readingGroup: readonly AnyCommand[] = [shortlist, claim, unclaim, schedule, agenda, cancel];
