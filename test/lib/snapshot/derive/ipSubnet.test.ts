import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildContext } from '../../../../lib/snapshot/derive/context.js';
import { ipSubnetFacts } from '../../../../lib/snapshot/derive/ipSubnet.js';
import type { Snapshot } from '../../../../lib/snapshot/types.js';

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };
const BASE = JSON.parse(
  readFileSync(
    new URL('../../../fixtures/snapshots/cni-base.json', import.meta.url),
    'utf8',
  ),
) as Mutable<Snapshot>;

/** A fresh copy of the base fixture to change one thing in. */
const base = (): Mutable<Snapshot> => structuredClone(BASE);

const find = <T>(items: T[] | undefined, pick: (item: T) => boolean): T => {
  const found = (items ?? []).find(pick);
  if (found === undefined) throw new Error('fixture lacks the item');
  return found;
};

const factsOf = (snapshot: Mutable<Snapshot>, subnetId: string) =>
  ipSubnetFacts(
    buildContext(snapshot as Snapshot),
    find(snapshot.subnets, (s) => s.subnetId === subnetId),
  );

describe('ipSubnetFacts', () => {
  it('measures a node subnet with a leaked CNI ENI and a load balancer', () => {
    // Prepare
    const snapshot = base();

    // Act
    const actual = factsOf(snapshot, 'subnet-node-b');

    // Assess: used /28 blocks are 0 (reserved, .10), 1 (.16-.19), 6 (leak),
    // 12 (load balancer) and 15 (reserved last address)
    expect(actual).toStrictEqual({
      usableIpCount: 251,
      freePercent: (40 / 251) * 100,
      isPodSubnet: true,
      free28Blocks: 11,
      hostsPrefixModeEnis: false,
      hostsNonKubernetesEnis: true,
      hasPrefixReservation: false,
      leakedEniIps: 10,
      ownedByOtherAccount: false,
    });
  });

  it('measures a node subnet with only Kubernetes ENIs', () => {
    // Prepare
    const snapshot = base();

    // Act
    const actual = factsOf(snapshot, 'subnet-node-a');

    // Assess
    expect(actual).toMatchObject({
      isPodSubnet: true,
      free28Blocks: 10,
      hostsNonKubernetesEnis: false,
      leakedEniIps: 0,
    });
  });

  it('sees prefix mode on an ENI holding a prefix and counts the prefix block as used', () => {
    // Prepare
    const snapshot = base();
    find(
      snapshot.networkInterfaces,
      (e) => e.networkInterfaceId === 'eni-node1-1',
    ).ipv4Prefixes = ['10.0.16.128/28'];

    // Act
    const actual = factsOf(snapshot, 'subnet-node-a');

    // Assess
    expect(actual.hostsPrefixModeEnis).toBe(true);
    expect(actual.free28Blocks).toBe(9);
  });

  it('sees prefix mode through the node when the prefix sits on an ENI elsewhere', () => {
    // Prepare: node1's prefix ENI moves to the control-plane subnet
    const snapshot = base();
    const cniEni = find(
      snapshot.networkInterfaces,
      (e) => e.networkInterfaceId === 'eni-node1-1',
    );
    cniEni.ipv4Prefixes = ['10.0.0.128/28'];
    cniEni.subnetId = 'subnet-cp-a';

    // Act
    const actual = factsOf(snapshot, 'subnet-node-a');

    // Assess: node1's primary ENI stays here
    expect(actual.hostsPrefixModeEnis).toBe(true);
  });

  const reservationCases = [
    {
      name: 'a prefix reservation is reported and keeps its blocks free',
      reservationType: 'prefix',
      expected: { hasPrefixReservation: true, free28Blocks: 10 },
    },
    {
      name: 'an explicit reservation is not a prefix reservation and uses blocks',
      reservationType: 'explicit',
      expected: { hasPrefixReservation: false, free28Blocks: 6 },
    },
  ];
  it.each(reservationCases)('$name', ({ reservationType, expected }) => {
    // Prepare
    const snapshot = base();
    snapshot.subnetCidrReservations = [
      { subnetId: 'subnet-node-a', cidr: '10.0.16.128/26', reservationType },
    ];

    // Act
    const actual = factsOf(snapshot, 'subnet-node-a');

    // Assess
    expect(actual).toMatchObject(expected);
  });

  it('leaves the reservation fact absent when reservations were not collected', () => {
    // Prepare
    const snapshot = base();
    delete snapshot.subnetCidrReservations;

    // Act
    const actual = factsOf(snapshot, 'subnet-node-a');

    // Assess
    expect(actual).not.toHaveProperty('hasPrefixReservation');
    expect(actual.free28Blocks).toBe(10);
  });

  it('leaves free /28 blocks absent when ENIs were not collected', () => {
    // Prepare
    const snapshot = base();
    delete snapshot.networkInterfaces;

    // Act
    const actual = factsOf(snapshot, 'subnet-node-b');

    // Assess
    expect(actual).not.toHaveProperty('free28Blocks');
    expect(actual).toMatchObject({
      isPodSubnet: false,
      hostsNonKubernetesEnis: false,
      leakedEniIps: 0,
    });
  });

  it('treats a subnet without an IPv4 CIDR as having no IPv4 space to exhaust', () => {
    // Prepare
    const snapshot = base();
    const subnet = find(snapshot.subnets, (s) => s.subnetId === 'subnet-cp-a');
    delete subnet.cidrBlock;
    subnet.ipv6Native = true;

    // Act
    const actual = factsOf(snapshot, 'subnet-cp-a');

    // Assess
    expect(actual.usableIpCount).toBe(0);
    expect(actual.freePercent).toBe(100);
    expect(actual).not.toHaveProperty('free28Blocks');
  });

  it('marks a subnet owned by another account', () => {
    // Prepare
    const snapshot = base();
    find(snapshot.subnets, (s) => s.subnetId === 'subnet-cp-a').ownerId =
      '444455556666';

    // Act
    const actual = factsOf(snapshot, 'subnet-cp-a');

    // Assess
    expect(actual.ownedByOtherAccount).toBe(true);
    expect(actual.hostsNonKubernetesEnis).toBe(false);
  });
});
