/**
 * The hidden comparison switch (limits/imageSlots.ts adaptationOn): with N8N_IDEOGRAM_ADAPTIVE_SLOTS=off
 * and n8n letting nodes read the environment, a 429 leaves the cap where it was. Its own file: the
 * setting is read once per process (per test file under jest).
 */
process.env.N8N_IDEOGRAM_ADAPTIVE_SLOTS = 'off';
process.env.N8N_BLOCK_ENV_ACCESS_IN_NODE = 'false';

import { slotsFor } from '../../nodes/Ideogram/limits/imageSlots';
import type { RecordedRequest } from '../stub/ideogram-stub';
import { runIdeogram } from '../support/n8n';
import { useStub } from '../support/useStub';

const KEY = 'sk-test-adaptive-off-91e0a4';
const stub = useStub({ apiKey: KEY, latencyMs: 5, retryAfterSeconds: 0.02 });
const promptOf = (r: RecordedRequest) => String((r.json as { prompt?: string } | undefined)?.prompt ?? '');

test('N8N_IDEOGRAM_ADAPTIVE_SLOTS=off keeps the cap at Max Images in Flight through a 429', async () => {
	stub.inject({ kind: 'status', status: 429, match: (r) => promptOf(r) === 'fixed 0' });
	const result = await runIdeogram({
		parameters: { resource: 'image', operation: 'generate', prompt: '={{ $json.prompt }}', options: { downloadImages: false } },
		items: [{ json: { prompt: 'fixed 0' } }],
		credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl },
	});
	expect(result.error).toBeUndefined();
	expect(stub.requests.map((r) => r.status)).toEqual([429, 200]);
	expect(slotsFor(`cred-1|${stub.baseUrl}`, 10).cap).toBe(10);
});
