import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateEvent } from '../../functions/lib/validate.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Json = Record<string, unknown>;

interface Resource {
  Type: string;
  Condition?: string;
  Properties: Json;
}

interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Json;
  Principal?: unknown;
}

interface StateDefinition {
  Type: string;
  Next?: string;
  End?: boolean;
  Resource?: string;
  Parameters?: Json;
  Retry?: { ErrorEquals: string[]; MaxAttempts?: number }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  MaxConcurrency?: number;
  ToleratedFailurePercentage?: number;
  ItemReader?: { Resource: string; ReaderConfig: Json; Parameters: Json };
  ItemSelector?: Json;
  ItemProcessor?: {
    ProcessorConfig: { Mode: string };
    StartAt: string;
    States: Record<string, StateDefinition>;
  };
  ResultPath?: string | null;
}

const sub = (text: string): Json => ({ 'Fn::Sub': text });
const BUCKET_ARN = { 'Fn::GetAtt': ['ResultsBucket', 'Arn'] };
const SCANS = sub(`\${ResultsBucket.Arn}/scans/*`);
const LATEST = sub(`\${ResultsBucket.Arn}/latest.json`);
const TOPIC = { Ref: 'DigestTopic' };
const MEMBER_ROLE = sub(
  `arn:\${AWS::Partition}:iam::*:role/EksNetscanReadOnly`,
);
const logsOf = (fn: string): Json =>
  sub(
    `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/eks-netscan-dev-${fn}:*`,
  );
const STATE_MACHINE_ARN = sub(
  `arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:stateMachine:eks-netscan-dev-scan`,
);
const EXECUTIONS_ARN = sub(
  `arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:execution:eks-netscan-dev-scan/*`,
);
const LAMBDA_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

/** Every statement each role's inline policies hold, in order. */
const EXPECTED_STATEMENTS: Record<string, [string, string[], unknown][]> = {
  PlanRole: [
    ['Logs', ['logs:CreateLogStream', 'logs:PutLogEvents'], logsOf('plan')],
    [
      'ReadOrganization',
      [
        'organizations:ListAccounts',
        'organizations:ListAccountsForParent',
        'organizations:ListOrganizationalUnitsForParent',
      ],
      '*',
    ],
    ['DiscoverRegions', ['ec2:DescribeRegions'], '*'],
    ['AssumeMemberRole', ['sts:AssumeRole'], MEMBER_ROLE],
    ['WriteManifest', ['s3:PutObject'], SCANS],
  ],
  ScanTargetRole: [
    [
      'Logs',
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      logsOf('scanTarget'),
    ],
    ['AssumeMemberRole', ['sts:AssumeRole'], MEMBER_ROLE],
    ['WriteTargetResults', ['s3:PutObject'], SCANS],
  ],
  ReportRole: [
    ['Logs', ['logs:CreateLogStream', 'logs:PutLogEvents'], logsOf('report')],
    ['ListScans', ['s3:ListBucket'], BUCKET_ARN],
    ['ReadScans', ['s3:GetObject'], [SCANS, LATEST]],
    ['WriteReports', ['s3:PutObject'], [SCANS, LATEST]],
    ['PublishDigest', ['sns:Publish'], TOPIC],
  ],
  ScanNowRole: [
    ['Logs', ['logs:CreateLogStream', 'logs:PutLogEvents'], logsOf('scanNow')],
    ['AssumeMemberRole', ['sts:AssumeRole'], MEMBER_ROLE],
    ['ReadOwnResults', ['s3:GetObject'], SCANS],
    ['WriteResults', ['s3:PutObject'], SCANS],
  ],
  StateMachineRole: [
    [
      'InvokeScanFunctions',
      ['lambda:InvokeFunction'],
      ['Plan', 'ScanTarget', 'Report'].flatMap((fn) => [
        { 'Fn::GetAtt': [`${fn}LambdaFunction`, 'Arn'] },
        sub(`\${${fn}LambdaFunction.Arn}:*`),
      ]),
    ],
    ['ReadManifest', ['s3:GetObject'], SCANS],
    ['RunMapChildren', ['states:StartExecution'], STATE_MACHINE_ARN],
    [
      'ManageMapChildren',
      ['states:DescribeExecution', 'states:StopExecution'],
      EXECUTIONS_ARN,
    ],
  ],
  ScheduleRole: [['StartScan', ['states:StartExecution'], STATE_MACHINE_ARN]],
};

