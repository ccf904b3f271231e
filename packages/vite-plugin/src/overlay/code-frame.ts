/** A few lines of source around a location, with a caret under the column (Vite's layout). */
const CONTEXT = 2;
const MAX_WIDTH = 120;

/** `line` and `column` are 1-based, as in stack traces. */
export function codeFrame(source: string, line: number, column: number): string {
  const lines = source.split(/\r?\n/);
  if (line < 1 || line > lines.length) return "";
  const first = Math.max(1, line - CONTEXT);
  const last = Math.min(lines.length, line + CONTEXT);
  const width = Math.max(3, String(last).length + 1);
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const text = lines[n - 1]!;
    out.push(`${String(n).padEnd(width)}|  ${text.length > MAX_WIDTH ? text.slice(0, MAX_WIDTH) + "…" : text}`);
    if (n === line) {
      const pad = Math.min(Math.max(column - 1, 0), MAX_WIDTH);
      out.push(`${" ".repeat(width)}|  ${" ".repeat(pad)}^`);
    }
  }
  return out.join("\n");
}
