/**
 * Seeds a small multi-account AWS Organization with EKS networks in moto,
 * for end-to-end scans, benchmarks and fault matrices:
 *
 * ```
 * root ── management (123456789012)   us-east-1: cluster "mgmt-tools"
 *      ├── prod (member)              us-east-1: "prod-a"   eu-west-1: "prod-b"
 *      └── dev  (member)              eu-west-1: "dev"
 * ```
 *
 * Each cluster gets a VPC, two subnets, a node security group (SSH open to
 * the world on "mgmt-tools" and "dev"), one node instance and a VPC CNI
 * secondary ENI attached to it. The clusters differ in exactly the settings
 * a handful of rules read (see {@link SEEDED_CLUSTERS}), so their outcomes
 * are predictable from the seed.
 */
import {
  AttachNetworkInterfaceCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeImagesCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { testCredentials } from './moto.js';
import { MANAGEMENT_ACCOUNT } from './motoOrganization.js';

/** The settings of one seeded cluster that rules read. */
interface SeededClusterSpec {
  readonly account: 'management' | 'prod' | 'dev';
  readonly region: string;
  readonly name: string;
  readonly endpointPublicAccess: boolean;
  readonly endpointPrivateAccess: boolean;
  readonly publicAccessCidrs?: readonly string[];
  /** AZ suffixes of the two cluster subnets (`['a','a']` = one AZ). */
  readonly azs: readonly [string, string];
  /** Tag the first subnet `kubernetes.io/role/elb`. */
  readonly lbTagged: boolean;
  /** Node security group allows SSH from 0.0.0.0/0. */
  readonly sshOpen: boolean;
}

/** The seeded clusters, in account/region/name order. */
const SEEDED_CLUSTERS: readonly SeededClusterSpec[] = [
  {
    account: 'management',
    region: 'us-east-1',
    name: 'mgmt-tools',
    endpointPublicAccess: true,
    endpointPrivateAccess: false,
    publicAccessCidrs: ['0.0.0.0/0'],
    azs: ['a', 'b'],
    lbTagged: false,
    sshOpen: true,
  },
  {
    account: 'prod',
    region: 'us-east-1',
    name: 'prod-a',
    endpointPublicAccess: false,
    endpointPrivateAccess: true,
    azs: ['a', 'b'],
    lbTagged: true,
    sshOpen: false,
  },
  {
    account: 'prod',
    region: 'eu-west-1',
    name: 'prod-b',
    endpointPublicAccess: true,
    endpointPrivateAccess: true,
    publicAccessCidrs: ['203.0.113.0/24'],
    azs: ['a', 'a'],
    lbTagged: true,
    sshOpen: false,
  },
  {
    account: 'dev',
    region: 'eu-west-1',
    name: 'dev',
    endpointPublicAccess: true,
    endpointPrivateAccess: true,
    publicAccessCidrs: ['0.0.0.0/0'],
    azs: ['a', 'b'],
    lbTagged: false,
    sshOpen: true,
  },
];

/** Regions the seed uses. */
const SEEDED_REGIONS = ['eu-west-1', 'us-east-1'] as const;

/** Account ids of the seeded organization. */
interface SeededOrg {
  readonly management: string;
  readonly prod: string;
  readonly dev: string;
  /** Account id of a seeded cluster by its name. */
  readonly accountOf: (clusterName: string) => string;
}

type Creds = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
};