/** Actions that change something; each must target the own bucket or topic. */
const isWrite = (action: string): boolean =>
  /^(s3|sns|sqs|dynamodb|lambda|states|iam|ec2|eks):(Put|Delete|Create|Update|Publish|Attach|Modify|Start|Stop|Send|Tag|Untag|Invoke)/.test(
    action,
  );

let dir: string;
let template: { Resources: Record<string, Resource>; Conditions: Json };
let packaged: string[];

const resourcesOf = (type: string): [string, Resource][] =>
  Object.entries(template.Resources).filter(([, r]) => r.Type === type);

const statementsOf = (role: Resource): Statement[] =>
  (
    role.Properties.Policies as {
      PolicyDocument: { Statement: Statement[] };
    }[]
  ).flatMap((policy) => policy.PolicyDocument.Statement);

const actionsOf = (statement: Statement): string[] =>
  typeof statement.Action === 'string' ? [statement.Action] : statement.Action;

const resourceList = (statement: Statement): unknown[] =>
  Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];

const definition = (): {
  StartAt: string;
  States: Record<string, StateDefinition>;
} => {
  const machine = template.Resources.ScanStateMachine as Resource;
  const [text] = (machine.Properties.DefinitionString as Json)['Fn::Sub'] as [
    string,
    Json,
  ];
  return JSON.parse(text);
};

beforeAll(async () => {
  // Prepare: one offline package run shared by every assertion
  dir = await mkdtemp(join(tmpdir(), 'eks-netscan-sls-'));
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (
      key.startsWith('AWS_') &&
      key !== 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'
    )
      delete env[key];
  }
  await run(
    process.execPath,
    [
      join(ROOT, 'node_modules/osls/bin/serverless.js'),
      'package',
      '--package',
      dir,
    ],
    {
      cwd: ROOT,
      env: { ...env, SLS_TELEMETRY_DISABLED: '1' },
      timeout: 120_000,
    },
  );
  template = JSON.parse(
    await readFile(
      join(dir, 'cloudformation-template-update-stack.json'),
      'utf8',
    ),
  );
  packaged = (await readdir(dir)).sort();
}, 180_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('osls package', () => {
  it('writes one bundle per function', () => {
    // Assess
    expect(packaged.filter((f) => f.endsWith('.zip'))).toEqual([
      'plan.zip',
      'report.zip',
      'scanNow.zip',
      'scanTarget.zip',
    ]);
  });

  it('produces a template cfn-lint finds no errors in', async () => {
    // Act
    const lint = run('cfn-lint', [
      '--non-zero-exit-code',
      'error',
      join(dir, 'cloudformation-template-update-stack.json'),
    ]);

    // Assess
    await expect(lint).resolves.toBeDefined();
  });

  it('runs every function on nodejs24.x with its own role', () => {
    // Act
    const functions = resourcesOf('AWS::Lambda::Function').map(([id, fn]) => [
      id,
      fn.Properties.Runtime,
      fn.Properties.Role,
    ]);

    // Assess
    expect(functions).toEqual(
      ['Plan', 'ScanTarget', 'Report', 'ScanNow'].map((fn) => [
        `${fn}LambdaFunction`,
        'nodejs24.x',
        { 'Fn::GetAtt': [`${fn}Role`, 'Arn'] },
      ]),
    );
  });
});

