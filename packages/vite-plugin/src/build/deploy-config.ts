/** `.wrangler/deploy/config.json`: where `wrangler deploy` (run in the project) finds the built config, as Vite builds write it. */
import fs from "node:fs";
import path from "node:path";
import { normalizePath } from "vite";

export function deployConfigPath(root: string): string {
  return path.join(root, ".wrangler", "deploy", "config.json");
}

export function writeDeployConfig(root: string, outputConfig: string, auxiliaryConfigs: readonly string[] = []): void {
  const file = deployConfigPath(root);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const relative = (config: string) => normalizePath(path.relative(path.dirname(file), config));
  const auxiliaryWorkers = auxiliaryConfigs.map((config) => ({ configPath: relative(config) }));
  fs.writeFileSync(file, JSON.stringify({ configPath: relative(outputConfig), auxiliaryWorkers }));
}

/** The built `wrangler.json` files the last `vite build` wrote (the main worker's, the auxiliary ones'), or undefined when there are none. */
export function readDeployConfig(root: string): { configPath: string; auxiliaryWorkers: string[] } | undefined {
  const dir = path.dirname(deployConfigPath(root));
  try {
    const { configPath, auxiliaryWorkers } = JSON.parse(fs.readFileSync(deployConfigPath(root), "utf8")) as {
      configPath?: string;
      auxiliaryWorkers?: { configPath: string }[];
    };
    if (!configPath) return undefined;
    return {
      configPath: path.resolve(dir, configPath),
      auxiliaryWorkers: (auxiliaryWorkers ?? []).map((worker) => path.resolve(dir, worker.configPath)),
    };
  } catch {
    return undefined;
  }
}
