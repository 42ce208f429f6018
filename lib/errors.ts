/**
 * The project's error hierarchy. Every error thrown from `lib` is one of these,
 * carries its context in the message, and wraps the original with `cause`.
 *
 * @module
 */

/** Base class of every error raised by eks-netscan. */
class ScannerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScannerError';
  }
}

/**
 * Invalid user input: a flag, a file or a field. The CLI prints the message
 * as one line and exits with code 2.
 */
class ConfigError extends ScannerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** A policy, params or waiver file that failed validation. */
class PolicyValidationError extends ConfigError {
  /** File the problem is in. */
  readonly file: string;
  /** 1-based line, where the YAML parser gives one. */
  readonly line?: number;
  constructor(
    file: string,
    message: string,
    options?: { cause?: unknown; line?: number },
  ) {
    super(
      `${file}${options?.line ? `:${options.line}` : ''}: ${message}`,
      options,
    );
    this.name = 'PolicyValidationError';
    this.file = file;
    this.line = options?.line;
  }
}

/** An AWS call failed in a way that stops a whole target (e.g. AssumeRole). */
class CollectionError extends ScannerError {
  readonly accountId?: string;
  readonly region?: string;
  readonly api?: string;
  /** AWS error code (or client-side code such as `TimeoutError`). */
  readonly errorCode?: string;
  constructor(
    message: string,
    context: {
      accountId?: string;
      region?: string;
      api?: string;
      errorCode?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: context.cause });
    this.name = 'CollectionError';
    this.accountId = context.accountId;
    this.region = context.region;
    this.api = context.api;
    this.errorCode = context.errorCode;
  }
}

/** Writing to a store or publishing a notification failed. */
class SinkError extends ScannerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SinkError';
  }
}

/** True when `error` is a {@link ScannerError}. */
const isScannerError = (error: unknown): error is ScannerError =>
  error instanceof ScannerError;
/** True when `error` is a {@link ConfigError} (includes policy validation). */
const isConfigError = (error: unknown): error is ConfigError =>
  error instanceof ConfigError;
/** True when `error` is a {@link PolicyValidationError}. */
const isPolicyValidationError = (
  error: unknown,
): error is PolicyValidationError => error instanceof PolicyValidationError;
/** True when `error` is a {@link CollectionError}. */
const isCollectionError = (error: unknown): error is CollectionError =>
  error instanceof CollectionError;
/** True when `error` is a {@link SinkError}. */
const isSinkError = (error: unknown): error is SinkError =>
  error instanceof SinkError;

export {
  CollectionError,
  ConfigError,
  isCollectionError,
  isConfigError,
  isPolicyValidationError,
  isScannerError,
  isSinkError,
  PolicyValidationError,
  ScannerError,
  SinkError,
};
