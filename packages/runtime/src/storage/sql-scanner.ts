/**
 * A small SQLite lexer: splits a script into statements (strings, quoted identifiers, comments and
 * trigger bodies respected) and lists each statement's parameter slots, so values bind the way
 * SQLite numbers them (`?`, `?NNN`, `:name`, `@name`, `$name`).
 */

export interface SqlStatement {
  /** The statement's text, without its terminating semicolon. */
  text: string;
  /** First keyword, upper-cased (`SELECT`, `CREATE`, `BEGIN`...). */
  keyword: string;
}

/** One bind slot; `name` is how better-sqlite3 names it (without its prefix), null for a plain `?`. */
export interface ParameterSlot {
  index: number;
  name: string | null;
}

export interface Token {
  kind: "word" | "param" | "semicolon" | "other";
  text: string;
  start: number;
  end: number;
}

/** Statements of `sql` in order; statements made only of comments or whitespace are dropped. */
export function splitSqlStatements(sql: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let start = 0;
  let words: string[] = [];
  let inTriggerBody = false;
  let caseDepth = 0;
  const flush = (end: number) => {
    const text = sql.slice(start, end).trim();
    if (words.length > 0) statements.push({ text, keyword: words[0]! });
    words = [];
    inTriggerBody = false;
    caseDepth = 0;
  };
  for (const token of tokenize(sql)) {
    if (token.kind === "semicolon") {
      if (inTriggerBody) continue;
      flush(token.start);
      start = token.end;
      continue;
    }
    if (token.kind !== "word") {
      if (words.length === 0) words.push(token.text.toUpperCase());
      continue;
    }
    const word = token.text.toUpperCase();
    words.push(word);
    if (!isTrigger(words)) continue;
    // Inside `CREATE TRIGGER ... BEGIN ... END`, semicolons end the body's statements, not ours.
    if (word === "CASE") caseDepth++;
    else if (word === "BEGIN" && !inTriggerBody) inTriggerBody = true;
    else if (word === "END" && caseDepth > 0) caseDepth--;
    else if (word === "END" && inTriggerBody) inTriggerBody = false;
  }
  flush(sql.length);
  return statements;
}

/** The bind slots of one statement, in slot order (an unknown slot index is a gap SQLite leaves unnamed). */
export function parameterSlots(statement: string): ParameterSlot[] {
  const slots = new Map<number, ParameterSlot>();
  const named = new Map<string, number>();
  let highest = 0;
  for (const token of tokenize(statement)) {
    if (token.kind !== "param") continue;
    const text = token.text;
    if (text === "?") {
      highest++;
      slots.set(highest, { index: highest, name: null });
    } else if (/^\?\d+$/.test(text)) {
      const index = Number(text.slice(1));
      if (!slots.has(index)) slots.set(index, { index, name: text.slice(1) });
      highest = Math.max(highest, index);
    } else if (!named.has(text)) {
      highest++;
      named.set(text, highest);
      slots.set(highest, { index: highest, name: text.slice(1) });
    }
  }
  const ordered: ParameterSlot[] = [];
  for (let index = 1; index <= highest; index++) ordered.push(slots.get(index) ?? { index, name: null });
  return ordered;
}

function isTrigger(words: string[]): boolean {
  if (words[0] !== "CREATE") return false;
  const second = words[1];
  return second === "TRIGGER" || ((second === "TEMP" || second === "TEMPORARY") && words[2] === "TRIGGER");
}

/** The tokens of `sql` (comments and whitespace skipped), with their offsets. */
export function* tokenize(sql: string): Generator<Token> {
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    const start = i;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? n : end + 1;
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end === -1 ? n : end + 2;
    } else if (c === "'" || c === '"' || c === "`") {
      i = skipQuoted(sql, i, c);
      yield { kind: "other", text: sql.slice(start, i), start, end: i };
    } else if (c === "[") {
      const end = sql.indexOf("]", i);
      i = end === -1 ? n : end + 1;
      yield { kind: "other", text: sql.slice(start, i), start, end: i };
    } else if (c === ";") {
      i++;
      yield { kind: "semicolon", text: c, start, end: i };
    } else if (c === "?") {
      i++;
      while (i < n && /\d/.test(sql[i]!)) i++;
      yield { kind: "param", text: sql.slice(start, i), start, end: i };
    } else if ((c === ":" || c === "@" || c === "$") && /[\p{L}\p{N}_]/u.test(sql[i + 1] ?? "")) {
      i++;
      while (i < n && /[\p{L}\p{N}_$]/u.test(sql[i]!)) i++;
      yield { kind: "param", text: sql.slice(start, i), start, end: i };
    } else if (/[\p{L}_]/u.test(c)) {
      while (i < n && /[\p{L}\p{N}_$]/u.test(sql[i]!)) i++;
      yield { kind: "word", text: sql.slice(start, i), start, end: i };
    } else {
      i++;
      yield { kind: "other", text: c, start, end: i };
    }
  }
}

/** Index just past the closing quote; a doubled quote is an escaped one. */
function skipQuoted(sql: string, i: number, quote: string): number {
  i++;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return i;
}
