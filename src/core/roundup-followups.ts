/**
 * SEAM for the weekly roundup's "Follow-ups this week" section. Follow-ups (a paper's new version, code or
 * discussion after it was shown) are being added separately; there is no table for them yet, so this returns
 * nothing and the roundup leaves the section out. When the table lands, read the channel's follow-ups dated
 * from `from` to `to` (local days, inclusive) here, one line each; composeRoundup shows them as they are.
 */
import type { ChannelRef } from '../platforms/types.ts';
import type { Store } from '../store/store.ts';

export function weekFollowUps(_store: Store, _channel: ChannelRef, _from: string, _to: string): string[] {
  return [];
}
