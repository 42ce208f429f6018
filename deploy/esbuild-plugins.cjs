/**
 * esbuild plugins of the Lambda bundles (`custom.esbuild.plugins` in
 * `serverless.yml`; `bench/lambda.ts` builds with the same list).
 *
 * CommonJS because serverless-esbuild loads this file with `require`.
 *
 * @module
 */
const { readFile } = require('node:fs/promises');

/**
 * The AWS SDK's schema modules (`dist-es/…/schemas/schemas_N.js`), one per
 * client, holding every operation and shape of the service.
 */
const SCHEMA_FILE = /[\\/]@aws-sdk[\\/].+[\\/]schemas[\\/]schemas_\d+\.js$/;

/** `const _xN = "xmlName";`: the string constants a schema module declares. */
const STRING_CONST = /^const (\w+) = ("(?:[^"\\\n]|\\.)*");$/gm;

/** A computed property key that is a bare identifier: `[_xN]:`. */
const COMPUTED_KEY = /\[(\w+)\]:/g;

/**
 * Rewrites computed keys of a schema module's object literals that name one
 * of its own string constants (`{ [_xN]: _Fil }`) into literal keys
 * (`{ "xmlName": _Fil }`).
 *
 * Why: esbuild cannot prove a computed key free of side effects (it might
 * be an object with a `toString`), so it keeps every shape of the module
 * whether used or not: the EC2 client alone is ~540 KB of minified schemas
 * for the dozen operations the scanner calls. With literal keys every
 * unused shape is dropped. The rewrite keeps the meaning: the constant is a
 * module-level `const` string, the schema modules declare nothing else of
 * that name in a nested scope, and `__proto__` (the one key whose literal
 * form means something else) is left computed.
 *
 * @param {string} source - Text of a schema module.
 * @returns {{ code: string, replaced: number }} The rewritten text and how
 *   many keys were rewritten.
 */
const inlineSchemaKeys = (source) => {
  const constants = new Map();
  for (const match of source.matchAll(STRING_CONST)) {
    constants.set(match[1], match[2]);
  }
  let replaced = 0;
  const code = source.replace(COMPUTED_KEY, (all, name) => {
    const value = constants.get(name);
    if (value === undefined || value === '"__proto__"') return all;
    replaced += 1;
    return `${value}:`;
  });
  return { code, replaced };
};

/**
 * esbuild plugin applying {@link inlineSchemaKeys} to the SDK's schema
 * modules so unused shapes are tree-shaken.
 *
 * @returns {import('esbuild').Plugin}
 */
const sdkSchemaTreeShaking = () => ({
  name: 'eks-netscan-sdk-schema-tree-shaking',
  setup(build) {
    build.onLoad({ filter: SCHEMA_FILE }, async (args) => ({
      contents: inlineSchemaKeys(await readFile(args.path, 'utf8')).code,
      loader: 'js',
    }));
  },
});

/**
 * The plugin list (serverless-esbuild calls an exported function with the
 * Serverless instance).
 *
 * @returns {import('esbuild').Plugin[]}
 */
const lambdaPlugins = () => [sdkSchemaTreeShaking()];

module.exports = lambdaPlugins;
module.exports.lambdaPlugins = lambdaPlugins;
module.exports.inlineSchemaKeys = inlineSchemaKeys;
module.exports.sdkSchemaTreeShaking = sdkSchemaTreeShaking;
