/**
 * A fast fake AWS for scale tests and benchmarks: a custom SDK
 * `requestHandler` that serves a generated organization from memory in the
 * real wire formats (EC2 query/XML, EKS REST-JSON, STS query/XML,
 * Organizations JSON 1.1), so the SDK's signing, retry and parsing all run.
 * It waits a configurable latency per call, enforces EC2's token buckets per
 * (account, region, action) and answers `RequestLimitExceeded` like EC2 does,
 * and counts every call. Nothing leaves the process.
 */
import type {
  HttpHandlerOptions,
  HttpRequest,
  HttpResponse,
} from '@smithy/types';
import {
  ACCOUNT,
  buildTargetModel,
  DEFAULT_SHAPE,
  REGION,
  type TargetModel,
  type TargetShape,
  type VpcListings,
} from './model.js';

/** EC2 token bucket: burst capacity and refill per second. */
interface BucketConfig {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

/** Options of {@link createFakeAws}. */
interface FakeAwsOptions {
  /** Member accounts of the organization. @default 1 */
  readonly accounts?: number;
  /** Regions every account has clusters in. @default ['us-east-1'] */
  readonly regions?: readonly string[];
  /** Shape of every target. @default DEFAULT_SHAPE */
  readonly shape?: Partial<TargetShape>;
  /** Milliseconds every call waits before it is answered. @default 0 */
  readonly latencyMs?: number;
  /**
   * EC2 request buckets per (account, region, action); `false` disables
   * throttling. @default { capacity: 100, refillPerSecond: 20 } (Describe*)
   */
  readonly ec2Buckets?: BucketConfig | false;
  /** Accounts whose `AssumeRole` is denied. */
  readonly denyAssumeRole?: readonly string[];
  /** Monotonic clock in ms. @default performance.now */
  readonly now?: () => number;
}

/** What the fake saw. */
interface FakeAwsStats {
  /** Every HTTP request, retries included. */
  total: number;
  /** Requests per IAM-style action (`ec2:DescribeSubnets`). */
  readonly byAction: Map<string, number>;
  /** EC2, EKS and ELB requests per target key `account|region`. */
  readonly byTarget: Map<string, number>;
  /** `RequestLimitExceeded` answers sent. */
  throttled: number;
  /** Milliseconds of synchronous work the fake itself did (routing, bodies). */
  selfMs: number;
}

/** A request handler as SDK v3 clients accept it. */
interface FakeHandler {
  handle(
    request: HttpRequest,
    options?: HttpHandlerOptions,
  ): Promise<{ response: HttpResponse }>;
  updateHttpClientConfig(): void;
  httpHandlerConfigs(): Record<string, never>;
  destroy(): void;
}

/** The fake and its organization. */
interface FakeAws {
  readonly handler: FakeHandler;
  readonly stats: FakeAwsStats;
  /** The hub (caller) account id. */
  readonly hubAccountId: string;
  /** Member account ids, sorted. */
  readonly accountIds: readonly string[];
  readonly regions: readonly string[];
  /** The generated shape of every target. */
  readonly model: TargetModel;
  /** Credentials of the hub caller. */
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
  /**
   * Highest number of EC2 requests seen in any window of `windowMs` (default
   * 1000) per (account, region, action) key.
   */
  maxEc2RatePerSecond(windowMs?: number): { key: string; rate: number };
  /** Clears counters and buckets (the organization stays). */
  reset(): void;
}

const HUB_ACCOUNT = '999900000000';
const HUB_KEY = 'AKIAFAKEHUB0000000';
const ASSUMED_PREFIX = 'ASIAFAKE';
const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** Every account id of an organization of `n` members. */
const memberIds = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => String(100000000000 + i));

const xmlResponse = (
  status: number,
  body: string,
): { response: HttpResponse } => ({
  response: {
    statusCode: status,
    headers: { 'content-type': 'text/xml;charset=UTF-8' },
    body: Buffer.from(body),
  } as HttpResponse,
});

const jsonResponse = (
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): { response: HttpResponse } => ({
  response: {
    statusCode: status,
    headers: { 'content-type': 'application/json', ...headers },
    body: Buffer.from(JSON.stringify(body)),
  } as HttpResponse,
});

const ec2Error = (
  status: number,
  code: string,
  message: string,
): { response: HttpResponse } =>
  xmlResponse(
    status,
    `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>fake-0000</RequestID></Response>`,
  );

