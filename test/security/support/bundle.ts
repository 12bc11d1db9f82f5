import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildOptions, build } from 'esbuild';
import { parseDocument } from 'yaml';
import { type FunctionName, root } from '../../deploy/package';

/** One AWS SDK command class a bundle holds, e.g. `{ client: '@aws-sdk/client-s3', operation: 'PutObject' }`. */
export interface SdkCommand {
  /** The SDK package (for the SDK's own credential clients, with the submodule: `@aws-sdk/nested-clients/sts`). */
  readonly client: string;
  readonly operation: string;
}

/** What a function's bundle holds after tree-shaking. */
export interface BundleContents {
  readonly commands: readonly SdkCommand[];
  /** This repository's modules that put code into the bundle, relative to the root (`shared/config.ts`). */
  readonly modules: readonly string[];
  readonly code: string;
}

/** serverless-esbuild settings that are the plugin's own, not esbuild's. */
const pluginOnly = new Set([
  'exclude',
  'packager',
  'packagerOptions',
  'keepOutputDirectory',
  'installExtraArgs',
  'watch',
  'nativeZip',
  'outputWorkFolder',
  'outputBuildFolder',
  'outputFileExtension',
  'zipConcurrency',
  'skipBuild',
  'skipRebuild',
  'skipBuildExcludeFns',
  'stripEntryResolveExtensions',
  'disposeContext',
  'disableIncremental',
  'concurrency',
  'config',
]);

/**
 * The esbuild options serverless.yml gives serverless-esbuild (`custom.esbuild`), as the plugin passes
 * them: its own settings dropped, `exclude` as `external`, the target from the runtime (nodejs22.x: node22).
 */
export function serviceEsbuildOptions(): BuildOptions {
  // Only custom.esbuild and provider.runtime are read: CloudFormation tags elsewhere may stay unresolved.
  const service = parseDocument(readFileSync(join(root, 'serverless.yml'), 'utf8'), {
    logLevel: 'silent',
  }).toJS({
    maxAliasCount: -1,
  }) as { provider: { runtime: string }; custom: { esbuild: Record<string, unknown> } };
  const settings = service.custom.esbuild;
  const options = Object.fromEntries(Object.entries(settings).filter(([key]) => !pluginOnly.has(key)));
  const node = /^nodejs(\d+)\.x$/.exec(service.provider.runtime)?.[1];
  if (node === undefined)
    throw new Error(`serverless.yml: runtime ${service.provider.runtime} is not nodejsNN.x`);
  return {
    target: `node${node}`,
    ...options,
    external: (settings.exclude as string[] | undefined) ?? ['aws-sdk'],
  } as BuildOptions;
}

/** `…/@aws-sdk/client-s3/dist-es/commands/PutObjectCommand.js`, `…/nested-clients/dist-es/submodules/sts/commands/…`. */
const commandModule =
  /(?:^|\/)node_modules\/(@aws-sdk\/[^/]+)\/dist-es\/(?:submodules\/([^/]+)\/)?commands\/(\w+)Command\.js$/;

/** A client's CommonJS build is one file holding every command: which of them are sent cannot be told. */
const commonJsClient = /(?:^|\/)node_modules\/(@aws-sdk\/(?:client-[^/]+|nested-clients))\/dist-cjs\//;

/**
 * Bundles `functions/<name>/handler.ts` as `serverless package` does and lists what the bundle holds:
 * the SDK command classes left after tree-shaking (from esbuild's metafile) and this repository's modules.
 *
 * @example
 * const { commands } = await bundleFunction('archive');
 * // [{ client: '@aws-sdk/client-s3', operation: 'PutObject' }, …]
 */
export async function bundleFunction(name: FunctionName): Promise<BundleContents> {
  const result = await build({
    ...serviceEsbuildOptions(),
    entryPoints: [join(root, 'functions', name, 'handler.ts')],
    outfile: join(root, 'test-output', 'iam', `${name}.js`),
    absWorkingDir: root,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const [output] = Object.values(result.metafile.outputs).filter((o) => o.entryPoint !== undefined);
  const code = result.outputFiles.find((file) => file.path.endsWith(`${name}.js`))?.text;
  if (output === undefined || code === undefined) throw new Error(`esbuild wrote no bundle for ${name}`);
  // Inputs tree-shaking emptied are still listed, with no bytes.
  const inputs = Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
  const commands: SdkCommand[] = [];
  for (const path of inputs) {
    const cjs = commonJsClient.exec(path);
    if (cjs)
      throw new Error(`${name}: ${path} is the CommonJS build of ${cjs[1]}, which holds every command`);
    const match = commandModule.exec(path);
    if (match) {
      const [, client, submodule, operation] = match as unknown as [
        string,
        string,
        string | undefined,
        string,
      ];
      commands.push({ client: submodule ? `${client}/${submodule}` : client, operation });
    } else if (/\/commands\/\w+Command\.js$/.test(path)) {
      throw new Error(`${name}: ${path} looks like an SDK command in a layout this reader does not know`);
    }
  }
  const modules = inputs.filter((path) => !path.includes('node_modules/') && /\.ts$/.test(path));
  return { commands, modules, code };
}

/** The quoted `…Command` names in bundled code: the same for two builds that hold the same commands. */
export function commandNames(code: string): string[] {
  return [...new Set([...code.matchAll(/"([A-Z]\w*Command)"/g)].map((m) => m[1] as string))].sort();
}
