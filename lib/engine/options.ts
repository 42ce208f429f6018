/**
 * Rejects unknown option keys, so a typo (`skipBroke: true`) fails loudly
 * instead of being ignored.
 *
 * @module
 */
import { ConfigError } from '../errors.js';

/**
 * Throws a {@link ConfigError} naming the function and the unknown key.
 *
 * @example
 * assertKnownOptions('evaluate', options, ['now', 'params']);
 */
const assertKnownOptions = (
  where: string,
  options: object | undefined,
  known: readonly string[],
): void => {
  for (const key of Object.keys(options ?? {})) {
    if (!known.includes(key)) {
      throw new ConfigError(
        `${where}: unknown option '${key}' (known: ${known.join(', ')})`,
      );
    }
  }
};

export { assertKnownOptions };