const credentialsIn = async (
  endpoint: string,
  accountId: string,
): Promise<Creds> => {
  if (accountId === MANAGEMENT_ACCOUNT) return testCredentials.credentials;
  const sts = new STSClient({ ...testCredentials, endpoint });
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/seed`,
      RoleSessionName: 'seed',
    }),
  );
  sts.destroy();
  return {
    accessKeyId: out.Credentials?.AccessKeyId ?? '',
    secretAccessKey: out.Credentials?.SecretAccessKey ?? '',
    sessionToken: out.Credentials?.SessionToken,
  };
};

const seedCluster = async (
  endpoint: string,
  accountId: string,
  spec: SeededClusterSpec,
): Promise<void> => {
  const config = {
    region: spec.region,
    endpoint,
    credentials: await credentialsIn(endpoint, accountId),
  };
  const ec2 = new EC2Client(config);
  const eks = new EKSClient(config);
  try {
    const vpcId =
      (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc
        ?.VpcId ?? '';
    const subnetIds: string[] = [];
    for (const [i, az] of spec.azs.entries()) {
      const tags =
        spec.lbTagged && i === 0
          ? [
              {
                ResourceType: 'subnet' as const,
                Tags: [{ Key: 'kubernetes.io/role/elb', Value: '1' }],
              },
            ]
          : undefined;
      const subnet = await ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcId,
          CidrBlock: `10.30.${i}.0/24`,
          AvailabilityZone: `${spec.region}${az}`,
          ...(tags ? { TagSpecifications: tags } : {}),
        }),
      );
      subnetIds.push(subnet.Subnet?.SubnetId ?? '');
    }
    const nodeSg =
      (
        await ec2.send(
          new CreateSecurityGroupCommand({
            GroupName: `${spec.name}-nodes`,
            Description: `nodes of ${spec.name}`,
            VpcId: vpcId,
          }),
        )
      ).GroupId ?? '';
    if (spec.sshOpen) {
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: nodeSg,
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: 22,
              ToPort: 22,
              IpRanges: [{ CidrIp: '0.0.0.0/0' }],
            },
          ],
        }),
      );
    }
    const images = await ec2.send(new DescribeImagesCommand({}));
    const imageId =
      images.Images?.find((i) => !i.Platform && i.Architecture === 'x86_64')
        ?.ImageId ?? '';
    const run = await ec2.send(
      new RunInstancesCommand({
        ImageId: imageId,
        MinCount: 1,
        MaxCount: 1,
        InstanceType: 'm5.large',
        SubnetId: subnetIds[0],
        SecurityGroupIds: [nodeSg],
        TagSpecifications: [
          {
            ResourceType: 'instance',
            Tags: [
              { Key: 'aws:eks:cluster-name', Value: spec.name },
              { Key: `kubernetes.io/cluster/${spec.name}`, Value: 'owned' },
            ],
          },
        ],
      }),
    );
    const instanceId = run.Instances?.[0]?.InstanceId ?? '';
    const eni = await ec2.send(
      new CreateNetworkInterfaceCommand({
        SubnetId: subnetIds[0],
        Groups: [nodeSg],
        Description: `aws-K8S-${instanceId}`,
        SecondaryPrivateIpAddressCount: 5,
      }),
    );
    await ec2.send(
      new AttachNetworkInterfaceCommand({
        NetworkInterfaceId: eni.NetworkInterface?.NetworkInterfaceId,
        InstanceId: instanceId,
        DeviceIndex: 1,
      }),
    );
    await eks.send(
      new CreateClusterCommand({
        name: spec.name,
        roleArn: `arn:aws:iam::${accountId}:role/eks-cluster`,
        resourcesVpcConfig: {
          subnetIds,
          securityGroupIds: [nodeSg],
          endpointPublicAccess: spec.endpointPublicAccess,
          endpointPrivateAccess: spec.endpointPrivateAccess,
          ...(spec.publicAccessCidrs
            ? { publicAccessCidrs: [...spec.publicAccessCidrs] }
            : {}),
        },
      }),
    );
  } finally {
    ec2.destroy();
    eks.destroy();
  }
};

/**
 * Creates the organization and the clusters of {@link SEEDED_CLUSTERS} in the
 * moto server at `endpoint` (reset it first for a clean state).
 *
 * @example
 * const org = await seedOrg(moto.endpoint);
 */
const seedOrg = async (endpoint: string): Promise<SeededOrg> => {
  const org = new OrganizationsClient({ ...testCredentials, endpoint });
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const account = async (name: string): Promise<string> =>
    (
      await org.send(
        new CreateAccountCommand({
          AccountName: name,
          Email: `${name}@example.com`,
        }),
      )
    ).CreateAccountStatus?.AccountId ?? '';
  const ids = {
    management: MANAGEMENT_ACCOUNT,
    prod: await account('prod'),
    dev: await account('dev'),
  };
  org.destroy();
  for (const spec of SEEDED_CLUSTERS) {
    await seedCluster(endpoint, ids[spec.account], spec);
  }
  const byName = new Map(
    SEEDED_CLUSTERS.map((spec) => [spec.name, ids[spec.account]]),
  );
  return { ...ids, accountOf: (name) => byName.get(name) ?? '' };
};

export type { SeededClusterSpec, SeededOrg };
export { SEEDED_CLUSTERS, SEEDED_REGIONS, seedOrg };
