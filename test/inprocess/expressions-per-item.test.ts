/**
 * How many times n8n evaluates a user's expression for one item, before and while the node sends
 * it. n8n's RoutingNode resolves the value of every top-level property of the description for each
 * item, twice (once more to find the base URL), shown or not: every copy of "Additional Fields"
 * in the description evaluates each expression inside it twice per item. On n8n 2.x each
 * evaluation crosses into the expression sandbox, so these counts are most of the time before the
 * first request. description/merge.ts folds the copies; this holds the counts it reached, and that
 * the values still reach the wire.
 */
import { WorkflowExpression } from 'n8n-workflow';

import { runIdeogram } from '../support/n8n';
import { useStub } from '../support/useStub';

const KEY = 'sk-test-expressions-5c1e9a';
const stub = useStub({ apiKey: KEY, latencyMs: 2 });
const credentials = () => ({ provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl });

/** Counts each expression string evaluated while `run` runs (every evaluation goes through this method). */
async function countEvaluations(run: () => Promise<unknown>): Promise<Map<string, number>> {
	const proto = WorkflowExpression.prototype as unknown as { resolveSimpleParameterValue: (value: unknown, ...rest: unknown[]) => unknown };
	const original = proto.resolveSimpleParameterValue;
	const counts = new Map<string, number>();
	proto.resolveSimpleParameterValue = function (this: unknown, value: unknown, ...rest: unknown[]) {
		if (typeof value === 'string' && value.startsWith('=')) counts.set(value, (counts.get(value) ?? 0) + 1);
		return original.call(this, value, ...rest);
	};
	try {
		await run();
	} finally {
		proto.resolveSimpleParameterValue = original;
	}
	return counts;
}

const ITEMS = 5;
const items = Array.from({ length: ITEMS }, (_, i) => ({ json: { prompt: `A lighthouse, take ${i}`, number: 5 + i } }));
const perItem = (counts: Map<string, number>, expression: string) => (counts.get(expression) ?? 0) / ITEMS;

test.each([
	// [what, parameters, the Additional Field set by `={{ $json.number }}` and its wire name, evaluations per item]
	['v2 Image → Generate', { resource: 'imageV2', operation: 'generate', model: 'ideogram-4' }, ['seed', 'seed'], { prompt: 3, additionalFields: 14, options: 7 }],
	['v2 Video → Generate', { resource: 'video', operation: 'generate', model: 'seedance-2' }, ['duration', 'duration'], { prompt: 3, additionalFields: 14, options: 7 }],
] as const)('%s: an expression in the Prompt, in Additional Fields and in Options, evaluated a fixed number of times per item', async (_what, base, [field, wire], expected) => {
	const parameters = { ...base, additionalFields: { [field]: '={{ $json.number }}' }, options: { timeout: '={{ 170 }}' } };
	const counts = await countEvaluations(async () => {
		const result = await runIdeogram({ parameters: { ...parameters, prompt: '={{ $json.prompt }}' }, typeVersion: 2, credentials: credentials(), items });
		expect(result.error).toBeUndefined();
	});
	expect({
		prompt: perItem(counts, '={{ $json.prompt }}'),
		additionalFields: perItem(counts, '={{ $json.number }}'),
		options: perItem(counts, '={{ 170 }}'),
	}).toEqual(expected);
	// The values still arrive: each item's own prompt and number, on its own request.
	const posts = stub.requests.filter((r) => r.method === 'POST');
	const bodies = posts.map((r) => r.json as Record<string, unknown>);
	expect(bodies.map((body) => [body.prompt, body[wire]])).toEqual(items.map((item) => [item.json.prompt, item.json.number]));
});
