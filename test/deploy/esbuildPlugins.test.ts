import { cp, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaBuildOptions } from '../../bench/lambda.js';
import * as sourceAws from '../../lib/aws/clientFactory.js';
import * as sourceCollect from '../../lib/collect/index.js';
import type { Snapshot } from '../../lib/snapshot/types.js';
import {
  type MotoServer,
  startMoto,
  testCredentials,
} from '../helpers/moto.js';
import {
  buildRegion,
  eksExtras,
  type RegionWorld,
} from '../lib/collect/motoWorld.js';
import { cannedHandler } from '../lib/collect/support.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ACCOUNT = '123456789012';

const plugins = createRequire(import.meta.url)(
  '../../deploy/esbuild-plugins.cjs',
) as {
  inlineSchemaKeys(source: string): { code: string; replaced: number };
};

/** What the bundled probe module exports (the same API as the sources). */
interface Probe {
  readonly createClientFactory: typeof sourceAws.createClientFactory;
  readonly collectSnapshot: typeof sourceCollect.collectSnapshot;
  readonly createInstanceTypeCache: typeof sourceCollect.createInstanceTypeCache;
}

describe('inlineSchemaKeys', () => {
  const cases: {
    name: string;
    source: string;
    code: string;
    replaced: number;
  }[] = [
    {
      name: 'a computed key naming a string constant becomes a literal key',
      source: 'const _xN = "xmlName";\nexport var A$ = [0, { [_xN]: _xN }];',
      code: 'const _xN = "xmlName";\nexport var A$ = [0, { "xmlName": _xN }];',
      replaced: 1,
    },
    {
      name: 'a key that is not a module string constant stays computed',
      source: 'const n0 = 5;\nexport var A$ = { [n0]: 1, [other]: 2 };',
      code: 'const n0 = 5;\nexport var A$ = { [n0]: 1, [other]: 2 };',
      replaced: 0,
    },
    {
      name: 'a __proto__ key stays computed, since its literal form sets the prototype',
      source: 'const _p = "__proto__";\nexport var A$ = { [_p]: 1 };',
      code: 'const _p = "__proto__";\nexport var A$ = { [_p]: 1 };',
      replaced: 0,
    },
    {
      name: 'escaped quotes in a constant are kept as written',
      source: 'const _q = "a\\"b";\nexport var A$ = { [_q]: 1 };',
      code: 'const _q = "a\\"b";\nexport var A$ = { "a\\"b": 1 };',
      replaced: 1,
    },
  ];

  it.each(cases)('$name', ({ source, code, replaced }) => {
    // Act
    const result = plugins.inlineSchemaKeys(source);

    // Assess
    expect(result).toEqual({ code, replaced });
  });
});

describe('the SDK schema plugin in a Lambda bundle', () => {
  let dir: string;
  let moto: MotoServer;
  let world: RegionWorld;
  let probe: Probe;
  let withPlugin: number;
  let withoutPlugin: number;

  beforeAll(async () => {
    // Prepare: the collector and client factory bundled with serverless.yml's
    // settings (plugin on), laid out like the package (data/ beside functions/)
    dir = await mkdtemp(join(tmpdir(), 'eks-netscan-plugin-'));
    const entry = join(dir, 'probe.ts');
    await writeFile(
      entry,
      `export { createClientFactory } from ${JSON.stringify(join(ROOT, 'lib/aws/clientFactory.ts'))};
export { collectSnapshot, createInstanceTypeCache } from ${JSON.stringify(join(ROOT, 'lib/collect/index.ts'))};
`,
    );
    const options = await lambdaBuildOptions(entry, join(dir, 'functions'));
    await build(options);
    await build({ ...options, plugins: [], outdir: join(dir, 'plain') });
    withPlugin = (await stat(join(dir, 'functions/probe.mjs'))).size;
    withoutPlugin = (await stat(join(dir, 'plain/probe.mjs'))).size;
    await mkdir(join(dir, 'data'));
    await cp(
      join(ROOT, 'data/instance-network-limits.json'),
      join(dir, 'data/instance-network-limits.json'),
    );
    probe = (await import(
      pathToFileURL(join(dir, 'functions/probe.mjs')).href
    )) as Probe;
    moto = await startMoto();
    world = await buildRegion({
      endpoint: moto.endpoint,
      region: 'us-east-1',
      clusterName: 'alpha',
      cidr: '10.0.0.0/16',
      nodegroups: [{ name: 'ng-1', instanceType: 'm5.large', nodes: 2 }],
      withFargate: true,
    });
  }, 120_000);

  afterAll(async () => {
    await moto?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** One snapshot of the moto region through the given code. */
  const collect = async (code: Probe): Promise<Snapshot> => {
    const factory = code.createClientFactory({
      region: 'us-east-1',
      credentials: testCredentials.credentials,
      endpoint: moto.endpoint,
      requestHandler: cannedHandler(eksExtras, new NodeHttpHandler()) as never,
      retryStrategy: new ConfiguredRetryStrategy(1, () => 0),
    });
    try {
      return await code.collectSnapshot({
        target: { accountId: ACCOUNT, region: 'us-east-1' },
        scanId: '20261126T104500Z-plugin',
        clients: factory.clientsFor({
          accountId: ACCOUNT,
          region: 'us-east-1',
        }),
        now: () => new Date('2026-11-26T10:45:00.000Z'),
        instanceTypeCache: code.createInstanceTypeCache(),
      });
    } finally {
      factory.destroy();
    }
  };

  it('drops the unused shapes: the bundle is over 400 KB smaller', () => {
    // Assess
    expect(withoutPlugin - withPlugin).toBeGreaterThan(400 * 1024);
  });

  it('collects the same snapshot as the unbundled sources', async () => {
    // Act
    const fromSource = await collect({
      createClientFactory: sourceAws.createClientFactory,
      collectSnapshot: sourceCollect.collectSnapshot,
      createInstanceTypeCache: sourceCollect.createInstanceTypeCache,
    });
    const fromBundle = await collect(probe);

    // Assess: a populated region, read the same way by both
    expect(fromSource.gaps).toEqual([]);
    expect(fromSource.vpcs?.map((v) => v.vpcId)).toEqual([world.vpcId]);
    expect(fromSource.instanceTypes).toEqual([
      expect.objectContaining({
        instanceType: 'm5.large',
        source: 'api+bundled',
        trunkingCompatible: true,
      }),
    ]);
    expect(fromBundle).toEqual(fromSource);
  }, 60_000);
});