describe('IAM', () => {
  it('has exactly the expected roles', () => {
    // Assess
    expect(
      resourcesOf('AWS::IAM::Role')
        .map(([id]) => id)
        .sort(),
    ).toEqual(Object.keys(EXPECTED_STATEMENTS).sort());
  });

  it.each(Object.keys(EXPECTED_STATEMENTS))(
    'gives %s exactly its listed actions on its listed resources',
    (roleId) => {
      // Prepare
      const role = template.Resources[roleId] as Resource;

      // Act
      const statements = statementsOf(role).map((s) => [
        s.Sid,
        actionsOf(s),
        s.Resource,
      ]);

      // Assess
      expect(statements.every((s) => s[0] !== undefined)).toBe(true);
      expect(statementsOf(role).every((s) => s.Effect === 'Allow')).toBe(true);
      expect(statements).toEqual(EXPECTED_STATEMENTS[roleId]);
    },
  );

  it('allows no wildcard action anywhere', () => {
    // Act
    const actions = resourcesOf('AWS::IAM::Role').flatMap(([, role]) =>
      statementsOf(role).flatMap(actionsOf),
    );

    // Assess
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((action) => action.includes('*'))).toEqual([]);
  });

  it('lets write actions touch only the own bucket’s scans/ and latest.json, the own topic and the own state machine and functions', () => {
    // Prepare
    const allowed = new Set(
      [
        SCANS,
        LATEST,
        TOPIC,
        STATE_MACHINE_ARN,
        EXECUTIONS_ARN,
        ...['Plan', 'ScanTarget', 'Report'].flatMap((fn) => [
          { 'Fn::GetAtt': [`${fn}LambdaFunction`, 'Arn'] },
          sub(`\${${fn}LambdaFunction.Arn}:*`),
        ]),
      ].map((r) => JSON.stringify(r)),
    );

    // Act
    const writes = resourcesOf('AWS::IAM::Role').flatMap(([, role]) =>
      statementsOf(role)
        .filter((s) => actionsOf(s).some(isWrite))
        .flatMap((s) => resourceList(s).map((r) => JSON.stringify(r))),
    );

    // Assess
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.filter((r) => !allowed.has(r))).toEqual([]);
  });

  it('lets only plan, scanTarget and scanNow assume a role, and only the member role', () => {
    // Act
    const assumers = resourcesOf('AWS::IAM::Role').flatMap(([id, role]) =>
      statementsOf(role)
        .filter((s) => actionsOf(s).some((a) => a.startsWith('sts:')))
        .map((s) => [id, actionsOf(s), s.Resource]),
    );

    // Assess
    expect(assumers).toEqual([
      ['PlanRole', ['sts:AssumeRole'], MEMBER_ROLE],
      ['ScanTargetRole', ['sts:AssumeRole'], MEMBER_ROLE],
      ['ScanNowRole', ['sts:AssumeRole'], MEMBER_ROLE],
    ]);
  });

  it('lets only plan read Organizations', () => {
    // Act
    const readers = resourcesOf('AWS::IAM::Role')
      .filter(([, role]) =>
        statementsOf(role).some((s) =>
          actionsOf(s).some((a) => a.startsWith('organizations:')),
        ),
      )
      .map(([id]) => id);

    // Assess
    expect(readers).toEqual(['PlanRole']);
  });
});

describe('results bucket and topic', () => {
  it('encrypts, versions, blocks public access and expires old scans', () => {
    // Prepare
    const bucket = template.Resources.ResultsBucket as Resource;

    // Assess
    expect(bucket.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        {
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
          BucketKeyEnabled: true,
        },
      ],
    });
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.VersioningConfiguration).toEqual({
      Status: 'Enabled',
    });
    const rules = (
      bucket.Properties.LifecycleConfiguration as {
        Rules: { Prefix: string; ExpirationInDays?: number; Status: string }[];
      }
    ).Rules;
    expect(rules.find((r) => r.Prefix === 'scans/')).toMatchObject({
      Status: 'Enabled',
      ExpirationInDays: 90,
    });
  });

  it('denies every non-TLS request to the bucket', () => {
    // Prepare
    const policy = template.Resources.ResultsBucketPolicy as Resource;

    // Act
    const statements = (
      policy.Properties.PolicyDocument as { Statement: Statement[] }
    ).Statement;

    // Assess
    expect(policy.Properties.Bucket).toEqual({ Ref: 'ResultsBucket' });
    expect(statements).toEqual([
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [BUCKET_ARN, sub(`\${ResultsBucket.Arn}/*`)],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  });

  it('encrypts the topic and subscribes the alert email only when one is set', () => {
    // Prepare
    const topic = template.Resources.DigestTopic as Resource;
    const subscription = template.Resources.DigestEmailSubscription as Resource;

    // Assess
    expect(topic.Properties.KmsMasterKeyId).toBe('alias/aws/sns');
    expect(subscription.Condition).toBe('HasAlertEmail');
    expect(subscription.Properties).toMatchObject({
      TopicArn: TOPIC,
      Protocol: 'email',
    });
    expect(template.Conditions.HasAlertEmail).toEqual({
      'Fn::Not': [{ 'Fn::Equals': ['', ''] }],
    });
  });
});

