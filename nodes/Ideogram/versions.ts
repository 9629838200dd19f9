/**
 * What differs by node version, in one place. Version 1 is frozen: n8n stores only parameters that
 * differ from their defaults, so a changed default would silently change saved workflows. Version
 * 2 adds Ideogram's current API and lists it first; every version-1 resource stays, named for the
 * API it uses. A change to an existing default or parameter needs a version 3 here, never an edit
 * of what version 1 or 2 shows or sends.
 *
 * Which resources each version lists, and under what name, is in resources/index.ts (`listed`).
 */
export const NODE_VERSIONS = [1, 2] as const;
export type NodeVersion = (typeof NODE_VERSIONS)[number];
export const DEFAULT_NODE_VERSION: NodeVersion = 2;

/**
 * Whether an item that met the in-flight limit says so in its output (`throttled`: the 429s and
 * the time waited). Version 1's output stays as it always was.
 */
export const reportsThrottling = (version: number): boolean => version >= 2;
