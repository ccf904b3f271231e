/** Finds and parses wrangler.jsonc / wrangler.json / wrangler.toml. */
import fs from "node:fs";
import path from "node:path";
import { parse as parseJsonc, printParseErrorCode, type ParseError } from "jsonc-parser";
import { parse as parseToml, TomlError } from "smol-toml";
import { KindlingConfigError } from "./errors.js";

export const configFileNames = ["wrangler.jsonc", "wrangler.json", "wrangler.toml"] as const;

/** The config file to use: `configPath` when given, else the first of wrangler.jsonc|json|toml in root. */
export function findConfigFile(root: string, configPath: string | undefined): string {
  if (configPath) {
    const file = path.resolve(root, configPath);
    if (!fs.existsSync(file)) {
      throw new KindlingConfigError(
        `[kindling] The config file "${configPath}" (option "configPath") was not found at ${file}. ` +
          `Fix the path in kindling({ configPath }) in your Vite config.`,
      );
    }
    return file;
  }
  for (const name of configFileNames) {
    const file = path.join(root, name);
    if (fs.existsSync(file)) return file;
  }
  throw new KindlingConfigError(
    `[kindling] No wrangler config found in ${root} (looked for ${configFileNames.join(", ")}). ` +
      `Create one, or point kindling({ configPath }) at yours.`,
  );
}

export function parseConfigFile(file: string): unknown {
  const text = fs.readFileSync(file, "utf8");
  const name = path.basename(file);
  if (file.endsWith(".toml")) {
    try {
      return parseToml(text);
    } catch (error) {
      if (error instanceof TomlError) {
        throw new KindlingConfigError(
          `[kindling] ${name}:${error.line}:${error.column}: invalid TOML: ${error.message.split("\n")[0]}`,
          { cause: error },
        );
      }
      throw error;
    }
  }
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const { line, column } = lineAndColumn(text, errors[0]!.offset);
    throw new KindlingConfigError(
      `[kindling] ${name}:${line}:${column}: invalid JSON (${printParseErrorCode(errors[0]!.error)}).`,
    );
  }
  return value;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
}
