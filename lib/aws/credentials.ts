/**
 * Credentials for the accounts a scan visits: the caller's own, and
 * `sts:AssumeRole` into each member account, cached per account.
 *
 * @module
 */
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { CollectionError, isCollectionError } from '../errors.js';
import { CLIENT_FACTORY_DEFAULTS } from './constants.js';

/** AWS credentials as the SDK clients take them. */
interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** Absent for long-lived keys. */
  readonly expiration?: Date;
}

/** Resolves credentials; the SDK clients call it before signing. */
type CredentialsProvider = () => Promise<Credentials>;

/** Options of {@link cacheCredentials}. */
interface CacheOptions {
  /** Wall clock. @default () => new Date() */
  readonly now?: () => Date;
  /**
   * Credentials are renewed this long before `expiration`.
   * @default 300000 (5 minutes)
   */
  readonly refreshBeforeMs?: number;
}

/**
 * Wraps a provider so that concurrent callers share one request and the
 * result is reused until shortly before it expires. A failure is kept too:
 * every later call of the same scan gets the same error without another
 * request, which keeps a denied account to one `AssumeRole` call.
 *
 * @example
 * const provider = cacheCredentials(assumeRole, { refreshBeforeMs: 300_000 });
 */
const cacheCredentials = (
  provider: CredentialsProvider,
  options: CacheOptions = {},
): CredentialsProvider => {
  const now = options.now ?? (() => new Date());
  const refreshBeforeMs =
    options.refreshBeforeMs ?? CLIENT_FACTORY_DEFAULTS.refreshBeforeExpiryMs;
  let current: Promise<Credentials> | undefined;
  let value: Credentials | undefined;
  const fresh = (credentials: Credentials): boolean =>
    !credentials.expiration ||
    credentials.expiration.getTime() - now().getTime() > refreshBeforeMs;
  return () => {
    if (current && (!value || fresh(value))) return current;
    value = undefined;
    current = provider().then((credentials) => {
      value = credentials;
      return credentials;
    });
    return current;
  };
};

/**
 * The ARN of role `roleName` in `accountId`.
 *
 * @param partition - `aws`, `aws-cn` or `aws-us-gov`, from the caller's ARN.
 * @example
 * roleArnFor('aws', '111122223333', 'EksNetscanReadOnly');
 * // 'arn:aws:iam::111122223333:role/EksNetscanReadOnly'
 */
const roleArnFor = (
  partition: string,
  accountId: string,
  roleName: string,
): string => `arn:${partition}:iam::${accountId}:role/${roleName}`;

/**
 * A `RoleSessionName` that CloudTrail readers recognise:
 * `eks-netscan-<scanId>`, reduced to STS's `[\w+=,.@-]` and 64 characters.
 */
const sessionNameFor = (scanId?: string): string => {
  const raw = scanId
    ? `${CLIENT_FACTORY_DEFAULTS.sessionNamePrefix}-${scanId}`
    : CLIENT_FACTORY_DEFAULTS.sessionNamePrefix;
  return raw.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
};

/** Input of {@link assumeRoleProvider}. */
interface AssumeRoleInput {
  /** STS client holding the caller's credentials. */
  readonly sts: STSClient;
  readonly accountId: string;
  readonly roleArn: string;
  readonly externalId?: string;
  readonly sessionName: string;
  /** @default 3600 */
  readonly durationSeconds?: number;
}

const errorCodeOf = (error: unknown): string => {
  const { Code, name } = (error ?? {}) as { Code?: unknown; name?: unknown };
  if (typeof Code === 'string' && Code) return Code;
  return typeof name === 'string' && name ? name : 'Unknown';
};

/**
 * A provider that calls `sts:AssumeRole` once per call. Wrap it with
 * {@link cacheCredentials}. Failures are {@link CollectionError}s carrying
 * the account id and the AWS error code, so the caller can mark the account's
 * targets failed and carry on.
 */
const assumeRoleProvider =
  (input: AssumeRoleInput): CredentialsProvider =>
  async () => {
    try {
      const { Credentials: c } = await input.sts.send(
        new AssumeRoleCommand({
          RoleArn: input.roleArn,
          RoleSessionName: input.sessionName,
          DurationSeconds:
            input.durationSeconds ??
            CLIENT_FACTORY_DEFAULTS.sessionDurationSeconds,
          ...(input.externalId ? { ExternalId: input.externalId } : {}),
        }),
      );
      if (!c?.AccessKeyId || !c.SecretAccessKey) {
        throw new CollectionError(
          `AssumeRole ${input.roleArn} returned no credentials`,
          {
            accountId: input.accountId,
            api: 'AssumeRole',
            errorCode: 'NoCredentials',
          },
        );
      }
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
      };
    } catch (error) {
      if (isCollectionError(error)) throw error;
      const errorCode = errorCodeOf(error);
      throw new CollectionError(
        `cannot assume ${input.roleArn} (account ${input.accountId}): ${errorCode}: ${(error as Error).message}`,
        {
          accountId: input.accountId,
          api: 'AssumeRole',
          errorCode,
          cause: error,
        },
      );
    }
  };

export type { AssumeRoleInput, CacheOptions, Credentials, CredentialsProvider };
export {
  assumeRoleProvider,
  cacheCredentials,
  errorCodeOf,
  roleArnFor,
  sessionNameFor,
};
