/**
 * The `eks-netscan` command line: builds the command tree and maps errors to
 * exit codes (0 ok, 1 findings at or above `--fail-on`, 2 invalid input,
 * 3 incomplete scan).
 *
 * @module
 */
import { Command, CommanderError } from 'commander';
import { isConfigError } from '../errors.js';
import { registerDemoCommand } from './demoCommand.js';
import { registerDiffCommand } from './diffCommand.js';
import { registerEvaluateCommand } from './evaluateCommand.js';
import { registerPoliciesCommand } from './policiesCommand.js';
import { registerScanCommand } from './scanCommand.js';
import { registerSnapshotCommand } from './snapshotCommand.js';

/** Exit codes shared by every command. */
const EXIT = {
  ok: 0,
  findings: 1,
  invalidInput: 2,
  incomplete: 3,
} as const;

/** Builds the command tree. Commands register themselves here. */
const buildProgram = (
  setExitCode: (code: number) => void = () => {},
): Command => {
  const program = new Command('eks-netscan')
    .description(
      'Finds network misconfigurations in Amazon EKS clusters across the accounts and regions of an AWS Organization.',
    )
    .version('0.1.0')
    .exitOverride()
    .configureOutput({
      outputError: (text, write) => write(`${text.split('\n')[0]}\n`),
    });
  registerSnapshotCommand(program, setExitCode);
  registerScanCommand(program, setExitCode);
  registerDiffCommand(program, setExitCode);
  registerEvaluateCommand(program, setExitCode);
  registerPoliciesCommand(program, setExitCode);
  registerDemoCommand(program, setExitCode);
  return program;
};

/**
 * Runs the CLI with `argv` (without `node` and the script) and returns the
 * exit code. Invalid input prints one line to stderr and returns 2.
 *
 * @example
 * process.exitCode = await main(['snapshot', '--help']);
 */
const main = async (argv: readonly string[]): Promise<number> => {
  let exitCode: number | undefined;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    if (exitCode !== undefined) return exitCode;
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.help' ||
        error.code === 'commander.version'
      ) {
        return EXIT.ok;
      }
      return EXIT.invalidInput;
    }
    if (isConfigError(error)) {
      process.stderr.write(`eks-netscan: ${error.message}\n`);
      return EXIT.invalidInput;
    }
    throw error;
  }
};

export { buildProgram, EXIT, main };
