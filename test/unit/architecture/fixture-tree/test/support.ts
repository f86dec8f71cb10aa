export const SUPPORT = true;
