import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../lib/errors.js';
import {
  SNAPSHOT_JSON_SCHEMA,
  validateSnapshot,
} from '../../../lib/snapshot/schema.js';
import { SNAPSHOT_SCHEMA_VERSION } from '../../../lib/snapshot/types.js';
import {
  clusterOf,
  item,
  loadSnapshot,
  type MutableSnapshot,
} from './loadSnapshot.js';
import { scaleSnapshot } from './scaleSnapshot.js';

const messageOf = (data: unknown): string => {
  try {
    validateSnapshot(data, 'snap.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected validateSnapshot to throw');
};

describe('validateSnapshot', () => {
  it('accepts and returns the base, CNI and synthetic snapshots', () => {
    // Prepare
    const snapshots = [
      loadSnapshot(),
      loadSnapshot('cni-base'),
      scaleSnapshot({ clusters: 2, nodesPerCluster: 4 }),
    ];

    for (const snapshot of snapshots) {
      // Act
      const validated = validateSnapshot(snapshot);

      // Assess
      expect(validated, snapshot.scanId).toBe(snapshot);
    }
  });

  it('accepts absent collections (gaps) and a null vpc-cni add-on', () => {
    // Prepare
    const snapshot = loadSnapshot();
    delete snapshot.networkInterfaces;
    delete snapshot.subnetCidrReservations;
    clusterOf(snapshot).vpcCniAddon = null;
    const group = clusterOf(snapshot).nodegroups?.[0];
    if (group) group.instanceTypes = null;

    // Act
    const validated = validateSnapshot(snapshot);

    // Assess
    expect(validated.networkInterfaces).toBeUndefined();
  });

  const cases: {
    name: string;
    change: (snapshot: MutableSnapshot) => void;
    message: string;
  }[] = [
    {
      name: 'a newer schema version',
      change: (s) => Object.assign(s, { schemaVersion: 2 }),
      message: 'snap.json: schemaVersion: 2 is not supported (expected 1)',
    },
    {
      name: 'a string schema version',
      change: (s) => Object.assign(s, { schemaVersion: '1' }),
      message: 'snap.json: schemaVersion: "1" is not supported (expected 1)',
    },
    {
      name: 'no schema version',
      change: (s) => Object.assign(s, { schemaVersion: undefined }),
      message: 'snap.json: schemaVersion: is required',
    },
    {
      name: 'a wrongly typed nested field',
      change: (s) =>
        Object.assign(item(s, 'subnets', 'subnetId', 'subnet-node-b'), {
          availableIpAddressCount: '12',
        }),
      message: 'snap.json: subnets[3].availableIpAddressCount: must be number',
    },
    {
      name: 'a missing required field',
      change: (s) => Object.assign(clusterOf(s), { name: undefined }),
      message: 'snap.json: clusters[0].name: is required',
    },
    {
      name: 'a missing top-level field',
      change: (s) => Object.assign(s, { scanId: undefined }),
      message: 'snap.json: scanId: is required',
    },
    {
      name: 'an unknown top-level field',
      change: (s) => Object.assign(s, { extra: true }),
      message: 'snap.json: extra: is not a snapshot field',
    },
    {
      name: 'a value outside an enum',
      change: (s) =>
        Object.assign(clusterOf(s), {
          kubernetesNetworkConfig: { ipFamily: 'ipv5' },
        }),
      message:
        'snap.json: clusters[0].kubernetesNetworkConfig.ipFamily: must be one of "ipv4", "ipv6"',
    },
    {
      name: 'a collection that is not a list',
      change: (s) => Object.assign(s, { subnets: {} }),
      message: 'snap.json: subnets: must be array',
    },
    {
      name: 'a tag key that needs quoting',
      change: (s) => {
        clusterOf(s).tags = { 'kubernetes.io/name': 5 as unknown as string };
      },
      message:
        'snap.json: clusters[0].tags["kubernetes.io/name"]: must be string',
    },
    {
      name: 'a malformed collection time',
      change: (s) => Object.assign(s, { collectedAt: 'yesterday' }),
      message: 'snap.json: collectedAt: must match format "date-time"',
    },
    {
      name: 'an unknown gap collection',
      change: (s) =>
        s.gaps.push({
          collection: 'volumes' as 'subnets',
          api: 'DescribeVolumes',
          iamAction: 'ec2:DescribeVolumes',
          errorCode: 'AccessDenied',
          message: 'no',
        }),
      message: 'snap.json: gaps[0].collection: must be one of',
    },
  ];

  it.each(cases)(
    'rejects $name with one line naming the field',
    ({ change, message }) => {
      // Prepare
      const snapshot = loadSnapshot();
      change(snapshot);
      const data = JSON.parse(JSON.stringify(snapshot));

      // Act
      const text = messageOf(data);

      // Assess
      expect(text.startsWith(message), text).toBe(true);
      expect(text).not.toContain('\n');
    },
  );

  it('rejects input that is not an object', () => {
    // Prepare
    const inputs: unknown[] = [null, [], 'snapshot', 42];

    for (const input of inputs) {
      // Act
      const text = messageOf(input);

      // Assess
      expect(text, JSON.stringify(input)).toBe(
        'snap.json: (snapshot): must be a JSON object',
      );
    }
  });

  it('names the source "snapshot" by default', () => {
    // Act
    let text = '';
    try {
      validateSnapshot({});
    } catch (error) {
      text = (error as Error).message;
    }

    // Assess
    expect(text).toBe('snapshot: schemaVersion: is required');
  });
});

describe('SNAPSHOT_JSON_SCHEMA', () => {
  it('pins the schema version the types declare', () => {
    // Act
    const properties = SNAPSHOT_JSON_SCHEMA.properties as Record<
      string,
      { const?: number }
    >;

    // Assess
    expect(properties.schemaVersion?.const).toBe(SNAPSHOT_SCHEMA_VERSION);
  });
});
