/** Splits SQL text at top-level `;` (not inside quotes, brackets or comments). */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === "`") i = sql.indexOf(c, i + 1) === -1 ? sql.length : sql.indexOf(c, i + 1) + 1;
    else if (c === "[") i = sql.indexOf("]", i + 1) === -1 ? sql.length : sql.indexOf("]", i + 1) + 1;
    else if (c === "-" && sql[i + 1] === "-") i = sql.indexOf("\n", i) === -1 ? sql.length : sql.indexOf("\n", i) + 1;
    else if (c === "/" && sql[i + 1] === "*") i = sql.indexOf("*/", i + 2) === -1 ? sql.length : sql.indexOf("*/", i + 2) + 2;
    else if (c === ";" && endsStatement(sql.slice(start, i))) {
      out.push(sql.slice(start, i));
      start = ++i;
    } else i++;
  }
  out.push(sql.slice(start));
  return out.map((s) => s.trim()).filter((s) => s.length > 0 && !/^(--[^\n]*\n?|\/\*[\s\S]*?\*\/|\s)*$/.test(s));
}

/** A trigger's body holds `;`s: it ends only at `END;`. */
function endsStatement(text: string): boolean {
  return !/^\s*CREATE\s+(TEMP\s+|TEMPORARY\s+)?TRIGGER\b/i.test(text) || /\bEND\s*$/i.test(text);
}
