/**
 * One factory for every AWS client the scanner uses: region, credentials,
 * retry strategy, client-side rate limit and request counting in one place.
 *
 * @module
 */
import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { MetadataBearer, Pluggable } from '@smithy/types';
import { CollectionError, isCollectionError } from '../errors.js';
import type { Target } from '../snapshot/types.js';
import { createCallCounter } from './callCounter.js';
import { CLIENT_FACTORY_DEFAULTS } from './constants.js';
import {
  assumeRoleProvider,
  type Credentials,
  type CredentialsProvider,
  cacheCredentials,
  errorCodeOf,
  sessionNameFor,
} from './credentials.js';
import { RateLimiter } from './rateLimiter.js';
import { requestAccountingPlugin } from './requestMiddleware.js';
import type { CallCounter, TargetClients } from './types.js';

/** The SDK's request handler option (e.g. a `NodeHttpHandler`, or a fake). */
type RequestHandlerOption = NonNullable<EC2ClientConfig['requestHandler']>;
/** The SDK's retry strategy option. */
type RetryStrategyOption = NonNullable<EC2ClientConfig['retryStrategy']>;

/** Options of {@link createClientFactory}. All optional. */
interface ClientFactoryOptions {
  /**
   * Region of the hub clients (STS, Organizations).
   * @default AWS_REGION, then AWS_DEFAULT_REGION, then 'us-east-1'
   */
  readonly region?: string;
  /** Named profile for the caller's credentials (`--profile`). */
  readonly profile?: string;
  /**
   * The caller's credentials; by default the SDK's Node provider chain (with
   * `profile`).
   */
  readonly credentials?: Credentials | CredentialsProvider;
  /**
   * One endpoint for every service. Leave unset to keep the SDK's own
   * `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>` handling.
   */
  readonly endpoint?: string;
  /** Per-service endpoints by IAM prefix (`ec2`, `eks`, …); win over `endpoint`. */
  readonly endpoints?: Readonly<Record<string, string>>;
  /** Request handler given to every client (tests inject fakes here). */
  readonly requestHandler?: RequestHandlerOption;
  /** @default 5000 ms; ignored with an injected `requestHandler` */
  readonly connectionTimeoutMs?: number;
  /** @default 30000 ms per attempt; ignored with an injected `requestHandler` */
  readonly requestTimeoutMs?: number;
  /** Retry strategy given to every client; wins over `maxAttempts`. */
  readonly retryStrategy?: RetryStrategyOption;
  /** @default 3 (SDK `standard` mode) */
  readonly maxAttempts?: number;
  /** @default { ec2: 5, eks: 5, elasticloadbalancing: 3 } requests/s per (account, region, action) */
  readonly ratePerSecond?: Readonly<Record<string, number>>;
  /** @default 8 */
  readonly maxInFlightPerAccount?: number;
  /** `ExternalId` sent with every `AssumeRole`. */
  readonly externalId?: string;
  /** Becomes part of the `RoleSessionName` (`eks-netscan-<scanId>`). */
  readonly scanId?: string;
  /** @default 3600 */
  readonly sessionDurationSeconds?: number;
  /** Wall clock for credential refresh. @default () => new Date() */
  readonly now?: () => Date;
  /** Rate limiter to share with other factories; one is made otherwise. */
  readonly limiter?: RateLimiter;
}

/** Who the caller is (`sts:GetCallerIdentity`). */
interface CallerIdentity {
  readonly accountId: string;
  readonly arn: string;
  /** `aws`, `aws-cn`, `aws-us-gov`, … from the ARN. */
  readonly partition: string;
}

/** Where a generic client acts. */
interface ClientScope {
  /** IAM prefix of the service, e.g. `s3`; used for limits and counting. */
  readonly service: string;
  readonly region: string;
  /** Account the client acts in; `hub` for the caller's own hub clients. */
  readonly accountId: string;
  readonly credentials: CredentialsProvider;
  /** Extra counters besides the factory's scan-wide one. */
  readonly counters?: readonly CallCounter[];
}

/** Structural view of an SDK v3 client, enough to plug middleware in. */
interface PluggableClient {
  readonly middlewareStack: {
    use(pluggable: Pluggable<object, MetadataBearer>): void;
  };
  destroy(): void;
}

/** The configuration every client gets. */
interface BaseClientConfig {
  region: string;
  credentials: CredentialsProvider;
  endpoint?: string;
  requestHandler: RequestHandlerOption;
  retryStrategy?: RetryStrategyOption;
  maxAttempts?: number;
  retryMode?: string;
}

/** An SDK client class. */
type ClientClass<T extends PluggableClient> = new (
  config: BaseClientConfig,
) => T;

