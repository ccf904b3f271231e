/** `kindling types [path]`: writes the worker's `Env` interface (default `worker-configuration.d.ts`, wrangler's name). */
import fs from "node:fs";
import path from "node:path";
import { resolveWorkerConfig } from "../../config/index.js";
import { generateTypes } from "./generate-types.js";

export interface TypesArgs {
  config?: string;
  env?: string;
}

export function typesCommand(outPath: string | undefined, args: TypesArgs, root = process.cwd()): void {
  const config = resolveWorkerConfig({
    root,
    configPath: args.config,
    envName: args.env || process.env.CLOUDFLARE_ENV || undefined,
  });
  const outFile = path.resolve(root, outPath ?? "worker-configuration.d.ts");
  const text = generateTypes({ config, outFile, configText: fs.readFileSync(config.configFile, "utf8") });
  fs.writeFileSync(outFile, text);
  console.log(
    `[kindling] Types written to ${path.relative(root, outFile) || outFile}. Run \`kindling types\` again after you change ${path.basename(config.configFile)}.`,
  );
}
