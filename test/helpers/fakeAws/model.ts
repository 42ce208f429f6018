/**
 * The generated organization the fake AWS transport serves: one parametrised
 * shape per target (account × region), rendered once per shape into the wire
 * fragments the real services send, so serving a target costs string joins,
 * not generation.
 */

/** Shape of every target of the fake organization. */
interface TargetShape {
  /** EKS clusters per target. */
  readonly clusters: number;
  /** Managed node groups per cluster. */
  readonly nodegroupsPerCluster: number;
  /** Fargate profiles per cluster. */
  readonly fargateProfilesPerCluster: number;
  /** VPCs; clusters are spread over them round-robin. */
  readonly vpcs: number;
  /** ENIs per VPC (node primaries, CNI secondaries, control plane, …). */
  readonly enis: number;
  /** Subnets per VPC. */
  readonly subnets: number;
  /** Security groups per VPC. */
  readonly securityGroups: number;
  /** Distinct instance types the nodes use (≤ the built-in list). */
  readonly instanceTypes: number;
  /** Route tables per VPC (the first public, the second main). */
  readonly routeTables: number;
  /** NAT gateways per VPC. */
  readonly natGateways: number;
  /** VPC endpoints per VPC. */
  readonly vpcEndpoints: number;
}

/** The default shape: the org-scale benchmark's target. */
const DEFAULT_SHAPE: TargetShape = Object.freeze({
  clusters: 3,
  nodegroupsPerCluster: 2,
  fargateProfilesPerCluster: 0,
  vpcs: 1,
  enis: 600,
  subnets: 40,
  securityGroups: 30,
  instanceTypes: 3,
  routeTables: 4,
  natGateways: 2,
  vpcEndpoints: 3,
});

/** Placeholder replaced by the target's account id when a body is served. */
const ACCOUNT = '{{ACCOUNT}}';
/** Placeholder replaced by the target's region when a body is served. */
const REGION = '{{REGION}}';

const INSTANCE_TYPES = [
  ['m5.large', 3, 10, 2],
  ['m5.xlarge', 4, 15, 4],
  ['c5.2xlarge', 4, 15, 8],
  ['r5.large', 3, 10, 2],
  ['t3.medium', 3, 6, 2],
  ['m6i.4xlarge', 8, 30, 16],
] as const;

/** Listings of one VPC as rendered EC2 `<item>` fragments. */
interface VpcListings {
  readonly vpcId: string;
  readonly vpcItem: string;
  readonly dhcpItem: string;
  readonly subnets: string[];
  readonly routeTables: string[];
  readonly natGateways: string[];
  readonly vpcEndpoints: string[];
  readonly securityGroups: string[];
  readonly networkInterfaces: string[];
  /** `reservationSet` items, one instance each. */
  readonly instances: string[];
  readonly flowLogs: string[];
}

/** EKS objects of one cluster as JSON-ready values. */
interface ClusterModel {
  readonly name: string;
  readonly cluster: Record<string, unknown>;
  readonly nodegroups: Record<string, Record<string, unknown>>;
  readonly fargateProfiles: Record<string, Record<string, unknown>>;
  readonly addon: Record<string, unknown>;
}

/** Everything one target serves, with account/region placeholders. */
interface TargetModel {
  readonly shape: TargetShape;
  readonly clusters: ClusterModel[];
  readonly vpcs: VpcListings[];
  /** `instanceTypeSet` items by instance type. */
  readonly instanceTypes: Map<string, string>;
  /** Numbers the call-plan formula needs. */
  readonly plan: {
    readonly clusters: number;
    readonly nodegroups: number;
    readonly fargateProfiles: number;
    readonly vpcs: number;
    readonly instanceTypes: number;
    /** The region's load balancers (none are generated). */
    readonly elb: {
      readonly loadBalancersAll: number;
      readonly loadBalancers: number;
      readonly targetGroupsAll: number;
      readonly targetGroups: number;
      readonly nlbTargetGroups: number;
      readonly classicAll: number;
      readonly classic: number;
    };
  };
}

