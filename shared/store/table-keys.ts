/**
 * The single-table layout (see README, "Data"): one partition per target and region for results,
 * one item per target for the consensus state, one partition per target for transitions.
 */
export const keys = {
  resultPk: (targetId: string, region: string) => `TARGET#${targetId}#REGION#${region}`,
  statePk: (targetId: string) => `TARGET#${targetId}`,
  stateSk: 'STATE',
  transitionPk: (targetId: string) => `TARGET#${targetId}#TRANSITION`,
} as const;

/** Attribute names of the table. */
export const PK = 'pk';
export const SK = 'sk';
export const TTL_ATTRIBUTE = 'expiresAt';
