import type { FleetConfig } from '../../shared/config/fleet-config.js';
import { groupStateId } from '../../shared/groups/group-key.js';

/** Names of the configured targets and groups by the id their states carry, for messages. */
export function targetNames(config: FleetConfig): Record<string, string> {
  return Object.fromEntries([
    ...config.targets.map((t) => [t.id, t.name]),
    ...config.groups.map((g) => [groupStateId(g.id), g.name]),
  ]);
}
