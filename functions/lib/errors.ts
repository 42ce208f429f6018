/**
 * Errors the handlers raise before any `lib` code runs.
 *
 * @module
 */
import { ConfigError } from '../../lib/errors.js';

/**
 * The Lambda event does not have the documented shape. Its name is the
 * Lambda `errorType` callers see (Step Functions `Error`, `lambda invoke`
 * `FunctionError` payload), and nothing has been written when it is thrown.
 */
class EventValidationError extends ConfigError {
  /** Handler whose event was rejected. */
  readonly handlerName: string;
  /** One line per problem, each naming the field. */
  readonly problems: readonly string[];
  constructor(handlerName: string, problems: readonly string[]) {
    super(`invalid ${handlerName} event: ${problems.join('; ')}`);
    this.name = 'EventValidationError';
    this.handlerName = handlerName;
    this.problems = problems;
  }
}

export { EventValidationError };