describe('state machine', () => {
  it('starts plan with a schedule input the plan handler accepts', () => {
    // Prepare
    const [, rule] = resourcesOf('AWS::Events::Rule')[0] ?? [];
    const targets = rule?.Properties.Targets as { Input: string }[];

    // Act
    const input = JSON.parse(targets[0]?.Input ?? 'null');

    // Assess
    expect(validateEvent('plan', input)).toEqual({ trigger: 'schedule' });
  });

  it('runs plan, then the Distributed Map, then report', () => {
    // Act
    const { StartAt, States } = definition();

    // Assess
    expect(StartAt).toBe('Plan');
    expect(States.Plan?.Next).toBe('ScanTargets');
    expect(States.ScanTargets?.Next).toBe('Report');
    expect(States.Report?.End).toBe(true);
    expect(States.Plan?.Retry?.[0]?.ErrorEquals).toEqual(LAMBDA_ERRORS);
    expect(States.Report?.Retry?.[0]?.ErrorEquals).toEqual(LAMBDA_ERRORS);
  });

  it('reads the items from the S3 manifest plan wrote, with bounded concurrency', () => {
    // Act
    const map = definition().States.ScanTargets as StateDefinition;

    // Assess
    expect(map.Type).toBe('Map');
    expect(map.ItemProcessor?.ProcessorConfig.Mode).toBe('DISTRIBUTED');
    expect(map.ItemReader).toEqual({
      Resource: 'arn:aws:states:::s3:getObject',
      ReaderConfig: { InputType: 'JSON' },
      Parameters: {
        'Bucket.$': '$.plan.manifest.bucket',
        'Key.$': '$.plan.manifest.key',
      },
    });
    expect(map.ItemSelector).toEqual({
      'scanId.$': '$.plan.scanId',
      'target.$': '$$.Map.Item.Value',
    });
    expect(map.MaxConcurrency).toBe(20);
    expect(map.ToleratedFailurePercentage).toBe(100);
    // Nothing large flows back through the state machine.
    expect(map.ResultPath).toBeNull();
  });

  it('retries an item on Lambda service errors, catches its failure and always reaches report', () => {
    // Act
    const map = definition().States.ScanTargets as StateDefinition;
    const item = map.ItemProcessor?.States.ScanTarget as StateDefinition;

    // Assess
    expect(map.ItemProcessor?.StartAt).toBe('ScanTarget');
    expect(item.Resource).toBe('arn:aws:states:::lambda:invoke');
    expect(item.Parameters?.FunctionName).toMatch(/^\$\{\w+\}$/);
    expect(item.Retry?.[0]).toMatchObject({
      ErrorEquals: LAMBDA_ERRORS,
      MaxAttempts: 6,
    });
    expect(item.Catch).toEqual([
      {
        ErrorEquals: ['States.ALL'],
        ResultPath: '$.error',
        Next: 'TargetFailed',
      },
    ]);
    expect(map.ItemProcessor?.States.TargetFailed?.Type).toBe('Pass');
    expect(map.Catch).toEqual([
      {
        ErrorEquals: ['States.ALL'],
        ResultPath: '$.fanOutError',
        Next: 'Report',
      },
    ]);
  });

  it('is started daily by an EventBridge schedule with the schedule input', () => {
    // Act
    const rules = resourcesOf('AWS::Events::Rule').map(
      ([, rule]) => rule.Properties,
    );

    // Assess
    expect(rules).toEqual([
      {
        ScheduleExpression: 'rate(1 day)',
        State: 'ENABLED',
        Targets: [
          {
            Arn: { Ref: 'ScanStateMachine' },
            Id: expect.any(String),
            Input: '{"trigger":"schedule"}',
            RoleArn: { 'Fn::GetAtt': ['ScheduleRole', 'Arn'] },
          },
        ],
      },
    ]);
  });
});
