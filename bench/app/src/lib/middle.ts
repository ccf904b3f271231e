// @ts-nocheck -- bench app code, resolved by Vite (extensionless imports), not by this repo's tsc
import { value } from "./deep/value";

export const middle = `middle:${value}`;
