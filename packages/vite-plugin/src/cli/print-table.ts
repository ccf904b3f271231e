/** Rows as a box-drawn table, the way wrangler prints query results. */
export function formatTable(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cells = rows.map((row) => columns.map((_, i) => formatCell(row[i])));
  const widths = columns.map((name, i) => Math.max(displayWidth(name), ...cells.map((row) => displayWidth(row[i]!))));
  const line = (left: string, middle: string, right: string) =>
    left + widths.map((width) => "─".repeat(width + 2)).join(middle) + right;
  const row = (values: readonly string[]) =>
    "│" + values.map((value, i) => ` ${value}${" ".repeat(widths[i]! - displayWidth(value))} `).join("│") + "│";
  return [line("┌", "┬", "┐"), row(columns), line("├", "┼", "┤"), ...cells.map(row), line("└", "┴", "┘")].join("\n");
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return value.replace(/\n/g, "\\n");
  if (Array.isArray(value)) return `x'${Buffer.from(value as number[]).toString("hex")}'`;
  return String(value);
}

/** Columns a terminal gives `text`: emoji take two, variation selectors and combining marks none. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    if (/[\uFE00-\uFE0F\u200D\p{M}]/u.test(char)) continue;
    width += /\p{Extended_Pictographic}/u.test(char) ? 2 : 1;
  }
  return width;
}
