import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COLLECTOR_PERMISSIONS } from '../../lib/collect/index.js';
import {
  MEMBER_ROLE_ACTIONS,
  MEMBER_ROLE_PATH,
  PLANNER_PERMISSIONS,
  renderMemberRole,
} from '../../scripts/generate-member-role.js';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  Principal?: { AWS?: unknown };
  Condition?: Record<string, Record<string, unknown>>;
}

interface MemberRoleTemplate {
  Resources: {
    ScannerRole: {
      Properties: {
        AssumeRolePolicyDocument: { Statement: Statement[] };
        Policies: { PolicyDocument: { Statement: Statement[] } }[];
      };
    };
  };
}

const load = async (): Promise<{
  text: string;
  template: MemberRoleTemplate;
}> => {
  const text = await readFile(MEMBER_ROLE_PATH, 'utf8');
  return { text, template: parse(text) as MemberRoleTemplate };
};

const actionsOf = (statement: Statement): string[] =>
  typeof statement.Action === 'string' ? [statement.Action] : statement.Action;

describe('deploy/member-role.yml', () => {
  it('is the generator output for the current collector permissions', async () => {
    // Prepare
    const { text } = await load();

    // Act
    const expected = renderMemberRole();

    // Assess
    expect(text).toBe(expected);
  });

  it('allows exactly the collectors’ actions plus the planner’s region discovery', async () => {
    // Prepare
    const { template } = await load();
    const statements =
      template.Resources.ScannerRole.Properties.Policies.flatMap(
        (policy) => policy.PolicyDocument.Statement,
      );

    // Act
    const actions = statements.flatMap(actionsOf).sort();

    // Assess
    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
    expect(actions).toEqual(
      [...new Set([...COLLECTOR_PERMISSIONS, ...PLANNER_PERMISSIONS])].sort(),
    );
    expect(actions).toEqual([...MEMBER_ROLE_ACTIONS]);
  });

  it('grants only read-only Describe, List and Get actions without wildcards', async () => {
    // Prepare
    const { template } = await load();

    // Act
    const actions = template.Resources.ScannerRole.Properties.Policies.flatMap(
      (policy) => policy.PolicyDocument.Statement.flatMap(actionsOf),
    );

    // Assess
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) {
      expect(action).toMatch(
        /^(ec2|eks|elasticloadbalancing):(Describe|List|Get)[A-Za-z]+$/,
      );
    }
  });

  it('trusts only the scanner roles of the hub account, with ExternalId and organization conditions', async () => {
    // Prepare
    const { template } = await load();

    // Act
    const [trust, ...others] =
      template.Resources.ScannerRole.Properties.AssumeRolePolicyDocument
        .Statement;

    // Assess
    expect(others).toEqual([]);
    expect(trust?.Effect).toBe('Allow');
    expect(trust?.Action).toBe('sts:AssumeRole');
    expect(trust?.Principal?.AWS).toEqual({
      'Fn::Sub': `arn:\${AWS::Partition}:iam::\${HubAccountId}:root`,
    });
    expect(trust?.Condition?.StringEquals?.['sts:ExternalId']).toEqual({
      Ref: 'ExternalId',
    });
    expect(trust?.Condition?.StringEquals?.['aws:PrincipalOrgID']).toEqual({
      Ref: 'OrganizationId',
    });
    expect(trust?.Condition?.ArnEquals?.['aws:PrincipalArn']).toEqual(
      ['plan', 'scanTarget', 'scanNow'].map((fn) => ({
        'Fn::Sub': `arn:\${AWS::Partition}:iam::\${HubAccountId}:role/eks-netscan-\${ScannerStage}-${fn}`,
      })),
    );
  });

  it('passes cfn-lint without errors', async () => {
    // Act
    const run = promisify(execFile)('cfn-lint', [
      '--non-zero-exit-code',
      'error',
      MEMBER_ROLE_PATH,
    ]);

    // Assess
    await expect(run).resolves.toBeDefined();
  });
});
