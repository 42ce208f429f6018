/**
 * Puts a minimal EKS network into one account and region of a moto server:
 * a VPC, two subnets in two AZs, a VPC CNI secondary ENI and an EKS cluster.
 */
import {
  CreateNetworkInterfaceCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { testCredentials } from './moto.js';

/** What {@link createMotoCluster} made. */
interface MotoCluster {
  readonly clusterName: string;
  readonly vpcId: string;
  readonly subnetIds: string[];
  readonly eniId: string;
}

/**
 * Creates the network in `accountId` (by assuming a role there; moto keeps
 * each account's state apart) or in moto's default account.
 */
const createMotoCluster = async (input: {
  readonly endpoint: string;
  readonly region: string;
  readonly accountId?: string;
  readonly clusterName: string;
}): Promise<MotoCluster> => {
  let credentials: {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
  } = testCredentials.credentials;
  if (input.accountId) {
    const sts = new STSClient({ ...testCredentials, endpoint: input.endpoint });
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${input.accountId}:role/setup`,
        RoleSessionName: 'test-setup',
      }),
    );
    credentials = {
      accessKeyId: out.Credentials?.AccessKeyId ?? '',
      secretAccessKey: out.Credentials?.SecretAccessKey ?? '',
      sessionToken: out.Credentials?.SessionToken,
    };
    sts.destroy();
  }
  const config = {
    region: input.region,
    credentials,
    endpoint: input.endpoint,
  };
  const ec2 = new EC2Client(config);
  const eks = new EKSClient(config);
  const vpcId =
    (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc
      ?.VpcId ?? '';
  const subnetIds: string[] = [];
  for (const [i, az] of ['a', 'b'].entries()) {
    const subnet = await ec2.send(
      new CreateSubnetCommand({
        VpcId: vpcId,
        CidrBlock: `10.20.${i}.0/24`,
        AvailabilityZone: `${input.region}${az}`,
      }),
    );
    subnetIds.push(subnet.Subnet?.SubnetId ?? '');
  }
  const eni = await ec2.send(
    new CreateNetworkInterfaceCommand({
      SubnetId: subnetIds[0],
      Description: 'aws-K8S-i-0123456789abcdef0',
    }),
  );
  await eks.send(
    new CreateClusterCommand({
      name: input.clusterName,
      roleArn: `arn:aws:iam::${input.accountId ?? '123456789012'}:role/eks`,
      resourcesVpcConfig: { subnetIds },
    }),
  );
  ec2.destroy();
  eks.destroy();
  return {
    clusterName: input.clusterName,
    vpcId,
    subnetIds,
    eniId: eni.NetworkInterface?.NetworkInterfaceId ?? '',
  };
};

export type { MotoCluster };
export { createMotoCluster };
