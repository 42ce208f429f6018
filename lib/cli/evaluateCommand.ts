/**
 * `eks-netscan evaluate`: re-evaluates stored snapshots offline against the
 * bundled policies and the user's own, with params and waivers.
 *
 * @module
 */
import { type Command, Option } from 'commander';
import { evaluate } from '../engine/evaluate.js';
import {
  defaultPolicyDirs,
  loadPolicies,
  type SkippedPolicy,
} from '../engine/loadPolicies.js';
import { loadParams } from '../engine/params.js';
import {
  MAX_SNAPSHOT_BYTES,
  readSnapshotFile,
} from '../engine/snapshotFile.js';
import type {
  ParamsFile,
  Result,
  ResultCounts,
  Waiver,
  WaiverSet,
  WaiverUse,
} from '../engine/types.js';
import { loadWaivers } from '../engine/waivers.js';
import { EXIT } from './main.js';

/** Output formats of `evaluate`. */
type EvaluateFormat = 'table' | 'json' | 'jsonl';

/** Flags of `evaluate`. */
interface EvaluateFlags {
  /** Extra policy directories, loaded beside the bundled ones. */
  readonly policies?: readonly string[];
  readonly params?: string;
  readonly waivers?: string;
  /** @default 'table' */
  readonly format?: EvaluateFormat;
  /** @default false */
  readonly skipBrokenPolicies?: boolean;
}

/** A writable text stream. */
interface TextOut {
  write(text: string): unknown;
}

/** Streams and clock of a run. */
interface EvaluateDeps {
  /** @default process.stdout */
  readonly stdout?: TextOut;
  /** @default process.stderr */
  readonly stderr?: TextOut;
  /** Wall clock, used to report waivers that expired before this run. @default () => new Date() */
  readonly now?: () => Date;
}

