/**
 * `vite build` with Kindling: the worker bundle, then the client (its HTML entry, or only
 * `publicDir` when it has none) with the assets directory copied in, then `wrangler.json` next to
 * the bundle (or in the client build for an assets-only project), each auxiliary worker's bundle
 * and `wrangler.json` in `dist/<its environment>`, and `.wrangler/deploy/config.json` naming them all.
 */
import fs from "node:fs";
import path from "node:path";
import type { BuildEnvironment, ViteBuilder } from "vite";
import type { ResolvedWorkerConfig } from "../config/index.js";
import type { WorkerEntry } from "../plugins/state.js";
import { createOutputConfig } from "./output-config.js";
import { writeDeployConfig } from "./deploy-config.js";

/** Build outputs that are not assets (`@cloudflare/vite-plugin` lists the same). */
const notAssets = ["wrangler.json", ".dev.vars"];

export async function buildApp(builder: ViteBuilder, workers: readonly WorkerEntry[]): Promise<void> {
  const root = builder.config.root;
  const [main, ...auxiliaries] = workers;
  const config = main!.config;
  const worker = config.main === undefined ? undefined : builder.environments[main!.environmentName];
  const entry = worker ? await buildWorker(builder, worker) : undefined;
  const client = builder.environments.client!;
  const clientDir = path.resolve(root, client.config.build.outDir);
  const hasClientEntry = Boolean(client.config.build.rolldownOptions.input) || fs.existsSync(path.join(root, "index.html"));
  if (!client.isBuilt && hasClientEntry) await builder.build(client);
  else if (!client.isBuilt) copyPublicDir(builder, clientDir);
  copyAssetsDirectory(config, builder, clientDir);
  // An assets-only project and an ASSETS binding need a directory even when there is nothing in it.
  const hasAssets = fs.existsSync(clientDir) || config.main === undefined || config.assets.binding !== undefined;
  if (hasAssets) writeAssetsIgnore(clientDir);

  const outDir = worker ? path.resolve(root, worker.config.build.outDir) : clientDir;
  const sourcemap = Boolean(worker?.config.build.sourcemap);
  const outputFile = writeOutputConfig(
    outDir,
    createOutputConfig({ config, outDir, main: entry, assetsDir: hasAssets ? clientDir : undefined, sourcemap }),
  );
  // Each auxiliary worker: its own bundle and wrangler.json, without assets (only the main worker serves them).
  const auxiliaryFiles: string[] = [];
  for (const auxiliary of auxiliaries) {
    const environment = builder.environments[auxiliary.environmentName]!;
    const auxiliaryEntry = await buildWorker(builder, environment);
    const auxiliaryDir = path.resolve(root, environment.config.build.outDir);
    const output = createOutputConfig({
      config: auxiliary.config,
      outDir: auxiliaryDir,
      main: auxiliaryEntry,
      assetsDir: undefined,
      sourcemap: Boolean(environment.config.build.sourcemap),
    });
    auxiliaryFiles.push(writeOutputConfig(auxiliaryDir, output));
  }
  writeDeployConfig(root, outputFile, auxiliaryFiles);
  const written = [outputFile, ...auxiliaryFiles].map((file) => path.relative(root, file)).join(", ");
  builder.config.logger.info(`[kindling] ${written} written: deploy with \`wrangler deploy\`.`);
}

/** Builds a worker's environment (unless a framework built it already); its entry file, relative to its outDir. */
async function buildWorker(builder: ViteBuilder, environment: BuildEnvironment): Promise<string> {
  const output = environment.isBuilt ? undefined : await builder.build(environment);
  return entryFileName(output) ?? "index.js";
}

function writeOutputConfig(outDir: string, output: Record<string, unknown>): string {
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, "wrangler.json");
  fs.writeFileSync(file, JSON.stringify(output, null, 2) + "\n");
  return file;
}

function entryFileName(output: Awaited<ReturnType<ViteBuilder["build"]>> | undefined): string | undefined {
  type Output = { output?: { type: string; isEntry?: boolean; fileName: string }[] };
  const outputs = (Array.isArray(output) ? output : output ? [output] : []) as Output[];
  for (const { output: chunks } of outputs) {
    for (const chunk of chunks ?? []) if (chunk.type === "chunk" && chunk.isEntry) return chunk.fileName;
  }
  return undefined;
}

function copyPublicDir(builder: ViteBuilder, clientDir: string): void {
  const { publicDir } = builder.config;
  if (!publicDir || !fs.existsSync(publicDir) || fs.readdirSync(publicDir).length === 0) return;
  fs.cpSync(publicDir, clientDir, { recursive: true });
}

/** `assets.directory`, when it is a folder of its own (not Vite's publicDir or build output), is deployed with the client. */
function copyAssetsDirectory(config: ResolvedWorkerConfig, builder: ViteBuilder, clientDir: string): void {
  const directory = config.assets.directory;
  if (!directory || !fs.existsSync(directory)) return;
  const { publicDir, root } = builder.config;
  const outDirs = [clientDir, path.resolve(root, builder.config.build.outDir)];
  if (directory === publicDir || outDirs.some((dir) => isInside(directory, dir) || isInside(dir, directory))) return;
  fs.cpSync(directory, clientDir, { recursive: true, force: false, errorOnExist: false });
}

/** Keeps `wrangler.json` and `.dev.vars` out of the uploaded assets, after the project's own patterns. */
function writeAssetsIgnore(clientDir: string): void {
  let existing = "";
  try {
    existing = fs.readFileSync(path.join(clientDir, ".assetsignore"), "utf8");
  } catch {
    // none
  }
  if (existing && !existing.endsWith("\n")) existing += "\n";
  fs.mkdirSync(clientDir, { recursive: true });
  fs.writeFileSync(path.join(clientDir, ".assetsignore"), `${existing}${notAssets.join("\n")}\n`);
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}
