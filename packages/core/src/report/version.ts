/** The leakproof release these packages belong to (kept equal to packages/core/package.json by a unit test). */
export const LEAKPROOF_VERSION = '0.1.0';
