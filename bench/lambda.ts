/**
 * Lambda bundles: builds every function of `serverless.yml` with the same
 * esbuild settings serverless-esbuild uses there (read from its
 * `custom.esbuild`), then measures each bundle's size and its cold import
 * time over a bare `node -e 0` start. Goal: scanTarget ≤ 1 MB and ≤ 100 ms.
 *
 * Run alone with `node bin/run-ts.js bench/lambda.ts`; `bench/run.ts` calls
 * {@link benchLambda}.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';
import { parseDocument } from 'yaml';

/** One line of `bench/results.json` (the shape `bench/run.ts` collects). */
interface LambdaMeasure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly goal: string;
  readonly met: boolean;
  readonly note?: string;
}

/** A built function bundle. */
interface BuiltFunction {
  /** Function key in `serverless.yml`, e.g. `scanTarget`. */
  readonly name: string;
  /** Absolute path of the `.mjs` bundle. */
  readonly file: string;
  /**
   * Bytes a cold import reads: the bundle plus the chunks it imports
   * statically (with `splitting`, shared code lands in chunks).
   */
  readonly bytes: number;
  /** Those files: the bundle first. */
  readonly files: readonly string[];
  /** Bytes of the chunks only imported dynamically (read on first use). */
  readonly lazyBytes: number;
}

const ROOT = fileURLToPath(new URL('../', import.meta.url));

interface ServerlessFile {
  readonly functions: Record<string, { readonly handler: string }>;
  readonly custom: { readonly esbuild: Record<string, unknown> };
}

/** `serverless.yml` as data; CloudFormation tags (`!Ref`) stay strings. */
const readServerless = async (): Promise<ServerlessFile> => {
  const text = await readFile(join(ROOT, 'serverless.yml'), 'utf8');
  return parseDocument(text, { logLevel: 'silent' }).toJS() as ServerlessFile;
};

/** The plugins of a serverless-esbuild `plugins` file, loaded as it does. */
const loadPlugins = (file: string): Plugin[] => {
  const exported = createRequire(import.meta.url)(file) as
    | Plugin[]
    | (() => Plugin[]);
  return typeof exported === 'function' ? exported() : exported;
};

/** The `custom.esbuild` keys this file understands. */
interface EsbuildSettings {
  readonly minify?: boolean;
  readonly target?: string;
  readonly platform?: BuildOptions['platform'];
  readonly format?: BuildOptions['format'];
  readonly outputFileExtension?: string;
  readonly mainFields?: string[];
  readonly define?: Record<string, string>;
  readonly banner?: Record<string, string>;
  readonly sourcemap?: boolean;
  readonly splitting?: boolean;
  /** Path of a CommonJS file exporting the plugins (or a function). */
  readonly plugins?: string;
}

/**
 * esbuild options of `serverless.yml`'s `custom.esbuild`, as
 * serverless-esbuild passes them for one entry: output into `outdir` (so
 * `splitting` can write chunks beside the bundle), `.mjs` via
 * `outExtension`.
 *
 * @param entry - Absolute path of the entry module.
 * @param outdir - Directory the bundle (and its chunks) are written to.
 */
const lambdaBuildOptions = async (
  entry: string,
  outdir: string,
): Promise<BuildOptions> => {
  const settings = (await readServerless()).custom.esbuild as EsbuildSettings;
  const extension = settings.outputFileExtension ?? '.js';
  return {
    entryPoints: [entry],
    outdir,
    ...(extension === '.js' ? {} : { outExtension: { '.js': extension } }),
    bundle: true,
    minify: settings.minify ?? false,
    sourcemap: settings.sourcemap ?? false,
    splitting: settings.splitting ?? false,
    target: settings.target,
    platform: settings.platform ?? 'node',
    format: settings.format ?? 'cjs',
    ...(settings.mainFields ? { mainFields: settings.mainFields } : {}),
    ...(settings.define ? { define: settings.define } : {}),
    ...(settings.banner ? { banner: settings.banner } : {}),
    plugins: settings.plugins ? loadPlugins(join(ROOT, settings.plugins)) : [],
    logLevel: 'silent',
  };
};

/** The output file and every output it imports statically, transitively. */
const staticClosure = (metafile: Metafile, file: string): string[] => {
  const byPath = new Map(
    Object.entries(metafile.outputs).map(([path, output]) => [
      resolve(path),
      output,
    ]),
  );
  const seen = [file];
  for (let i = 0; i < seen.length; i += 1) {
    for (const imported of byPath.get(seen[i] ?? '')?.imports ?? []) {
      const path = resolve(imported.path);
      if (
        imported.kind === 'import-statement' &&
        byPath.has(path) &&
        !seen.includes(path)
      ) {
        seen.push(path);
      }
    }
  }
  return seen;
};

