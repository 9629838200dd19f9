/**
 * The comparison's "adaptation off" (limits/imageSlots.ts `adaptation`, set from outside by the
 * queue-mode harness): the node then leaves the cap where it was through a 429. Its own file: the
 * setting is per process (per test file under jest).
 */
import { adaptation, slotsFor } from '../../nodes/Ideogram/limits/imageSlots';
import type { RecordedRequest } from '../stub/ideogram-stub';
import { runIdeogram } from '../support/n8n';
import { useStub } from '../support/useStub';

const KEY = 'sk-test-adaptive-off-91e0a4';
adaptation.on = false;
const stub = useStub({ apiKey: KEY, latencyMs: 5, retryAfterSeconds: 0.02 });
const promptOf = (r: RecordedRequest) => String((r.json as { prompt?: string } | undefined)?.prompt ?? '');

test('with adaptation off the node keeps the cap at Max Images in Flight through a 429', async () => {
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
