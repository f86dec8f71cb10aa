import type { ConsensusState } from '../types.js';
import { assertItemFits } from './item-size.js';
import { MAX_STATE_ITEM_BYTES } from './state-store.js';
import { keys, PK, SK } from './table-keys.js';

/**
 * The table item of a consensus state: `TARGET#<id>` / `STATE`, the state as a map plus its version as a top-level
 * number that the conditional write compares. Throws `ItemTooLargeError` past `MAX_STATE_ITEM_BYTES`, in every
 * store alike, so that a bug that lets the state grow fails loudly in tests long before DynamoDB's limit.
 */
export function stateItemOf(next: ConsensusState): Record<string, unknown> {
  const item = {
    [PK]: keys.statePk(next.targetId),
    [SK]: keys.stateSk,
    kind: 'state',
    version: next.version,
    state: JSON.parse(JSON.stringify(next)) as unknown,
  };
  assertItemFits(item, MAX_STATE_ITEM_BYTES, `consensus state of ${next.targetId}`);
  return item;
}