/**
 * Builds every function into `outDir` as serverless-esbuild does
 * (`<outDir>/functions/<name>.mjs`, lazily imported chunks beside it) and
 * copies `policies/` and the instance-limits table beside them, the way
 * `package.patterns` ships them.
 */
const buildFunctions = async (outDir: string): Promise<BuiltFunction[]> => {
  const sls = await readServerless();
  const extension =
    (sls.custom.esbuild as EsbuildSettings).outputFileExtension ?? '.js';
  const built: BuiltFunction[] = [];
  for (const [name, fn] of Object.entries(sls.functions)) {
    const source = fn.handler.replace(/\.[^.]+$/, '');
    const file = join(outDir, `${source}${extension}`);
    const { metafile } = await build({
      ...(await lambdaBuildOptions(
        join(ROOT, `${source}.ts`),
        join(outDir, dirname(source)),
      )),
      metafile: true,
    });
    const loaded = staticClosure(metafile, file);
    const all = Object.keys(metafile.outputs).map((path) => resolve(path));
    const size = async (paths: readonly string[]): Promise<number> =>
      (
        await Promise.all(paths.map(async (path) => (await stat(path)).size))
      ).reduce((a, b) => a + b, 0);
    built.push({
      name,
      file,
      bytes: await size(loaded),
      files: loaded,
      lazyBytes: await size(all.filter((path) => !loaded.includes(path))),
    });
  }
  await cp(join(ROOT, 'policies'), join(outDir, 'policies'), {
    recursive: true,
  });
  await cp(
    join(ROOT, 'data/instance-network-limits.json'),
    join(outDir, 'data/instance-network-limits.json'),
  );
  return built;
};

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** Wall time of one `node` process, in ms. */
const timeNode = (args: readonly string[]): number => {
  const start = process.hrtime.bigint();
  const out = spawnSync(process.execPath, args, {
    env: {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_REGION: 'us-east-1',
    },
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (out.status !== 0) {
    throw new Error(`node ${args.join(' ')} failed: ${out.stderr}`);
  }
  return ms;
};

/** Median cold start of `node -e 0` and of importing `file`, in ms. */
const coldImport = (
  file: string,
  runs: number,
): { bare: number; imported: number } => {
  const bare: number[] = [];
  const imported: number[] = [];
  const script = `await import(${JSON.stringify(pathToFileURL(file).href)});`;
  for (let i = 0; i < runs; i += 1) {
    bare.push(timeNode(['-e', '0']));
    imported.push(timeNode(['--input-type=module', '-e', script]));
  }
  return { bare: median(bare), imported: median(imported) };
};

const GOALS = { scanTargetMb: 1, scanTargetMs: 100 } as const;

/**
 * Builds the function bundles and measures them.
 *
 * @param runs - Cold starts per bundle (the median counts). @default 7
 * @returns One size and one cold-import measure per function; the goals
 *   apply to scanTarget, the others are reported against the same bounds.
 */
const benchLambda = async (runs = 7): Promise<LambdaMeasure[]> => {
  const outDir = await mkdtemp(join(tmpdir(), 'eks-netscan-lambda-'));
  try {
    const built = await buildFunctions(outDir);
    const measures: LambdaMeasure[] = [];
    for (const fn of built) {
      const mb = fn.bytes / (1024 * 1024);
      // Roughly what the deployment zip stores for the bundle.
      const zippedMb =
        deflateRawSync(
          Buffer.concat(await Promise.all(fn.files.map((f) => readFile(f)))),
          { level: 9 },
        ).length /
        (1024 * 1024);
      const { bare, imported } = coldImport(fn.file, runs);
      const extra = imported - bare;
      measures.push(
        {
          name: `lambda ${fn.name} bundle size`,
          value: Math.round(mb * 1000) / 1000,
          unit: 'MB',
          goal: `≤ ${GOALS.scanTargetMb}`,
          met: mb <= GOALS.scanTargetMb,
          note: `bundle and its static chunks (${fn.files.length} files); deflated: ${zippedMb.toFixed(3)} MB; lazily imported chunks: ${(fn.lazyBytes / (1024 * 1024)).toFixed(3)} MB`,
        },
        {
          name: `lambda ${fn.name} cold import over node -e 0`,
          value: Math.round(extra),
          unit: 'ms',
          goal: `≤ ${GOALS.scanTargetMs}`,
          met: extra <= GOALS.scanTargetMs,
          note: `median of ${runs}: import ${Math.round(imported)} ms, bare node ${Math.round(bare)} ms, load average ${(loadavg()[0] ?? 0).toFixed(1)}`,
        },
      );
    }
    return measures;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const m of await benchLambda()) {
    process.stdout.write(
      `${m.met ? 'ok  ' : 'MISS'}  ${m.name}: ${m.value} ${m.unit} (${m.goal})${m.note ? `  ${m.note}` : ''}\n`,
    );
  }
}

export type { BuiltFunction, LambdaMeasure };
export { benchLambda, buildFunctions, lambdaBuildOptions };
