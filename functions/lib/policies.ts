/**
 * The bundled policies, loaded and compiled once per Lambda process.
 *
 * @module
 */
import {
  defaultPolicyDirs,
  type LoadedPolicies,
  loadPolicies,
} from '../../lib/engine/loadPolicies.js';

let loaded: Promise<LoadedPolicies> | undefined;

/** The bundled policies (compiled on first call, then reused). */
const bundledPolicies = (): Promise<LoadedPolicies> => {
  loaded ??= loadPolicies(defaultPolicyDirs()).catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
};

export { bundledPolicies };