const queryError = (
  status: number,
  code: string,
  message: string,
): { response: HttpResponse } =>
  xmlResponse(
    status,
    `<ErrorResponse xmlns="${STS_NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fake-0000</RequestId></ErrorResponse>`,
  );

const restJsonError = (
  status: number,
  code: string,
  message: string,
): { response: HttpResponse } =>
  jsonResponse(status, { message }, { 'x-amzn-errortype': code });

const bodyText = (request: HttpRequest): string => {
  const body = request.body as unknown;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  return '';
};

/** `Credential=AKID/date/region/service/aws4_request` of the SigV4 header. */
const scopeOf = (
  request: HttpRequest,
): { accessKeyId: string; region: string; service: string } => {
  const auth =
    request.headers.authorization ?? request.headers.Authorization ?? '';
  const match = /Credential=([^/]+)\/[^/]+\/([^/]+)\/([^/]+)\//.exec(auth);
  return {
    accessKeyId: match?.[1] ?? '',
    region: match?.[2] ?? '',
    service: match?.[3] ?? '',
  };
};

/** Values of `Prefix.N` query parameters, in order. */
const listParam = (params: URLSearchParams, prefix: string): string[] => {
  const out: string[] = [];
  for (let i = 1; params.has(`${prefix}.${i}`); i += 1) {
    out.push(params.get(`${prefix}.${i}`) ?? '');
  }
  return out;
};

/** Values of the EC2 filter named `name` (`Filter.N.Name` / `.Value.M`). */
const filterValues = (
  params: URLSearchParams,
  name: string,
): string[] | undefined => {
  for (let i = 1; params.has(`Filter.${i}.Name`); i += 1) {
    if (params.get(`Filter.${i}.Name`) === name) {
      return listParam(params, `Filter.${i}.Value`);
    }
  }
  return undefined;
};

/** EC2 listings served from a VPC's model, by action. */
const VPC_LISTINGS: Record<
  string,
  { set: string; items: keyof VpcListings; filter: string }
> = {
  DescribeSubnets: { set: 'subnetSet', items: 'subnets', filter: 'vpc-id' },
  DescribeRouteTables: {
    set: 'routeTableSet',
    items: 'routeTables',
    filter: 'vpc-id',
  },
  DescribeNatGateways: {
    set: 'natGatewaySet',
    items: 'natGateways',
    filter: 'vpc-id',
  },
  DescribeVpcEndpoints: {
    set: 'vpcEndpointSet',
    items: 'vpcEndpoints',
    filter: 'vpc-id',
  },
  DescribeSecurityGroups: {
    set: 'securityGroupInfo',
    items: 'securityGroups',
    filter: 'vpc-id',
  },
  DescribeNetworkInterfaces: {
    set: 'networkInterfaceSet',
    items: 'networkInterfaces',
    filter: 'vpc-id',
  },
  DescribeInstances: {
    set: 'reservationSet',
    items: 'instances',
    filter: 'vpc-id',
  },
  DescribeFlowLogs: {
    set: 'flowLogSet',
    items: 'flowLogs',
    filter: 'resource-id',
  },
};

const ec2Body = (
  action: string,
  setName: string,
  items: readonly string[],
  nextToken?: string,
): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${EC2_NS}"><requestId>fake-0000</requestId><${setName}>${items.map((i) => `<item>${i}</item>`).join('')}</${setName}>${nextToken ? `<nextToken>${nextToken}</nextToken>` : ''}</${action}Response>`;

/** One page of `items` per `MaxResults`/`NextToken`. */
const page = (
  params: URLSearchParams,
  items: readonly string[],
): { items: readonly string[]; nextToken?: string } => {
  const start = Number(params.get('NextToken') ?? 0) || 0;
  const max = Number(params.get('MaxResults') ?? 0) || items.length || 1;
  const end = start + max;
  return {
    items: items.slice(start, end),
    nextToken: end < items.length ? String(end) : undefined,
  };
};

