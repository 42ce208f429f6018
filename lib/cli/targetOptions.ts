/**
 * The target-selection flags `scan` and `snapshot` share: which accounts and
 * regions, and how to get into them. One definition, so both commands accept
 * exactly the same spelling and conflicts.
 *
 * @module
 */
import { type Command, Option } from 'commander';
import { DEFAULT_ROLE_NAME } from '../targets/constants.js';

/** Collects a repeatable or comma-separated flag into a list. */
const list = (value: string, previous: string[] = []): string[] => [
  ...previous,
  value,
];

/**
 * Adds `--org | --accounts`, `--include-ous`, `--exclude-ous`,
 * `--exclude-accounts`, `--regions | --all-regions`, `--role-name`,
 * `--external-id` (also `EKS_NETSCAN_EXTERNAL_ID`) and `--profile`.
 *
 * @example
 * addTargetOptions(program.command('snapshot')).requiredOption('--out <dir>', '…');
 */
const addTargetOptions = (command: Command): Command =>
  command
    .addOption(
      new Option('--org', 'every ACTIVE account of the organization').conflicts(
        'accounts',
      ),
    )
    .addOption(
      new Option(
        '--accounts <ids>',
        'comma-separated 12-digit account ids (default: the caller’s account)',
      )
        .argParser(list)
        .conflicts('org'),
    )
    .option(
      '--include-ous <ids>',
      'with --org: only accounts below these OUs (recursive)',
      list,
    )
    .option(
      '--exclude-ous <ids>',
      'with --org: skip accounts below these OUs (recursive)',
      list,
    )
    .option('--exclude-accounts <ids>', 'skip these account ids', list)
    .addOption(
      new Option(
        '--regions <names>',
        'comma-separated regions (default: every region enabled in each account)',
      )
        .argParser(list)
        .conflicts('allRegions'),
    )
    .addOption(
      new Option(
        '--all-regions',
        'every region enabled in each account (ec2:DescribeRegions)',
      ).conflicts('regions'),
    )
    .option(
      '--role-name <name>',
      `role assumed in each account other than the caller’s (default: ${DEFAULT_ROLE_NAME})`,
    )
    .addOption(
      // The environment keeps the id out of `ps` output and shell history.
      new Option(
        '--external-id <id>',
        'ExternalId sent with sts:AssumeRole',
      ).env('EKS_NETSCAN_EXTERNAL_ID'),
    )
    .option('--profile <name>', 'AWS named profile for the caller credentials');

export { addTargetOptions, list };
