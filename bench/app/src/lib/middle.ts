import { value } from "./deep/value";

export const middle = `middle:${value}`;
