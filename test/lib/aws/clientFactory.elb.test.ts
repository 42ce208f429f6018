import { CreateSubnetCommand, CreateVpcCommand } from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand as DescribeClassicCommand } from '@aws-sdk/client-elastic-load-balancing';
import {
  CreateLoadBalancerCommand,
  DescribeLoadBalancersCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientFactory } from '../../../lib/aws/clientFactory.js';
import { CLIENT_FACTORY_DEFAULTS } from '../../../lib/aws/constants.js';
import {
  type MotoServer,
  startMoto,
  testCredentials,
} from '../../helpers/moto.js';

let moto: MotoServer;

beforeAll(async () => {
  moto = await startMoto();
});

afterAll(async () => {
  await moto.stop();
});

describe('createClientFactory and Elastic Load Balancing', () => {
  it('gives every target ELB v2 and Classic clients that count as elasticloadbalancing actions', async () => {
    // Prepare
    const factory = createClientFactory({
      endpoint: moto.endpoint,
      credentials: testCredentials.credentials,
    });
    const clients = factory.clientsFor({
      accountId: '123456789012',
      region: 'eu-west-3',
    });
    const vpcId =
      (
        await clients.ec2.send(
          new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }),
        )
      ).Vpc?.VpcId ?? '';
    const subnets = await Promise.all(
      ['a', 'b'].map(
        async (az, i) =>
          (
            await clients.ec2.send(
              new CreateSubnetCommand({
                VpcId: vpcId,
                CidrBlock: `10.0.${i}.0/24`,
                AvailabilityZone: `eu-west-3${az}`,
              }),
            )
          ).Subnet?.SubnetId ?? '',
      ),
    );
    await clients.elbv2?.send(
      new CreateLoadBalancerCommand({ Name: 'web', Subnets: subnets }),
    );
    const before = clients.counter.byAction();

    // Act
    const v2 = await clients.elbv2?.send(new DescribeLoadBalancersCommand({}));
    const v1 = await clients.elb?.send(new DescribeClassicCommand({}));

    // Assess
    expect(v2?.LoadBalancers?.map((lb) => lb.LoadBalancerName)).toEqual([
      'web',
    ]);
    expect(v1?.LoadBalancerDescriptions).toEqual([]);
    expect(
      (clients.counter.byAction()[
        'elasticloadbalancing:DescribeLoadBalancers'
      ] ?? 0) - (before['elasticloadbalancing:DescribeLoadBalancers'] ?? 0),
    ).toBe(2);
    factory.destroy();
  });

  it('rate-limits ELB below EC2 by default', () => {
    // Assess
    expect(CLIENT_FACTORY_DEFAULTS.ratePerSecond).toMatchObject({
      elasticloadbalancing: 3,
      ec2: 5,
    });
  });
});