const pad = (n: number, width = 6): string => String(n).padStart(width, '0');
const tags = (entries: Record<string, string>): string =>
  `<tagSet>${Object.entries(entries)
    .map(([k, v]) => `<item><key>${k}</key><value>${v}</value></item>`)
    .join('')}</tagSet>`;
const set = (name: string, items: string[]): string =>
  `<${name}>${items.map((i) => `<item>${i}</item>`).join('')}</${name}>`;

/** 10.<vpc>.<n>.0/24 style addressing: 256 subnets of /24 per VPC /16. */
const subnetCidr = (vpc: number, subnet: number): string =>
  `10.${vpc}.${subnet}.0/24`;
const ipIn = (vpc: number, subnet: number, host: number): string =>
  `10.${vpc}.${subnet}.${4 + (host % 250)}`;

const buildVpc = (
  shape: TargetShape,
  v: number,
  clusterNames: string[],
  nodegroupsOf: Map<string, string[]>,
): VpcListings => {
  const vpcId = `vpc-${pad(v, 8)}`;
  const azs = ['a', 'b', 'c'];
  const subnetIds: string[] = [];
  const subnetAz: string[] = [];
  const subnets: string[] = [];
  for (let s = 0; s < shape.subnets; s += 1) {
    const id = `subnet-${pad(v, 3)}${pad(s, 5)}`;
    const az = `${REGION}${azs[s % 3]}`;
    const isPublic = s % 4 === 3;
    subnetIds.push(id);
    subnetAz.push(az);
    subnets.push(
      `<subnetId>${id}</subnetId><subnetArn>arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/${id}</subnetArn><state>available</state><vpcId>${vpcId}</vpcId><ownerId>${ACCOUNT}</ownerId><cidrBlock>${subnetCidr(v, s)}</cidrBlock><availableIpAddressCount>${100 + ((s * 37) % 140)}</availableIpAddressCount><availabilityZone>${az}</availabilityZone><availabilityZoneId>use1-az${(s % 3) + 1}</availabilityZoneId><defaultForAz>false</defaultForAz><mapPublicIpOnLaunch>${isPublic}</mapPublicIpOnLaunch><assignIpv6AddressOnCreation>false</assignIpv6AddressOnCreation><ipv6CidrBlockAssociationSet/><enableDns64>false</enableDns64><ipv6Native>false</ipv6Native>${tags(
        isPublic
          ? { 'kubernetes.io/role/elb': '1', Name: `public-${s}` }
          : { 'kubernetes.io/role/internal-elb': '1', Name: `private-${s}` },
      )}`,
    );
  }
  const natIds = Array.from(
    { length: shape.natGateways },
    (_, n) => `nat-${pad(v, 3)}${pad(n, 14)}`,
  );
  const natGateways = natIds.map(
    (id, n) =>
      `<natGatewayId>${id}</natGatewayId><subnetId>${subnetIds[(n * 4 + 3) % subnetIds.length]}</subnetId><vpcId>${vpcId}</vpcId><state>available</state><connectivityType>public</connectivityType><natGatewayAddressSet><item><publicIp>203.0.113.${n + 1}</publicIp><privateIp>${ipIn(v, 3, n)}</privateIp></item></natGatewayAddressSet>${tags({})}`,
  );
  const routeTables: string[] = [];
  for (let r = 0; r < shape.routeTables; r += 1) {
    const id = `rtb-${pad(v, 3)}${pad(r, 14)}`;
    const isPublic = r === 0;
    const associated = subnetIds.filter((_, s) =>
      isPublic
        ? s % 4 === 3
        : s % 4 !== 3 && s % (shape.routeTables - 1 || 1) === r - 1,
    );
    const associations = [
      ...(r === 1
        ? [
            `<routeTableAssociationId>rtbassoc-${pad(r, 8)}main</routeTableAssociationId><routeTableId>${id}</routeTableId><main>true</main><associationState><state>associated</state></associationState>`,
          ]
        : []),
      ...associated.map(
        (subnetId) =>
          `<routeTableAssociationId>rtbassoc-${subnetId}</routeTableAssociationId><routeTableId>${id}</routeTableId><subnetId>${subnetId}</subnetId><main>false</main><associationState><state>associated</state></associationState>`,
      ),
    ];
    const routes = [
      `<destinationCidrBlock>10.${v}.0.0/16</destinationCidrBlock><gatewayId>local</gatewayId><state>active</state><origin>CreateRouteTable</origin>`,
      isPublic
        ? `<destinationCidrBlock>0.0.0.0/0</destinationCidrBlock><gatewayId>igw-${pad(v, 8)}</gatewayId><state>active</state><origin>CreateRoute</origin>`
        : `<destinationCidrBlock>0.0.0.0/0</destinationCidrBlock><natGatewayId>${natIds[r % Math.max(1, natIds.length)] ?? `nat-${pad(v, 17)}`}</natGatewayId><state>active</state><origin>CreateRoute</origin>`,
    ];
    routeTables.push(
      `<routeTableId>${id}</routeTableId><vpcId>${vpcId}</vpcId><ownerId>${ACCOUNT}</ownerId>${set('routeSet', routes)}${set('associationSet', associations)}<propagatingVgwSet/>${tags({})}`,
    );
  }
  const sgIds = Array.from(
    { length: shape.securityGroups },
    (_, g) => `sg-${pad(v, 3)}${pad(g, 14)}`,
  );
  const rule = (
    protocol: string,
    from: number | undefined,
    to: number | undefined,
    cidrs: string[],
    groups: string[],
  ): string =>
    `<ipProtocol>${protocol}</ipProtocol>${from === undefined ? '' : `<fromPort>${from}</fromPort><toPort>${to}</toPort>`}${set(
      'groups',
      groups.map((g) => `<userId>${ACCOUNT}</userId><groupId>${g}</groupId>`),
    )}${set(
      'ipRanges',
      cidrs.map((c) => `<cidrIp>${c}</cidrIp>`),
    )}<ipv6Ranges/><prefixListIds/>`;
  const securityGroups = sgIds.map((id, g) => {
    const ingress =
      g < shape.clusters
        ? [rule('-1', undefined, undefined, [], [id])]
        : [
            rule('tcp', 443, 443, [`10.${v}.0.0/16`], [sgIds[0] ?? id]),
            rule('tcp', 10250, 10250, [], [sgIds[0] ?? id]),
            rule('tcp', 1025, 65535, [], [id]),
          ];
    const egress = [rule('-1', undefined, undefined, ['0.0.0.0/0'], [])];
    const clusterName = clusterNames[g % clusterNames.length] ?? 'none';
    return `<ownerId>${ACCOUNT}</ownerId><groupId>${id}</groupId><groupName>${g < shape.clusters ? `eks-cluster-sg-${clusterName}` : `nodes-${g}`}</groupName><groupDescription>${g < shape.clusters ? 'EKS created security group applied to ENI that is attached to EKS Control Plane master nodes, as well as any managed workloads.' : 'node group'}</groupDescription><vpcId>${vpcId}</vpcId>${set('ipPermissions', ingress)}${set('ipPermissionsEgress', egress)}${tags(
      g < shape.clusters
        ? {
            'aws:eks:cluster-name': clusterName,
            [`kubernetes.io/cluster/${clusterName}`]: 'owned',
          }
        : { Name: `nodes-${g}` },
    )}`;
  });
  const vpcEndpoints = Array.from({ length: shape.vpcEndpoints }, (_, e) => {
    const service = ['ecr.api', 'ecr.dkr', 's3', 'sts', 'ec2'][e % 5];
    const gateway = service === 's3';
    return `<vpcEndpointId>vpce-${pad(v, 3)}${pad(e, 14)}</vpcEndpointId><vpcEndpointType>${gateway ? 'Gateway' : 'Interface'}</vpcEndpointType><vpcId>${vpcId}</vpcId><serviceName>com.amazonaws.${REGION}.${service}</serviceName><state>available</state>${set(
      'routeTableIdSet',
      gateway ? [`rtb-${pad(v, 3)}${pad(1, 14)}`] : [],
    )}${set('subnetIdSet', gateway ? [] : subnetIds.slice(0, 3))}${set(
      'groupSet',
      gateway
        ? []
        : [`<groupId>${sgIds[0]}</groupId><groupName>default</groupName>`],
    )}<privateDnsEnabled>${!gateway}</privateDnsEnabled><ipAddressType>ipv4</ipAddressType>${tags({})}`;
  });
  const flowLogs = [
    `<flowLogId>fl-${pad(v, 8)}</flowLogId><resourceId>${vpcId}</resourceId><trafficType>ALL</trafficType><flowLogStatus>ACTIVE</flowLogStatus><deliverLogsStatus>SUCCESS</deliverLogsStatus><logDestinationType>s3</logDestinationType>`,
  ];

  // ENIs: per node one primary plus two CNI secondaries; control-plane ENIs
  // (two per cluster) and a few leaked ones fill the rest.
  const networkInterfaces: string[] = [];
  const instances: string[] = [];
  const types = INSTANCE_TYPES.slice(
    0,
    Math.max(1, Math.min(shape.instanceTypes, INSTANCE_TYPES.length)),
  );
  const controlPlane = 2 * clusterNames.length;
  const leaked = Math.min(5, Math.max(0, shape.enis - controlPlane));
  const nodeEnis = Math.max(0, shape.enis - controlPlane - leaked);
  const nodes = Math.floor(nodeEnis / 3);
  const privateSubnets = subnetIds
    .map((id, s) => ({ id, s }))
    .filter(({ s }) => s % 4 !== 3);
  let host = 0;
  const eni = (
    id: string,
    subnet: { id: string; s: number },
    description: string,
    extra: {
      instanceId?: string;
      deviceIndex?: number;
      secondaryIps?: number;
      requesterManaged?: boolean;
      interfaceType?: string;
      groups: string[];
      tagSet?: Record<string, string>;
    },
  ): string => {
    const primaryIp = ipIn(v, subnet.s, host++);
    const ips = [
      `<privateIpAddress>${primaryIp}</privateIpAddress><primary>true</primary>`,
      ...Array.from(
        { length: extra.secondaryIps ?? 0 },
        () =>
          `<privateIpAddress>${ipIn(v, subnet.s, host++)}</privateIpAddress><primary>false</primary>`,
      ),
    ];
    return `<networkInterfaceId>${id}</networkInterfaceId><subnetId>${subnet.id}</subnetId><vpcId>${vpcId}</vpcId><availabilityZone>${subnetAz[subnet.s]}</availabilityZone><description>${description}</description><ownerId>${ACCOUNT}</ownerId>${extra.requesterManaged ? '<requesterId>AROAEKS:eks</requesterId>' : ''}<requesterManaged>${extra.requesterManaged ?? false}</requesterManaged><status>${extra.instanceId || extra.requesterManaged ? 'in-use' : 'available'}</status><macAddress>02:00:00:00:00:00</macAddress><privateIpAddress>${primaryIp}</privateIpAddress><sourceDestCheck>true</sourceDestCheck>${set(
      'groupSet',
      extra.groups.map(
        (g) => `<groupId>${g}</groupId><groupName>${g}</groupName>`,
      ),
    )}${
      extra.instanceId
        ? `<attachment><attachmentId>eni-attach-${id.slice(4)}</attachmentId><instanceId>${extra.instanceId}</instanceId><instanceOwnerId>${ACCOUNT}</instanceOwnerId><deviceIndex>${extra.deviceIndex ?? 0}</deviceIndex><networkCardIndex>0</networkCardIndex><status>attached</status><deleteOnTermination>true</deleteOnTermination></attachment>`
        : ''
    }${set('privateIpAddressesSet', ips)}<ipv6AddressesSet/><interfaceType>${extra.interfaceType ?? 'interface'}</interfaceType>${tags(extra.tagSet ?? {})}`;
  };
  let eniSeq = 0;
  const eniId = (): string => `eni-${pad(v, 3)}${pad(eniSeq++, 14)}`;
  clusterNames.forEach((cluster, c) => {
    for (let k = 0; k < 2; k += 1) {
      const subnet = privateSubnets[(c * 2 + k) % privateSubnets.length] ?? {
        id: subnetIds[0] ?? '',
        s: 0,
      };
      networkInterfaces.push(
        eni(eniId(), subnet, `Amazon EKS ${cluster}`, {
          requesterManaged: true,
          groups: [sgIds[c % sgIds.length] ?? ''],
        }),
      );
    }
  });
  for (let n = 0; n < nodes; n += 1) {
    const cluster = clusterNames[n % clusterNames.length] ?? 'none';
    const c = n % clusterNames.length;
    const nodegroups = nodegroupsOf.get(cluster) ?? [];
    const nodegroup = nodegroups[n % Math.max(1, nodegroups.length)] ?? 'self';
    const [type] = types[n % types.length] ?? INSTANCE_TYPES[0];
    const subnet = privateSubnets[n % privateSubnets.length] ?? {
      id: subnetIds[0] ?? '',
      s: 0,
    };
    const instanceId = `i-${pad(v, 3)}${pad(n, 14)}`;
    const nodeSg =
      sgIds[
        clusterNames.length +
          (c % Math.max(1, sgIds.length - clusterNames.length))
      ] ??
      sgIds[0] ??
      '';
    const groups = [sgIds[c % sgIds.length] ?? '', nodeSg];
    const ids = [eniId(), eniId(), eniId()];
    ids.forEach((id, d) => {
      networkInterfaces.push(
        eni(id, subnet, d === 0 ? '' : 'aws-K8S-i', {
          instanceId,
          deviceIndex: d,
          secondaryIps: d === 0 ? 4 : 5,
          groups,
          tagSet:
            d === 0
              ? {}
              : {
                  'node.k8s.amazonaws.com/instance_id': instanceId,
                  'cluster.k8s.amazonaws.com/name': cluster,
                },
        }),
      );
    });
    const nodeTags = {
      'aws:eks:cluster-name': cluster,
      'eks:nodegroup-name': nodegroup,
      'aws:autoscaling:groupName': `eks-${nodegroup}-asg`,
      [`kubernetes.io/cluster/${cluster}`]: 'owned',
    };
    instances.push(
      `<reservationId>r-${pad(v, 3)}${pad(n, 14)}</reservationId><ownerId>${ACCOUNT}</ownerId><groupSet/><instancesSet><item><instanceId>${instanceId}</instanceId><imageId>ami-0123456789</imageId><instanceState><code>16</code><name>running</name></instanceState><privateDnsName>ip-10-${v}-0-0.ec2.internal</privateDnsName><instanceType>${type}</instanceType><placement><availabilityZone>${subnetAz[subnet.s]}</availabilityZone><tenancy>default</tenancy></placement><subnetId>${subnet.id}</subnetId><vpcId>${vpcId}</vpcId><privateIpAddress>${ipIn(v, subnet.s, n)}</privateIpAddress>${set(
        'groupSet',
        groups.map((g) => `<groupId>${g}</groupId><groupName>${g}</groupName>`),
      )}<architecture>x86_64</architecture><rootDeviceType>ebs</rootDeviceType><hypervisor>xen</hypervisor>${set(
        'networkInterfaceSet',
        ids.map(
          (id, d) =>
            `<networkInterfaceId>${id}</networkInterfaceId><subnetId>${subnet.id}</subnetId><vpcId>${vpcId}</vpcId><attachment><attachmentId>eni-attach-${id.slice(4)}</attachmentId><deviceIndex>${d}</deviceIndex><networkCardIndex>0</networkCardIndex><status>attached</status><deleteOnTermination>true</deleteOnTermination></attachment><interfaceType>interface</interfaceType>`,
        ),
      )}<platformDetails>Linux/UNIX</platformDetails>${tags(nodeTags)}</item></instancesSet>`,
    );
  }
  while (networkInterfaces.length < shape.enis) {
    const subnet = privateSubnets[
      networkInterfaces.length % privateSubnets.length
    ] ?? {
      id: subnetIds[0] ?? '',
      s: 0,
    };
    networkInterfaces.push(
      eni(eniId(), subnet, 'aws-K8S-i-leaked', {
        groups: [sgIds[0] ?? ''],
        secondaryIps: 2,
        tagSet: { 'node.k8s.amazonaws.com/instance_id': 'i-gone' },
      }),
    );
  }

  return {
    vpcId,
    vpcItem: `<vpcId>${vpcId}</vpcId><ownerId>${ACCOUNT}</ownerId><state>available</state><cidrBlock>10.${v}.0.0/16</cidrBlock><cidrBlockAssociationSet><item><cidrBlock>10.${v}.0.0/16</cidrBlock><associationId>vpc-cidr-assoc-${v}</associationId><cidrBlockState><state>associated</state></cidrBlockState></item></cidrBlockAssociationSet><ipv6CidrBlockAssociationSet/><dhcpOptionsId>dopt-${pad(v, 8)}</dhcpOptionsId><instanceTenancy>default</instanceTenancy><isDefault>false</isDefault>${tags({ Name: `eks-${v}` })}`,
    dhcpItem: `<dhcpOptionsId>dopt-${pad(v, 8)}</dhcpOptionsId><ownerId>${ACCOUNT}</ownerId>${set(
      'dhcpConfigurationSet',
      [
        `<key>domain-name</key>${set('valueSet', ['<value>ec2.internal</value>'])}`,
        `<key>domain-name-servers</key>${set('valueSet', ['<value>AmazonProvidedDNS</value>'])}`,
      ],
    )}${tags({})}`,
    subnets,
    routeTables,
    natGateways,
    vpcEndpoints,
    securityGroups,
    networkInterfaces,
    instances,
    flowLogs,
  };
};

