/**
 * The same scenarios in the last n8n 1.x line (1.123, on Node 20), which many self-hosted
 * installs still run: the package's lower bound.
 */
import { defineSuite } from './support/suite';

describe('n8n 1.x (legacy runtime)', () => {
	defineSuite('legacy');
});
