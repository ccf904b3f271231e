/**
 * Which format the entry is written in, by wrangler's rule (`guessWorkerFormat`): an entry that
 * exports anything is an ES module worker, one that exports nothing a service worker. Read from
 * the entry's code as Vite's module runner transform leaves it (its exports become these calls).
 */
const exportsSomething = /\b__vite_ssr_export(?:Name|All)__\s*\(|\b__vite_ssr_exports__\b/;

export function isServiceWorkerCode(code: string): boolean {
  return !exportsSomething.test(code);
}
