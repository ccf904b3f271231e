import { describe, expect, test } from "vitest";
import { parameterSlots, splitSqlStatements } from "./sql-scanner.js";

const texts = (sql: string) => splitSqlStatements(sql).map((s) => s.text);

describe("splitSqlStatements", () => {
  test("splits on semicolons and drops empty and comment-only statements", () => {
    expect(texts("CREATE TABLE a(x);\n-- just a comment\n;INSERT INTO a VALUES (1);  ;/* c */")).toEqual([
      "CREATE TABLE a(x)",
      "INSERT INTO a VALUES (1)",
    ]);
  });

  test("keeps semicolons inside strings, quoted identifiers and comments", () => {
    const sql = `INSERT INTO "we;ird" VALUES ('a;b', 'it''s;', [x;y], \`z;\`); -- end; here\nSELECT 1 /* ; */`;
    expect(texts(sql)).toEqual([
      `INSERT INTO "we;ird" VALUES ('a;b', 'it''s;', [x;y], \`z;\`)`,
      "-- end; here\nSELECT 1 /* ; */",
    ]);
  });

  test("keeps a trigger body, CASE ... END included, in one statement", () => {
    const trigger = `CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN
  UPDATE a SET x = CASE WHEN new.x > 1 THEN 1 ELSE 0 END;
  DELETE FROM b;
END`;
    expect(texts(`${trigger};\nSELECT 2;`)).toEqual([trigger, "SELECT 2"]);
  });

  test("reports each statement's first keyword", () => {
    expect(splitSqlStatements("begin transaction; select 1; -- x\n savepoint s").map((s) => s.keyword)).toEqual([
      "BEGIN",
      "SELECT",
      "SAVEPOINT",
    ]);
  });
});

describe("parameterSlots", () => {
  test("numbers anonymous, ordered and named parameters as SQLite does", () => {
    expect(parameterSlots("SELECT ?, ?, '?', \"?\" -- ?\n")).toEqual([
      { index: 1, name: null },
      { index: 2, name: null },
    ]);
    expect(parameterSlots("SELECT ?2, ?1, ?2")).toEqual([
      { index: 1, name: "1" },
      { index: 2, name: "2" },
    ]);
    expect(parameterSlots("SELECT ?3")).toEqual([
      { index: 1, name: null },
      { index: 2, name: null },
      { index: 3, name: "3" },
    ]);
    expect(parameterSlots("SELECT ?1, ?, :a, :a")).toEqual([
      { index: 1, name: "1" },
      { index: 2, name: null },
      { index: 3, name: "a" },
    ]);
  });
});