/** Everything `evaluate --format json` prints. */
interface EvaluateReport {
  readonly results: Result[];
  readonly waivers: { readonly used: WaiverUse[]; readonly expired: Waiver[] };
  readonly counts: ResultCounts;
  readonly skippedPolicies: SkippedPolicy[];
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const pad = (text: string, width: number): string =>
  text.length >= width ? text : text + ' '.repeat(width - text.length);

/** Human-readable table: failing and unknown results, then a summary. */
const renderTable = (report: EvaluateReport): string => {
  const rows = report.results.filter(
    (result) => result.status === 'fail' || result.status === 'unknown',
  );
  const lines: string[] = [];
  if (rows.length > 0) {
    const header = [
      'STATUS',
      'SEVERITY',
      'RULE',
      'ACCOUNT',
      'REGION',
      'RESOURCE',
    ];
    const cells = rows.map((result) => [
      result.waiver ? 'fail*' : result.status,
      result.severity,
      result.ruleId,
      result.accountId,
      result.region,
      result.resourceId,
    ]);
    const widths = header.map((title, index) =>
      Math.max(title.length, ...cells.map((row) => (row[index] ?? '').length)),
    );
    const line = (row: string[]) =>
      row
        .map((cell, index) => pad(cell, widths[index] ?? 0))
        .join('  ')
        .trimEnd();
    lines.push(line(header));
    rows.forEach((result, index) => {
      lines.push(line(cells[index] as string[]));
      lines.push(`  ${result.message}`);
      if (result.waiver) {
        lines.push(
          `  waived until ${result.waiver.expires} by ${result.waiver.owner}: ${result.waiver.reason}`,
        );
      }
    });
    lines.push('');
  }
  const { counts } = report;
  lines.push(
    `${counts.total} results: ${counts.fail} fail (${counts.waived} waived), ${counts.unknown} unknown, ${counts.pass} pass, ${counts.skip} skip`,
  );
  for (const waiver of report.waivers.expired) {
    lines.push(
      `expired waiver: ${waiver.rule} ${waiver.resource} (expired ${waiver.expires}, owner ${waiver.owner})`,
    );
  }
  for (const skipped of report.skippedPolicies) {
    lines.push(`skipped policy: ${skipped.reason}`);
  }
  return `${lines.join('\n')}\n`;
};

/**
 * Loads policies, params and waivers, evaluates every snapshot and prints
 * the report. Returns the exit code (0; invalid input throws ConfigError).
 *
 * @example
 * await runEvaluate(['scans/x/targets/1/us-east-1/snapshot.json.gz'], { format: 'json' });
 */
const runEvaluate = async (
  snapshotFiles: readonly string[],
  flags: EvaluateFlags,
  deps: EvaluateDeps = {},
): Promise<number> => {
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  const wallClock = (deps.now ?? (() => new Date()))();
  const { policies, skipped } = await loadPolicies(
    defaultPolicyDirs(flags.policies ?? []),
    { skipBroken: flags.skipBrokenPolicies ?? false },
  );
  const params: ParamsFile | undefined = flags.params
    ? await loadParams(flags.params, policies)
    : undefined;
  const waivers: WaiverSet | undefined = flags.waivers
    ? await loadWaivers(flags.waivers, { now: wallClock, policies })
    : undefined;
  const snapshots = await Promise.all(snapshotFiles.map(readSnapshotFile));

  const results: Result[] = [];
  const used = new Map<string, WaiverUse>();
  const expired = new Map<string, Waiver>();
  const counts = { total: 0, pass: 0, fail: 0, unknown: 0, skip: 0, waived: 0 };
  for (const snapshot of snapshots) {
    // The snapshot's own time keeps a re-evaluation reproducible.
    const output = evaluate(snapshot, policies, {
      now: new Date(snapshot.collectedAt),
      params,
      waivers,
    });
    results.push(...output.results);
    for (const key of Object.keys(counts) as (keyof typeof counts)[]) {
      counts[key] += output.counts[key];
    }
    for (const use of output.waivers.used) {
      const { results: count, ...waiver } = use;
      const key = JSON.stringify(waiver);
      used.set(key, {
        ...use,
        results: (used.get(key)?.results ?? 0) + count,
      });
    }
    for (const waiver of output.waivers.expired) {
      expired.set(JSON.stringify(waiver), waiver);
    }
  }
  results.sort(
    (a, b) =>
      compare(a.ruleId, b.ruleId) ||
      compare(a.accountId, b.accountId) ||
      compare(a.region, b.region) ||
      compare(a.resourceId, b.resourceId),
  );
  const report: EvaluateReport = {
    results,
    waivers: { used: [...used.values()], expired: [...expired.values()] },
    counts,
    skippedPolicies: skipped,
  };
  for (const entry of skipped) {
    stderr.write(`eks-netscan: skipped policy: ${entry.reason}\n`);
  }
  const format = flags.format ?? 'table';
  if (format === 'json') {
    stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else if (format === 'jsonl') {
    stdout.write(
      results.map((result) => `${JSON.stringify(result)}\n`).join(''),
    );
  } else {
    stdout.write(renderTable(report));
  }
  return EXIT.ok;
};

const collect = (value: string, previous: string[] = []): string[] => [
  ...previous,
  value,
];

/**
 * Registers `evaluate` on the program; the action reports its exit code
 * through `setExitCode`.
 */
const registerEvaluateCommand = (
  program: Command,
  setExitCode: (code: number) => void,
): Command =>
  program
    .command('evaluate')
    .description(
      'Re-evaluate stored snapshots (.json or .json.gz) offline against the bundled policies and your own.',
    )
    .argument('<snapshot...>', 'snapshot files')
    .option(
      '--policies <dir>',
      'extra policy directory, loaded beside the bundled ones (repeatable)',
      collect,
    )
    .option('--params <file>', 'policy parameter overrides (YAML)')
    .option('--waivers <file>', 'waivers (YAML)')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'json', 'jsonl'])
        .default('table'),
    )
    .option(
      '--skip-broken-policies',
      'skip policies that fail validation and list them instead of stopping',
      false,
    )
    .action(async (files: string[], options: EvaluateFlags) => {
      setExitCode(await runEvaluate(files, options));
    });

export type { EvaluateDeps, EvaluateFlags, EvaluateFormat, EvaluateReport };
export {
  MAX_SNAPSHOT_BYTES,
  readSnapshotFile,
  registerEvaluateCommand,
  runEvaluate,
};