/** What {@link createClientFactory} returns. */
interface ClientFactory {
  /** Region of the hub clients, and of per-account discovery calls. */
  readonly region: string;
  /** The shared limiter (one per factory, hence per scan). */
  readonly limiter: RateLimiter;
  /** Counts every request of every client of this factory. */
  readonly scanCounter: CallCounter;
  /** `sts:GetCallerIdentity`, called once. Failures are `CollectionError`s. */
  callerIdentity(): Promise<CallerIdentity>;
  /** STS client with the caller's credentials. */
  sts(): STSClient;
  /** Organizations client with the caller's credentials. */
  organizations(): OrganizationsClient;
  /**
   * Credentials for a target's account: AssumeRole when `roleArn` is set
   * (cached per role, shared by every region), else the caller's own.
   */
  credentialsFor(
    target: Pick<Target, 'accountId' | 'roleArn'>,
  ): CredentialsProvider;
  /**
   * Resolves a target's credentials now; throws a `CollectionError` with
   * `accountId` and `errorCode` (e.g. `AccessDenied`) when that fails.
   */
  resolveCredentials(
    target: Pick<Target, 'accountId' | 'roleArn'>,
  ): Promise<Credentials>;
  /** New EKS, EC2 and ELB (v1, v2) clients for one target, with their own counter. */
  clientsFor(target: Target): TargetClients;
  /** Any other SDK client (S3, SNS, …) with the same plumbing. */
  client<T extends PluggableClient>(
    Client: ClientClass<T>,
    scope: ClientScope,
  ): T;
  /** Closes the hub clients' sockets. */
  destroy(): void;
}

const HUB = 'hub';

/** Every key {@link ClientFactoryOptions} has; anything else is a typo. */
const OPTION_KEYS: ReadonlySet<string> = new Set([
  'region',
  'profile',
  'credentials',
  'endpoint',
  'endpoints',
  'requestHandler',
  'connectionTimeoutMs',
  'requestTimeoutMs',
  'retryStrategy',
  'maxAttempts',
  'ratePerSecond',
  'maxInFlightPerAccount',
  'externalId',
  'scanId',
  'sessionDurationSeconds',
  'now',
  'limiter',
] satisfies (keyof ClientFactoryOptions)[]);

/**
 * Builds the client factory for one scan.
 *
 * @example
 * const factory = createClientFactory({ profile: 'audit', scanId });
 * const { accountId } = await factory.callerIdentity();
 * const clients = factory.clientsFor({ accountId: '111122223333', region: 'eu-west-1', roleArn });
 */
