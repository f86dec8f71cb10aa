export const APP = true;