const EKS_ROUTES: [RegExp, string][] = [
  [/^\/clusters$/, 'ListClusters'],
  [/^\/clusters\/([^/]+)$/, 'DescribeCluster'],
  [/^\/clusters\/([^/]+)\/node-groups$/, 'ListNodegroups'],
  [/^\/clusters\/([^/]+)\/node-groups\/([^/]+)$/, 'DescribeNodegroup'],
  [/^\/clusters\/([^/]+)\/addons\/([^/]+)$/, 'DescribeAddon'],
  [/^\/clusters\/([^/]+)\/fargate-profiles$/, 'ListFargateProfiles'],
  [
    /^\/clusters\/([^/]+)\/fargate-profiles\/([^/]+)$/,
    'DescribeFargateProfile',
  ],
  [/^\/cluster-versions$/, 'DescribeClusterVersions'],
];

const CLUSTER_VERSIONS = {
  clusterVersions: [
    ['1.33', 'STANDARD_SUPPORT', 1748304000, 1782432000, 1814054400],
    ['1.32', 'STANDARD_SUPPORT', 1737590400, 1774137600, 1805673600],
    ['1.31', 'STANDARD_SUPPORT', 1727049600, 1764547200, 1796083200],
    ['1.30', 'EXTENDED_SUPPORT', 1716336000, 1753833600, 1785369600],
  ].map(([v, status, release, eoss, eoes]) => ({
    clusterVersion: v,
    clusterType: 'eks',
    defaultPlatformVersion: 'eks.5',
    defaultVersion: v === '1.32',
    releaseDate: release,
    endOfStandardSupportDate: eoss,
    endOfExtendedSupportDate: eoes,
    status,
    versionStatus: status,
    kubernetesPatchVersion: `${v}.1`,
  })),
};

/**
 * Builds a fake AWS for an organization of `accounts` members, each with the
 * same target `shape` in every region.
 *
 * @example
 * const fake = createFakeAws({ accounts: 10, latencyMs: 20 });
 * const factory = createClientFactory({ requestHandler: fake.handler, credentials: fake.credentials });
 */
