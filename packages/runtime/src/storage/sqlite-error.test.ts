import { expect, test } from "vitest";
import { openDatabase } from "./database.js";
import { prepareLocatingErrors, sqliteErrorText } from "./sqlite-error.js";

const db = openDatabase(":memory:");
db.exec("CREATE TABLE t (a)");

function errorText(sql: string): string | undefined {
  try {
    prepareLocatingErrors(sql, (text) => db.prepare(text));
  } catch (error) {
    return sqliteErrorText(error as Error);
  }
  return "prepared";
}

test("errors at a token carry SQLite's byte offset of that token, as workerd words them", () => {
  expect(
    [
      "SELEC 1",
      "SELECT 'FROM', \"FROM\" FROM FROM",
      "SELECT 'é' FROM FROM",
      "SELECT a FROM t WHERE a = = 1",
      `SELECT ${"1, ".repeat(500)}2 FROM t WHERE a IN (1,, 2), (3, 4)`,
      "SELECT 1 FROM t WHERE",
      "SELECT a FROM nope",
      "SELECT #",
    ].map((sql) => `${sql.length > 60 ? `${sql.slice(0, 20)}…${sql.slice(-30)}` : sql} -> ${errorText(sql)}`),
  ).toMatchInlineSnapshot(`
    [
      "SELEC 1 -> near "SELEC": syntax error at offset 0: SQLITE_ERROR",
      "SELECT 'FROM', "FROM" FROM FROM -> near "FROM": syntax error at offset 27: SQLITE_ERROR",
      "SELECT 'é' FROM FROM -> near "FROM": syntax error at offset 17: SQLITE_ERROR",
      "SELECT a FROM t WHERE a = = 1 -> near "=": syntax error at offset 26: SQLITE_ERROR",
      "SELECT 1, 1, 1, 1, 1…M t WHERE a IN (1,, 2), (3, 4) -> near ",": syntax error at offset 1530: SQLITE_ERROR",
      "SELECT 1 FROM t WHERE -> incomplete input: SQLITE_ERROR",
      "SELECT a FROM nope -> no such table: nope: SQLITE_ERROR",
      "SELECT # -> unrecognized token: "#" at offset 7: SQLITE_ERROR",
    ]
  `);
});
