/**
 * The packed package in the current n8n (2.x, pinned in scripts/n8n-runtime.sh): every scenario
 * of support/scenarios.ts against the three provider stubs, in one `n8n execute-batch`.
 */
import { defineSuite } from './support/suite';

describe('n8n 2.x (modern runtime)', () => {
	defineSuite('modern');
});
