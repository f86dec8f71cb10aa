export const PURE = true;
