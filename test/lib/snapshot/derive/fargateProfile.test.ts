import { describe, expect, it } from 'vitest';
import { buildContext } from '../../../../lib/snapshot/derive/context.js';
import { fargateProfileFacts } from '../../../../lib/snapshot/derive/fargateProfile.js';
import { clusterOf, defined, loadSnapshot } from '../loadSnapshot.js';

describe('fargateProfileFacts', () => {
  it('describes a profile in private subnets', () => {
    // Prepare
    const snapshot = loadSnapshot();

    // Act
    const facts = fargateProfileFacts(buildContext(snapshot));

    // Assess
    expect(facts).toEqual([
      {
        kind: 'fargateProfile',
        id: 'prod/system',
        name: 'system',
        arn: 'arn:aws:eks:us-east-1:111122223333:fargateprofile/prod/system/0c1d',
        clusterName: 'prod',
        vpcId: 'vpc-0prod',
        status: 'ACTIVE',
        subnetIds: ['subnet-node-a', 'subnet-node-b'],
        publicSubnetIds: [],
        healthIssueCodes: [],
      },
    ]);
  });

  it('lists the profile subnets that route to an internet gateway and its health codes', () => {
    // Prepare
    const snapshot = loadSnapshot();
    const profile = defined(
      clusterOf(snapshot).fargateProfiles?.[0],
      'profile',
    );
    profile.subnets = ['subnet-pub-b', 'subnet-node-a', 'subnet-pub-a'];
    profile.health.issues = [
      { code: 'Ec2SubnetNotFound' },
      { code: 'AccessDenied' },
    ];
    delete profile.status;
    delete profile.fargateProfileArn;

    // Act
    const [facts] = fargateProfileFacts(buildContext(snapshot));

    // Assess
    expect(facts?.publicSubnetIds).toEqual(['subnet-pub-a', 'subnet-pub-b']);
    expect(facts?.healthIssueCodes).toEqual([
      'AccessDenied',
      'Ec2SubnetNotFound',
    ]);
    expect(facts?.status).toBe('');
    expect(facts).not.toHaveProperty('arn');
  });

  it('produces no facts when the profiles of a cluster could not be listed', () => {
    // Prepare
    const snapshot = loadSnapshot();
    delete clusterOf(snapshot).fargateProfiles;

    // Act
    const facts = fargateProfileFacts(buildContext(snapshot));

    // Assess
    expect(facts).toEqual([]);
  });
});
