/**
 * Waivers: accepted failures with an owner, a reason and an expiry date.
 *
 * @module
 */
import picomatch from 'picomatch';
import { assertKnownOptions } from './options.js';
import type {
  CompiledPolicy,
  LoadedWaiver,
  Waiver,
  WaiverSet,
} from './types.js';
import { readYaml, validateAgainstSchema } from './yamlSource.js';

/** Options of {@link loadWaivers}. */
interface LoadWaiversOptions {
  /** Load time; waivers already expired then are reported, never applied. */
  readonly now: Date;
  /** When given, `rule` must name one of these policies. */
  readonly policies?: readonly CompiledPolicy[];
}

const GLOB_CHARS = /[*?[\]{}!()]/;

/** Matcher for an exact id/ARN or a picomatch glob over either. */
const waiverMatcher = (
  pattern: string,
): ((resourceId: string, resourceArn?: string) => boolean) => {
  if (!GLOB_CHARS.test(pattern)) {
    return (resourceId, resourceArn) =>
      resourceId === pattern || resourceArn === pattern;
  }
  const isMatch = picomatch(pattern, { dot: true });
  return (resourceId, resourceArn) =>
    isMatch(resourceId) || (resourceArn !== undefined && isMatch(resourceArn));
};

/** Start of the day after `date` (UTC), or NaN for an impossible date. */
const endOfDay = (date: string): number => {
  const time = Date.parse(`${date}T00:00:00Z`);
  if (
    Number.isNaN(time) ||
    new Date(time).toISOString().slice(0, 10) !== date
  ) {
    return Number.NaN;
  }
  return time + 86_400_000;
};

/**
 * Reads and validates a waivers file (a YAML list). Unknown rule ids, bad
 * dates and missing reason or owner are one-line errors. A waiver already
 * expired at `now` is not an error: it lands in `expired` and never applies.
 *
 * @throws PolicyValidationError
 *
 * @example
 * const waivers = await loadWaivers('waivers.yaml', { now, policies });
 */
const loadWaivers = async (
  file: string,
  options: LoadWaiversOptions,
): Promise<WaiverSet> => {
  assertKnownOptions('loadWaivers', options, ['now', 'policies']);
  const source = await readYaml(file);
  if (source.value === null || source.value === undefined) {
    return { active: [], expired: [] };
  }
  validateAgainstSchema(source, 'waivers.schema.json');
  const ids = options.policies
    ? new Set(options.policies.map((policy) => policy.id))
    : undefined;
  const active: LoadedWaiver[] = [];
  const expired: LoadedWaiver[] = [];
  (source.value as Waiver[]).forEach((waiver, index) => {
    if (ids && !ids.has(waiver.rule)) {
      throw source.error([index, 'rule'], `unknown rule id '${waiver.rule}'`);
    }
    const expiresAt = endOfDay(waiver.expires);
    if (Number.isNaN(expiresAt)) {
      throw source.error(
        [index, 'expires'],
        `'${waiver.expires}' is not a calendar date (YYYY-MM-DD)`,
      );
    }
    if (!waiver.reason.trim() || !waiver.owner.trim()) {
      throw source.error(
        [index, waiver.reason.trim() ? 'owner' : 'reason'],
        'must not be blank',
      );
    }
    const loaded: LoadedWaiver = {
      waiver,
      file,
      line: source.lineOf([index]),
      expiresAt,
      matches: waiverMatcher(waiver.resource),
    };
    (expiresAt <= options.now.getTime() ? expired : active).push(loaded);
  });
  return { active, expired };
};

export type { LoadWaiversOptions };
export { loadWaivers, waiverMatcher };
