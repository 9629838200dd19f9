/**
 * A rule Ideogram's spec states for Generate that the node checks before sending: Ideogram 4.5's
 * quality very_low requires source images, which Generate does not send.
 */
import { runIdeogram } from '../support/n8n';
import { useStub } from '../support/useStub';

const KEY = 'sk-test-generate-rules-0a7d';
const stub = useStub({ apiKey: KEY, latencyMs: 2, jobLatencyMs: 100 });

const run = (quality: string) =>
	runIdeogram({
		parameters: { resource: 'imageV2', operation: 'generate', model: 'ideogram-4-5', prompt: 'A kite', additionalFields: { quality }, options: { downloadImages: false } },
		typeVersion: 2,
		credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl },
	});

test('Ideogram 4.5 with quality very_low: refused before sending, with the qualities that work', async () => {
	const result = await run('very_low');
	expect(result.error?.message).toBe('Additional Fields → Quality "very_low" needs source images, and Generate sends none (Ideogram 4.5 refuses it without them)');
	expect(result.error?.description).toBe('Pick Low, Medium or High; or edit an image with Edit (Ideogram 4.5), which sends one.');
	expect(stub.requests).toHaveLength(0);
});

test('Ideogram 4.5 with quality low is sent', async () => {
	const result = await run('low');
	expect(result.error).toBeUndefined();
	expect(stub.requests.filter((r) => r.method === 'POST').map((r) => (r.json as { quality?: string }).quality)).toEqual(['low']);
});