const createFakeAws = (options: FakeAwsOptions = {}): FakeAws => {
  const now = options.now ?? (() => performance.now());
  const shape: TargetShape = { ...DEFAULT_SHAPE, ...options.shape };
  const model = buildTargetModel(shape);
  const accountIds = memberIds(options.accounts ?? 1);
  const accountSet = new Set(accountIds);
  const regions = options.regions ?? ['us-east-1'];
  const denied = new Set(options.denyAssumeRole ?? []);
  const buckets =
    options.ec2Buckets === undefined
      ? { capacity: 100, refillPerSecond: 20 }
      : options.ec2Buckets;
  const latencyMs = options.latencyMs ?? 0;

  const stats: FakeAwsStats = {
    total: 0,
    byAction: new Map(),
    byTarget: new Map(),
    throttled: 0,
    selfMs: 0,
  };
  const tokens = new Map<string, { tokens: number; at: number }>();
  const ec2Times = new Map<string, number[]>();
  // Bodies depend only on (action, parameters) and the account/region, so a
  // rendered template is reused by every target of the shape.
  const templates = new Map<string, string>();

  const take = (key: string): boolean => {
    if (!buckets) return true;
    const t = now();
    const bucket = tokens.get(key) ?? { tokens: buckets.capacity, at: t };
    bucket.tokens = Math.min(
      buckets.capacity,
      bucket.tokens + ((t - bucket.at) * buckets.refillPerSecond) / 1000,
    );
    bucket.at = t;
    tokens.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  };

  const personalise = (
    template: string,
    account: string,
    region: string,
  ): string => template.replaceAll(ACCOUNT, account).replaceAll(REGION, region);

  const cached = (key: string, render: () => string): string => {
    let body = templates.get(key);
    if (body === undefined) {
      body = render();
      templates.set(key, body);
    }
    return body;
  };

  const accountOf = (accessKeyId: string): string | undefined => {
    if (accessKeyId === HUB_KEY) return HUB_ACCOUNT;
    if (accessKeyId.startsWith(ASSUMED_PREFIX)) {
      const id = accessKeyId.slice(ASSUMED_PREFIX.length);
      return accountSet.has(id) ? id : undefined;
    }
    return undefined;
  };

  const sts = (
    params: URLSearchParams,
    account: string,
  ): { response: HttpResponse } => {
    const action = params.get('Action') ?? '';
    if (action === 'GetCallerIdentity') {
      return xmlResponse(
        200,
        `<GetCallerIdentityResponse xmlns="${STS_NS}"><GetCallerIdentityResult><Arn>arn:aws:iam::${account}:user/scanner</Arn><UserId>AIDAFAKE</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      );
    }
    if (action === 'AssumeRole') {
      const roleArn = params.get('RoleArn') ?? '';
      const target = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(roleArn)?.[1];
      if (!target || !accountSet.has(target) || denied.has(target)) {
        return queryError(
          403,
          'AccessDenied',
          `User: arn:aws:iam::${account}:user/scanner is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        );
      }
      const expiration = new Date(Date.now() + 3600_000).toISOString();
      return xmlResponse(
        200,
        `<AssumeRoleResponse xmlns="${STS_NS}"><AssumeRoleResult><Credentials><AccessKeyId>${ASSUMED_PREFIX}${target}</AccessKeyId><SecretAccessKey>fake</SecretAccessKey><SessionToken>fake-token-${target}</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::${target}:assumed-role/scanner/${params.get('RoleSessionName') ?? ''}</Arn><AssumedRoleId>AROAFAKE:${target}</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></AssumeRoleResponse>`,
      );
    }
    return queryError(400, 'InvalidAction', `${action} is not faked`);
  };

  const organizations = (
    request: HttpRequest,
    body: string,
  ): { response: HttpResponse } => {
    const target = request.headers['x-amz-target'] ?? '';
    const operation = target.split('.')[1] ?? '';
    if (operation !== 'ListAccounts') {
      return jsonResponse(
        400,
        {
          __type: 'UnsupportedAPIEndpointException',
          Message: `${operation} is not faked`,
        },
        {},
      );
    }
    const input = JSON.parse(body || '{}') as { NextToken?: string };
    const start = Number(input.NextToken ?? 0) || 0;
    // Organizations pages ListAccounts at 20 whatever MaxResults asks.
    const ids = accountIds.slice(start, start + 20);
    const next =
      start + 20 < accountIds.length ? String(start + 20) : undefined;
    return jsonResponse(
      200,
      {
        Accounts: ids.map((id) => ({
          Id: id,
          Arn: `arn:aws:organizations::${HUB_ACCOUNT}:account/o-fake/${id}`,
          Email: `aws+${id}@example.com`,
          Name: `member-${id}`,
          Status: 'ACTIVE',
          State: 'ACTIVE',
          JoinedMethod: 'CREATED',
          JoinedTimestamp: 1700000000,
        })),
        ...(next ? { NextToken: next } : {}),
      },
      {},
    );
  };

  const ec2 = (
    params: URLSearchParams,
    action: string,
    account: string,
    region: string,
  ): { response: HttpResponse } => {
    const listing = VPC_LISTINGS[action];
    if (listing) {
      const vpcIds = filterValues(params, listing.filter);
      const vpcs = vpcIds
        ? model.vpcs.filter((v) => vpcIds.includes(v.vpcId))
        : model.vpcs;
      const all = vpcs.flatMap((v) => v[listing.items] as string[]);
      const key = `${action}|${vpcs.map((v) => v.vpcId).join(',')}|${params.get('MaxResults') ?? ''}|${params.get('NextToken') ?? ''}`;
      const template = cached(key, () => {
        const p = page(params, all);
        return ec2Body(action, listing.set, p.items, p.nextToken);
      });
      return xmlResponse(200, personalise(template, account, region));
    }
    switch (action) {
      case 'DescribeVpcs': {
        const ids = listParam(params, 'VpcId');
        const vpcs = model.vpcs.filter(
          (v) => ids.length === 0 || ids.includes(v.vpcId),
        );
        return xmlResponse(
          200,
          personalise(
            ec2Body(
              action,
              'vpcSet',
              vpcs.map((v) => v.vpcItem),
            ),
            account,
            region,
          ),
        );
      }
      case 'DescribeDhcpOptions': {
        const ids = listParam(params, 'DhcpOptionsId');
        const items = model.vpcs
          .filter(
            (v) => ids.length === 0 || ids.includes(`dopt-${v.vpcId.slice(4)}`),
          )
          .map((v) => v.dhcpItem);
        return xmlResponse(
          200,
          personalise(
            ec2Body(action, 'dhcpOptionsSet', items),
            account,
            region,
          ),
        );
      }
      case 'DescribeVpcAttribute': {
        const attribute = params.get('Attribute') ?? '';
        const vpcId = params.get('VpcId') ?? '';
        return xmlResponse(
          200,
          `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeVpcAttributeResponse xmlns="${EC2_NS}"><requestId>fake</requestId><vpcId>${vpcId}</vpcId><${attribute}><value>true</value></${attribute}></DescribeVpcAttributeResponse>`,
        );
      }
      case 'DescribeInstanceTypes': {
        const asked = listParam(params, 'InstanceType');
        const unknown = asked.filter((t) => !model.instanceTypes.has(t));
        if (unknown.length > 0) {
          return ec2Error(
            400,
            'InvalidInstanceType',
            `The following supplied instance types do not exist: [${unknown.join(', ')}]`,
          );
        }
        const items = asked.map((t) => model.instanceTypes.get(t) ?? '');
        return xmlResponse(200, ec2Body(action, 'instanceTypeSet', items));
      }
      case 'DescribeRegions':
        return xmlResponse(
          200,
          ec2Body(
            action,
            'regionInfo',
            regions.map(
              (r) =>
                `<regionName>${r}</regionName><regionEndpoint>ec2.${r}.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus>`,
            ),
          ),
        );
      default:
        return ec2Error(
          400,
          'InvalidAction',
          `The action ${action} is not valid for this web service.`,
        );
    }
  };

  const eks = (
    operation: string,
    match: RegExpExecArray,
    account: string,
    region: string,
  ): { response: HttpResponse } => {
    const json = (value: unknown) =>
      jsonResponse(
        200,
        JSON.parse(personalise(JSON.stringify(value), account, region)),
      );
    const clusterName = decodeURIComponent(match[1] ?? '');
    const cluster = model.clusters.find((c) => c.name === clusterName);
    const notFound = (what: string) =>
      restJsonError(
        404,
        'ResourceNotFoundException',
        `No ${what} found for name: ${decodeURIComponent(match[2] ?? match[1] ?? '')}.`,
      );
    switch (operation) {
      case 'ListClusters':
        return json({ clusters: model.clusters.map((c) => c.name) });
      case 'DescribeClusterVersions':
        return json(CLUSTER_VERSIONS);
    }
    if (!cluster) return notFound('cluster');
    const child = decodeURIComponent(match[2] ?? '');
    switch (operation) {
      case 'DescribeCluster':
        return json({ cluster: cluster.cluster });
      case 'ListNodegroups':
        return json({ nodegroups: Object.keys(cluster.nodegroups) });
      case 'DescribeNodegroup':
        return cluster.nodegroups[child]
          ? json({ nodegroup: cluster.nodegroups[child] })
          : notFound('node group');
      case 'ListFargateProfiles':
        return json({
          fargateProfileNames: Object.keys(cluster.fargateProfiles),
        });
      case 'DescribeFargateProfile':
        return cluster.fargateProfiles[child]
          ? json({ fargateProfile: cluster.fargateProfiles[child] })
          : notFound('Fargate profile');
      case 'DescribeAddon':
        return child === 'vpc-cni'
          ? json({ addon: cluster.addon })
          : notFound('addon');
      default:
        return notFound('route');
    }
  };

  // The generated targets run no load balancers: both ELB APIs answer empty
  // listings (v2 and Classic share the `elasticloadbalancing` signing name
  // and differ in their API version).
  const elb = (
    params: URLSearchParams,
    action: string,
  ): { response: HttpResponse } => {
    const classic = params.get('Version') === '2012-06-01';
    const ns = `http://elasticloadbalancing.amazonaws.com/doc/${classic ? '2012-06-01' : '2015-12-01'}/`;
    const member = classic
      ? {
          DescribeLoadBalancers: 'LoadBalancerDescriptions',
          DescribeTags: 'TagDescriptions',
        }
      : {
          DescribeLoadBalancers: 'LoadBalancers',
          DescribeTargetGroups: 'TargetGroups',
          DescribeListeners: 'Listeners',
          DescribeTags: 'TagDescriptions',
        };
    const list = (member as Record<string, string>)[action];
    if (!list) {
      return queryError(400, 'InvalidAction', `${action} is not faked`);
    }
    return xmlResponse(
      200,
      `<${action}Response xmlns="${ns}"><${action}Result><${list}/></${action}Result><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></${action}Response>`,
    );
  };

  const route = (
    request: HttpRequest,
  ): { action: string; answer: () => { response: HttpResponse } } => {
    const { accessKeyId, region, service } = scopeOf(request);
    const body = bodyText(request);
    const account = accountOf(accessKeyId);
    if (service === 'eks') {
      const path = request.path;
      for (const [pattern, operation] of EKS_ROUTES) {
        const match = pattern.exec(path);
        if (match && request.method === 'GET') {
          return {
            action: `eks:${operation}`,
            answer: () =>
              account
                ? eks(operation, match, account, region)
                : restJsonError(
                    403,
                    'UnrecognizedClientException',
                    'The security token included in the request is invalid.',
                  ),
          };
        }
      }
      return {
        action: `eks:${request.method} ${path}`,
        answer: () => restJsonError(404, 'NotFoundException', 'no route'),
      };
    }
    if (service === 'organizations') {
      const operation =
        (request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      return {
        action: `organizations:${operation}`,
        answer: () => organizations(request, body),
      };
    }
    const params = new URLSearchParams(body);
    const action = params.get('Action') ?? '';
    if (service === 'sts') {
      return {
        action: `sts:${action}`,
        answer: () =>
          account
            ? sts(params, account)
            : queryError(403, 'InvalidClientTokenId', 'unknown key'),
      };
    }
    if (service === 'elasticloadbalancing') {
      return {
        action: `elasticloadbalancing:${action}`,
        answer: () => elb(params, action),
      };
    }
    if (service === 'ec2') {
      return {
        action: `ec2:${action}`,
        answer: () => {
          if (!account) {
            return ec2Error(
              401,
              'AuthFailure',
              'AWS was not able to validate the provided access credentials',
            );
          }
          return ec2(params, action, account, region);
        },
      };
    }
    return {
      action: `${service}:${action}`,
      answer: () => queryError(400, 'InvalidAction', `${service} not faked`),
    };
  };

  const handle = async (
    request: HttpRequest,
  ): Promise<{ response: HttpResponse }> => {
    const started = performance.now();
    const { action, answer } = route(request);
    const { accessKeyId, region, service } = scopeOf(request);
    const account = accountOf(accessKeyId) ?? 'unknown';
    stats.total += 1;
    stats.byAction.set(action, (stats.byAction.get(action) ?? 0) + 1);
    if (service !== 'sts' && service !== 'organizations') {
      const target = `${account}|${region}`;
      stats.byTarget.set(target, (stats.byTarget.get(target) ?? 0) + 1);
    }
    let result: { response: HttpResponse };
    if (service === 'ec2') {
      const key = `${account}|${region}|${action}`;
      const times = ec2Times.get(key) ?? [];
      times.push(now());
      ec2Times.set(key, times);
      if (!take(key)) {
        stats.throttled += 1;
        result = ec2Error(
          503,
          'RequestLimitExceeded',
          'Request limit exceeded.',
        );
      } else {
        result = answer();
      }
    } else {
      result = answer();
    }
    stats.selfMs += performance.now() - started;
    if (latencyMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, latencyMs));
    }
    return result;
  };

  return {
    handler: {
      handle,
      updateHttpClientConfig: () => {},
      httpHandlerConfigs: () => ({}),
      destroy: () => {},
    },
    stats,
    hubAccountId: HUB_ACCOUNT,
    accountIds,
    regions,
    model,
    credentials: { accessKeyId: HUB_KEY, secretAccessKey: 'fake' },
    maxEc2RatePerSecond(windowMs = 1000) {
      let best = { key: '', rate: 0 };
      for (const [key, times] of ec2Times) {
        let lo = 0;
        for (let hi = 0; hi < times.length; hi += 1) {
          while ((times[hi] ?? 0) - (times[lo] ?? 0) >= windowMs) lo += 1;
          const rate = hi - lo + 1;
          if (rate > best.rate) best = { key, rate };
        }
      }
      return best;
    },
    reset() {
      stats.total = 0;
      stats.throttled = 0;
      stats.selfMs = 0;
      stats.byAction.clear();
      stats.byTarget.clear();
      tokens.clear();
      ec2Times.clear();
    },
  };
};

export type {
  BucketConfig,
  FakeAws,
  FakeAwsOptions,
  FakeAwsStats,
  FakeHandler,
};
export { createFakeAws, HUB_ACCOUNT, memberIds };
