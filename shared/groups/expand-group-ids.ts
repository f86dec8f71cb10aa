import type { GroupConfig } from './group-config.js';

/**
 * Target ids for a list that may also name service groups: a group stands for its members, in the order given,
 * each id once. Lets an announced window say "coretax" or "buat-unggah-faktur" alike, while the consensus of each
 * target only ever looks for its own id.
 */
export function expandGroupIds(ids: readonly string[], groups: readonly GroupConfig[] | undefined): string[] {
  const byId = new Map((groups ?? []).map((g) => [g.id, g.targets]));
  const out = new Set<string>();
  for (const id of ids) {
    for (const target of byId.get(id) ?? [id]) out.add(target);
  }
  return [...out];
}
