/**
 * `eks-netscan demo` (what `npm start` runs): the bundled example
 * organization scanned on two days through the scan pipeline, offline and
 * without AWS credentials.
 *
 * @module
 */
import type { Command } from 'commander';
import { DEMO_DEFAULT_OUT, runDemo } from '../demo/runDemo.js';
import { EXIT } from './main.js';
import type { TextOut } from './progress.js';
import { renderSummaryTable } from './scanCommand.js';

/** Flags of `eks-netscan demo`. */
interface DemoFlags {
  readonly out?: string;
}

/** Where the demo writes its text (tests pass buffers). */
interface DemoCommandDeps {
  readonly stdout?: TextOut;
  readonly stderr?: TextOut;
}

const isFsError = (error: unknown): error is NodeJS.ErrnoException =>
  error instanceof Error &&
  typeof (error as { code?: unknown }).code === 'string';

/**
 * Runs the demo and prints, per day, the summary table `scan` prints, then
 * the path of the second day's `report.html`.
 *
 * @returns 0, or 2 when the output directory cannot be written
 * @example
 * process.exitCode = await runDemoCommand({ out: './eks-netscan-report' });
 */
const runDemoCommand = async (
  flags: DemoFlags,
  deps: DemoCommandDeps = {},
): Promise<number> => {
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  const out = flags.out ?? DEMO_DEFAULT_OUT;
  stderr.write(
    'eks-netscan demo: scanning the bundled example organization (6 accounts, 2 days; no AWS calls)\n',
  );
  try {
    const days = await runDemo({
      out,
      onDay: (day) => {
        stdout.write(
          `\n== day ${day.day} (${day.scanId.slice(0, 10)}) ==\n${renderSummaryTable(day.summary, day.apiCalls)}`,
        );
      },
      warn: (message) => stderr.write(`eks-netscan: warning: ${message}\n`),
    });
    const last = days.at(-1);
    if (last) stdout.write(`\nreport: ${last.reportPath}\n`);
    return EXIT.ok;
  } catch (error) {
    if (isFsError(error)) {
      stderr.write(
        `eks-netscan: cannot write the demo report to ${out}: ${error.message.split('\n')[0]}\n`,
      );
      return EXIT.invalidInput;
    }
    throw error;
  }
};

/**
 * Registers `eks-netscan demo`.
 *
 * @param program - the root command
 * @param setExitCode - receives the command's exit code
 */
const registerDemoCommand = (
  program: Command,
  setExitCode: (code: number) => void,
): Command =>
  program
    .command('demo')
    .description(
      'Scan the bundled example organization (two days, every rule passing and failing somewhere) into a report directory; offline, no credentials.',
    )
    .option('--out <dir>', `report directory (default: ${DEMO_DEFAULT_OUT})`)
    .action(async (flags: DemoFlags) => {
      setExitCode(await runDemoCommand(flags));
    });

export type { DemoCommandDeps, DemoFlags };
export { registerDemoCommand, runDemoCommand };
