/** Items the subscription service keeps in the fleet table, beside results, states and transitions. */
export const subscriptionKeys = {
  /** One item per subscribed address, keyed by a hash so the table holds no address in clear. */
  recordPk: (emailHash: string) => `SUBSCRIPTION#${emailHash}`,
  recordSk: 'EMAIL',
  /** One counter item per rate-limit key and window. */
  ratePk: (key: string) => `RATE#${key}`,
} as const;