const createClientFactory = (
  options: ClientFactoryOptions = {},
): ClientFactory => {
  const unknown = Object.keys(options).filter((key) => !OPTION_KEYS.has(key));
  if (unknown.length > 0) {
    throw new TypeError(
      `createClientFactory: unknown option ${unknown.join(', ')}`,
    );
  }
  const region =
    options.region ??
    process.env.AWS_REGION ??
    process.env.AWS_DEFAULT_REGION ??
    CLIENT_FACTORY_DEFAULTS.region;
  const limiter =
    options.limiter ??
    new RateLimiter({
      ratePerSecond:
        options.ratePerSecond ?? CLIENT_FACTORY_DEFAULTS.ratePerSecond,
      maxInFlightPerAccount:
        options.maxInFlightPerAccount ??
        CLIENT_FACTORY_DEFAULTS.maxInFlightPerAccount,
    });
  const scanCounter = createCallCounter();
  const cacheOptions = { now: options.now };

  const callerProvider: CredentialsProvider = (() => {
    const given = options.credentials;
    if (typeof given === 'function')
      return cacheCredentials(given, cacheOptions);
    if (given) return () => Promise.resolve(given);
    const chain = fromNodeProviderChain(
      options.profile ? { profile: options.profile } : {},
    );
    return cacheCredentials(async () => {
      try {
        return await chain();
      } catch (error) {
        throw new CollectionError(
          `no AWS credentials${options.profile ? ` for profile ${options.profile}` : ''}: ${(error as Error).message}`,
          { api: 'credentials', errorCode: errorCodeOf(error), cause: error },
        );
      }
    }, cacheOptions);
  })();

  const client = <T extends PluggableClient>(
    Client: ClientClass<T>,
    scope: ClientScope,
  ): T => {
    const endpoint = options.endpoints?.[scope.service] ?? options.endpoint;
    const instance = new Client({
      region: scope.region,
      credentials: scope.credentials,
      ...(endpoint ? { endpoint } : {}),
      requestHandler: options.requestHandler ?? {
        connectionTimeout:
          options.connectionTimeoutMs ??
          CLIENT_FACTORY_DEFAULTS.connectionTimeoutMs,
        requestTimeout:
          options.requestTimeoutMs ?? CLIENT_FACTORY_DEFAULTS.requestTimeoutMs,
        throwOnRequestTimeout: true,
      },
      ...(options.retryStrategy
        ? { retryStrategy: options.retryStrategy }
        : {
            retryMode: 'standard',
            maxAttempts:
              options.maxAttempts ?? CLIENT_FACTORY_DEFAULTS.maxAttempts,
          }),
    });
    instance.middlewareStack.use(
      requestAccountingPlugin({
        limiter,
        accountId: scope.accountId,
        region: scope.region,
        service: scope.service,
        counters: [scanCounter, ...(scope.counters ?? [])],
      }),
    );
    return instance;
  };

  const hubScope = (service: string): ClientScope => ({
    service,
    region,
    accountId: HUB,
    credentials: callerProvider,
  });
  let stsClient: STSClient | undefined;
  let orgClient: OrganizationsClient | undefined;
  const sts = (): STSClient => {
    stsClient ??= client(STSClient, hubScope('sts'));
    return stsClient;
  };
  const organizations = (): OrganizationsClient => {
    orgClient ??= client(OrganizationsClient, hubScope('organizations'));
    return orgClient;
  };

  let identity: Promise<CallerIdentity> | undefined;
  const callerIdentity = (): Promise<CallerIdentity> => {
    identity ??= (async () => {
      try {
        const out = await sts().send(new GetCallerIdentityCommand({}));
        const arn = out.Arn ?? '';
        return {
          accountId: out.Account ?? '',
          arn,
          partition: arn.split(':')[1] || 'aws',
        };
      } catch (error) {
        if (isCollectionError(error)) throw error;
        const errorCode = errorCodeOf(error);
        throw new CollectionError(
          `cannot identify the caller (sts:GetCallerIdentity): ${errorCode}: ${(error as Error).message}`,
          { api: 'GetCallerIdentity', errorCode, cause: error },
        );
      }
    })();
    return identity;
  };

  const assumed = new Map<string, CredentialsProvider>();
  const credentialsFor = (
    target: Pick<Target, 'accountId' | 'roleArn'>,
  ): CredentialsProvider => {
    if (!target.roleArn) return callerProvider;
    let provider = assumed.get(target.roleArn);
    if (!provider) {
      provider = cacheCredentials(
        assumeRoleProvider({
          sts: sts(),
          accountId: target.accountId,
          roleArn: target.roleArn,
          externalId: options.externalId,
          sessionName: sessionNameFor(options.scanId),
          durationSeconds: options.sessionDurationSeconds,
        }),
        cacheOptions,
      );
      assumed.set(target.roleArn, provider);
    }
    return provider;
  };

  const resolveCredentials = async (
    target: Pick<Target, 'accountId' | 'roleArn'>,
  ): Promise<Credentials> => {
    try {
      return await credentialsFor(target)();
    } catch (error) {
      if (isCollectionError(error)) throw error;
      throw new CollectionError(
        `cannot get credentials for account ${target.accountId}: ${(error as Error).message}`,
        {
          accountId: target.accountId,
          errorCode: errorCodeOf(error),
          cause: error,
        },
      );
    }
  };

  const clientsFor = (target: Target): TargetClients => {
    const counter = createCallCounter();
    const scope = (service: string): ClientScope => ({
      service,
      region: target.region,
      accountId: target.accountId,
      credentials: credentialsFor(target),
      counters: [counter],
    });
    return {
      eks: client(EKSClient, scope('eks')),
      ec2: client(EC2Client, scope('ec2')),
      // Both ELB APIs share the IAM prefix, so calls count and rate-limit as
      // `elasticloadbalancing:<Action>` whichever version sends them.
      elbv2: client(
        ElasticLoadBalancingV2Client,
        scope('elasticloadbalancing'),
      ),
      elb: client(ElasticLoadBalancingClient, scope('elasticloadbalancing')),
      counter,
    };
  };

  return {
    region,
    limiter,
    scanCounter,
    callerIdentity,
    sts,
    organizations,
    credentialsFor,
    resolveCredentials,
    clientsFor,
    client,
    destroy() {
      stsClient?.destroy();
      orgClient?.destroy();
    },
  };
};

export type {
  BaseClientConfig,
  CallerIdentity,
  ClientClass,
  ClientFactory,
  ClientFactoryOptions,
  ClientScope,
  PluggableClient,
  RequestHandlerOption,
  RetryStrategyOption,
};
export { createClientFactory };
