/**
 * Whether a module's code may reach `import.meta.hot`: Vite's SSR transform writes `import.meta`
 * as `__vite_ssr_import_meta__`, and only the runner makes its `hot` (its HMR client). Any use of
 * `import.meta` other than a property known not to be `hot` counts.
 */
const meta = "__vite_ssr_import_meta__";
const knownProperty = /\.(?:url|env|dirname|filename|resolve|glob|main)\b/y;

export function usesHot(code: string): boolean {
  for (let at = code.indexOf(meta); at !== -1; at = code.indexOf(meta, at + meta.length)) {
    knownProperty.lastIndex = at + meta.length;
    if (!knownProperty.test(code)) return true;
  }
  return false;
}
