export const value = "v1";