const instanceTypeItem = ([
  type,
  enis,
  ips,
  vcpus,
]: (typeof INSTANCE_TYPES)[number]): string =>
  `<instanceType>${type}</instanceType><currentGeneration>true</currentGeneration><bareMetal>false</bareMetal><hypervisor>nitro</hypervisor><vCpuInfo><defaultVCpus>${vcpus}</defaultVCpus></vCpuInfo><networkInfo><maximumNetworkInterfaces>${enis}</maximumNetworkInterfaces><maximumNetworkCards>1</maximumNetworkCards><defaultNetworkCardIndex>0</defaultNetworkCardIndex><networkCards><item><networkCardIndex>0</networkCardIndex><maximumNetworkInterfaces>${enis}</maximumNetworkInterfaces></item></networkCards><ipv4AddressesPerInterface>${ips}</ipv4AddressesPerInterface><ipv6AddressesPerInterface>${ips}</ipv6AddressesPerInterface><ipv6Supported>true</ipv6Supported><enaSupport>required</enaSupport></networkInfo>`;

/**
 * Builds the model of one target shape. Account id and region stay
 * placeholders ({@link ACCOUNT}, {@link REGION}) so one model serves every
 * target of that shape.
 */
const buildTargetModel = (shape: TargetShape): TargetModel => {
  const vpcCount = Math.max(1, shape.vpcs);
  const clusterNames = Array.from(
    { length: shape.clusters },
    (_, c) => `cluster-${pad(c, 2)}`,
  );
  const nodegroupsOf = new Map(
    clusterNames.map((name) => [
      name,
      Array.from(
        { length: shape.nodegroupsPerCluster },
        (_, n) => `${name}-ng-${n}`,
      ),
    ]),
  );
  const vpcs = Array.from({ length: vpcCount }, (_, v) =>
    buildVpc(
      shape,
      v,
      clusterNames.filter((_, c) => c % vpcCount === v),
      nodegroupsOf,
    ),
  );
  const types = INSTANCE_TYPES.slice(
    0,
    Math.max(1, Math.min(shape.instanceTypes, INSTANCE_TYPES.length)),
  );
  const clusters = clusterNames.map((name, c): ClusterModel => {
    const v = c % vpcCount;
    const vpc = vpcs[v] as VpcListings;
    const subnetIds = Array.from(
      { length: Math.min(3, shape.subnets) },
      (_, s) => `subnet-${pad(v, 3)}${pad(s, 5)}`,
    );
    const clusterSg = `sg-${pad(v, 3)}${pad(Math.floor(c / vpcCount), 14)}`;
    const nodegroups = Object.fromEntries(
      (nodegroupsOf.get(name) ?? []).map((ng, n) => [
        ng,
        {
          nodegroupName: ng,
          nodegroupArn: `arn:aws:eks:${REGION}:${ACCOUNT}:nodegroup/${name}/${ng}/1`,
          clusterName: name,
          version: '1.31',
          releaseVersion: '1.31.7-20250505',
          createdAt: 1735689600,
          status: 'ACTIVE',
          capacityType: 'ON_DEMAND',
          scalingConfig: { minSize: 2, maxSize: 10, desiredSize: 3 },
          instanceTypes: [types[n % types.length]?.[0] ?? 'm5.large'],
          subnets: subnetIds,
          amiType: 'AL2023_x86_64_STANDARD',
          nodeRole: `arn:aws:iam::${ACCOUNT}:role/node`,
          labels: {},
          resources: { autoScalingGroups: [{ name: `eks-${ng}-asg` }] },
          health: { issues: [] },
          tags: {},
        },
      ]),
    );
    const fargateProfiles = Object.fromEntries(
      Array.from({ length: shape.fargateProfilesPerCluster }, (_, f) => {
        const profile = `${name}-fp-${f}`;
        return [
          profile,
          {
            fargateProfileName: profile,
            fargateProfileArn: `arn:aws:eks:${REGION}:${ACCOUNT}:fargateprofile/${name}/${profile}/1`,
            clusterName: name,
            createdAt: 1735689600,
            podExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/fargate`,
            subnets: subnetIds,
            selectors: [{ namespace: `ns-${f}` }],
            status: 'ACTIVE',
            tags: {},
          },
        ];
      }),
    );
    return {
      name,
      cluster: {
        name,
        arn: `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${name}`,
        createdAt: 1735689600.5,
        version: '1.31',
        endpoint: `https://${name.toUpperCase()}.gr7.${REGION}.eks.amazonaws.com`,
        roleArn: `arn:aws:iam::${ACCOUNT}:role/eks`,
        resourcesVpcConfig: {
          subnetIds,
          securityGroupIds: [],
          clusterSecurityGroupId: clusterSg,
          vpcId: vpc.vpcId,
          endpointPublicAccess: c % 2 === 0,
          endpointPrivateAccess: true,
          publicAccessCidrs: c % 2 === 0 ? ['198.51.100.0/24'] : [],
        },
        kubernetesNetworkConfig: {
          serviceIpv4Cidr: '172.20.0.0/16',
          ipFamily: 'ipv4',
        },
        logging: {
          clusterLogging: [{ types: ['api', 'audit'], enabled: true }],
        },
        status: 'ACTIVE',
        platformVersion: 'eks.20',
        tags: {},
        accessConfig: { authenticationMode: 'API' },
        upgradePolicy: { supportType: 'STANDARD' },
      },
      nodegroups,
      fargateProfiles,
      addon: {
        addonName: 'vpc-cni',
        clusterName: name,
        status: 'ACTIVE',
        addonVersion: 'v1.19.2-eksbuild.1',
        health: { issues: [] },
        addonArn: `arn:aws:eks:${REGION}:${ACCOUNT}:addon/${name}/vpc-cni/1`,
        createdAt: 1735689600,
        modifiedAt: 1735689600,
        tags: {},
        configurationValues:
          c % 2 === 0 ? '{"env":{"ENABLE_PREFIX_DELEGATION":"false"}}' : '',
      },
    };
  });
  return {
    shape,
    clusters,
    vpcs,
    instanceTypes: new Map(types.map((t) => [t[0], instanceTypeItem(t)])),
    plan: {
      clusters: shape.clusters,
      nodegroups: shape.clusters * shape.nodegroupsPerCluster,
      fargateProfiles: shape.clusters * shape.fargateProfilesPerCluster,
      vpcs: Math.min(vpcCount, Math.max(1, shape.clusters)),
      instanceTypes: types.length,
      elb: {
        loadBalancersAll: 0,
        loadBalancers: 0,
        targetGroupsAll: 0,
        targetGroups: 0,
        nlbTargetGroups: 0,
        classicAll: 0,
        classic: 0,
      },
    },
  };
};

export type { ClusterModel, TargetModel, TargetShape, VpcListings };
export { ACCOUNT, buildTargetModel, DEFAULT_SHAPE, REGION };
