/**
 * Price quotes and the spending cap (billing/cost.ts) on node version 2, through n8n's engine against
 * the stub. The stub prices `?dry_run=true` requests from a fixed table (test/stub/ideogram-stub.ts
 * priceQuote: Ideogram 4 at turbo speed is $0.030000 an image) and logs them with `dryRun`, so a
 * test tells quotes from real requests.
 */
import { NodeHelpers, type IDataObject, type INode, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import type { RecordedRequest } from '../stub/ideogram-stub';
import { v2ComponentValidator } from '../stub/schema';
import { makePng } from '../support/images';
import { Ideogram } from '../../nodes/Ideogram/Ideogram.node';
import { runIdeogram } from '../support/n8n';
import { useStub } from '../support/useStub';

const KEY = 'sk-test-v2-costs-0d5e77a1c9';
const stub = useStub({ apiKey: KEY, latencyMs: 2, jobLatencyMs: 30 });

jest.setTimeout(60_000);

const credentials = () => ({ provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl });
const quotes = () => stub.requests.filter((r) => r.dryRun);
/** Requests that would generate (and bill): POSTs without dry_run. */
const realSends = () => stub.requests.filter((r) => r.method === 'POST' && !r.dryRun);
const promptOf = (r: RecordedRequest) => String((r.json as IDataObject | undefined)?.prompt ?? r.fields?.prompt?.[0] ?? '');

/** Ideogram 4, turbo, one image: $0.030000 in the stub's table. */
const TURBO_PRICE = 30_000;

const generate = (options: IDataObject, additionalFields: IDataObject = { renderingSpeed: 'turbo' }, prompt = '=Poster {{ $json.n }}') => ({
	resource: 'imageV2',
	operation: 'generate',
	model: 'ideogram-4',
	prompt,
	additionalFields,
	options: { downloadImages: false, ...options },
});

const itemsOf = (n: number) => Array.from({ length: n }, (_, i) => ({ json: { n: i + 1 } }));

const run = (parameters: IDataObject, opts: { items?: Array<{ json: IDataObject }>; continueOnFail?: boolean } = {}) =>
	runIdeogram({ parameters, typeVersion: 2, credentials: credentials(), items: opts.items, continueOnFail: opts.continueOnFail });

const errors = (items: INodeExecutionData[] = []) => items.filter((i) => i.json.error !== undefined);
const images = (items: INodeExecutionData[] = []) => items.filter((i) => i.json.error === undefined);

describe('Price Quote Only', () => {
	test('the item is its quote: money as decimal strings and integers, nothing generated, polled or downloaded', async () => {
		const result = await run(generate({ priceQuoteOnly: true, downloadImages: true }, { renderingSpeed: 'quality', numImages: 2 }), { items: itemsOf(1) });
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(1);
		const [item] = result.output!;
		expect(item.binary).toBeUndefined();
		expect(item.json).toEqual({
			usd: '0.180000',
			usd_micros: 180_000,
			credits: '18.000',
			credit_millis: 18_000,
			qualifier: 'exact',
			billing_identifier: 'ideogram_4_generate',
			quantity: 2,
			endpoint: '/v2/image/generate/ideogram-4',
		});
		// One request, the exact one a generation sends (async included) plus dry_run; nothing else.
		expect(stub.requests).toHaveLength(1);
		const [request] = stub.requests;
		expect(request.rawPath).toBe('/v2/image/generate/ideogram-4?dry_run=true');
		expect(request.json).toEqual({ prompt: 'Poster 1', rendering_speed: 'quality', num_images: 2, async: true });
		const validate = v2ComponentValidator('PriceQuote');
		expect([validate(request.response), validate.errors ?? null]).toEqual([true, null]);
		expect(stub.downloads).toHaveLength(0);
		expect(stub.maxInflightSeen).toBe(0);
	});

	test('an estimate carries its upper bound', async () => {
		const result = await run(generate({ priceQuoteOnly: true }, {}, 'A kite [[quote-estimate]]'));
		expect(result.output?.[0].json).toMatchObject({
			usd: '0.060000',
			qualifier: 'estimate',
			upper_bound_usd: '0.150000',
			upper_bound_usd_micros: 150_000,
		});
	});

	test('an operation with input files quotes its multipart request, files included', async () => {
		const image = { data: makePng(256, 256, { seed: 5 }), fileName: 'in.png', mimeType: 'image/png' };
		const result = await runIdeogram({
			parameters: { resource: 'imageV2', operation: 'upscale', model: 'topaz-standard-2', image: 'data', additionalFields: { upscaleBy: 'x4' }, options: { priceQuoteOnly: true } },
			typeVersion: 2,
			credentials: credentials(),
			items: [{ binary: { data: image } }],
		});
		expect(result.error).toBeUndefined();
		expect(result.output?.[0].json).toMatchObject({ usd: '0.260000', billing_identifier: 'topaz_standard_2_upscale' });
		expect(stub.requests).toHaveLength(1);
		expect(stub.requests[0]).toMatchObject({ dryRun: true, contentType: 'multipart' });
		expect(stub.requests[0].files?.map((f) => f.field)).toEqual(['image']);
	});

	test('Describe has no dry_run: it does not offer the option, and a value left over never becomes a dry_run request', async () => {
		const { description } = new Ideogram();
		const node = { typeVersion: 2 } as INode;
		// What the editor offers under Options for the operation, by n8n's own display rules.
		const offered = (operation: string) => {
			const parameters = { resource: 'imageV2', operation };
			return description.properties
				.filter((p) => p.name === 'options' && NodeHelpers.displayParameter(parameters, p, node, description))
				.flatMap((p) => p.options as INodeProperties[])
				.filter((child) => NodeHelpers.displayParameterPath({ parameters }, child, 'parameters.options', node, description))
				.map((child) => child.name);
		};
		expect(offered('describe')).not.toContain('priceQuoteOnly');
		expect(offered('describe')).not.toContain('maxSpendUsd');
		expect(offered('getGeneration')).not.toContain('priceQuoteOnly');
		expect(offered('generate')).toEqual(expect.arrayContaining(['priceQuoteOnly', 'maxSpendUsd']));
		const image = { data: makePng(64, 64, { seed: 6 }), fileName: 'in.png', mimeType: 'image/png' };
		await runIdeogram({
			parameters: { resource: 'imageV2', operation: 'describe', model: 'ideogram-4', image: 'data', options: { priceQuoteOnly: true } },
			typeVersion: 2,
			credentials: credentials(),
			items: [{ binary: { data: image } }],
		});
		expect(stub.requests.map((r) => r.rawPath)).toEqual(['/v2/image/describe/ideogram-4']);
	});

	test('a model slug typed in is not known to take dry_run: refused before sending', async () => {
		const parameters = { ...generate({ maxSpendUsd: 5 }), model: 'other', modelSlug: 'ideogram-9' };
		const result = await run(parameters);
		expect(result.error?.message).toBe('Options → Max Spend per Execution (USD) cannot be used with Generate on /v2/image/generate/ideogram-9');
		expect(stub.requests).toHaveLength(0);
	});
});

describe('Max Spend per Execution', () => {
	const CAP_FOR_12 = 0.36; // 12 × $0.03

	test('20 items under a cap that covers 12: the first 12 are generated, 8 refused unsent (Continue On Fail)', async () => {
		const result = await run(generate({ maxSpendUsd: CAP_FOR_12 }), { items: itemsOf(20), continueOnFail: true });
		expect(result.error).toBeUndefined();
		const out = result.output!;
		expect(out).toHaveLength(20);
		expect(images(out)).toHaveLength(12);
		expect(out.slice(0, 12).every((i) => i.json.error === undefined)).toBe(true);
		const refused = errors(out);
		expect(refused).toHaveLength(8);
		for (const item of refused) {
			expect(item.json.error).toBe(
				'Max Spend per Execution of $0.360000 would be crossed: $0.360000 is already committed in this execution, and this item costs $0.030000',
			);
		}
		// Each input was priced once; only the first 12 were sent for real.
		expect(quotes()).toHaveLength(20);
		const sent = realSends().map(promptOf).sort();
		expect(sent).toEqual(Array.from({ length: 12 }, (_, i) => `Poster ${i + 1}`).sort());
		// What the generated items say they cost adds up to no more than the cap.
		const spent = images(out).map((i) => (i.json.cost as IDataObject).usd_micros as number);
		expect(spent.every((m) => m === TURBO_PRICE)).toBe(true);
		expect(spent.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(CAP_FOR_12 * 1_000_000);
		expect(images(out)[0].json.cost).toEqual({ usd: '0.030000', usd_micros: TURBO_PRICE, source: 'quote', qualifier: 'exact' });
	});

	test('with Continue On Fail off the node fails at the first refusal, and sends nothing after it', async () => {
		const result = await run(generate({ maxSpendUsd: CAP_FOR_12 }), { items: itemsOf(20) });
		expect(result.error?.message).toMatch(/^Max Spend per Execution of \$0\.360000 would be crossed: \$0\.360000 is already committed/);
		const sent = realSends().map(promptOf);
		expect(sent.length).toBeLessThanOrEqual(12);
		// None of the items past the cap reached Ideogram for real.
		for (let n = 13; n <= 20; n++) expect(sent).not.toContain(`Poster ${n}`);
	});

	test('identical requests are quoted once', async () => {
		const result = await run(generate({ maxSpendUsd: 1 }, { renderingSpeed: 'turbo' }, 'The same poster'), { items: itemsOf(4) });
		expect(result.output).toHaveLength(4);
		expect(quotes()).toHaveLength(1);
		expect(realSends()).toHaveLength(4);
	});

	test('a quote that fails: the item is not sent, and says why; the others go on', async () => {
		const result = await run(generate({ maxSpendUsd: 1 }, { renderingSpeed: 'turbo' }, '={{ $json.n === 2 ? "Broken [[quote-fails]]" : "Fine " + $json.n }}'), {
			items: itemsOf(3),
			continueOnFail: true,
		});
		const out = result.output!;
		expect(out[1].json.error).toMatch(/^Could not get a price quote, so the item was not sent: The connection to .* was closed before an answer/);
		expect(realSends().map(promptOf).sort()).toEqual(['Fine 1', 'Fine 3']);
	});

	test('an estimate reserves its upper bound', async () => {
		// Auto is priced as an estimate: $0.060000, at most $0.150000. Two do not fit under $0.20.
		const parameters = { ...generate({ maxSpendUsd: 0.2 }, {}), model: 'auto' };
		const result = await run(parameters, { items: itemsOf(2), continueOnFail: true });
		const out = result.output!;
		expect(out[0].json.cost).toMatchObject({ source: 'quote', qualifier: 'estimate', upper_bound_usd_micros: 150_000 });
		expect(out[1].json.error).toBe(
			'Max Spend per Execution of $0.200000 would be crossed: $0.150000 is already committed in this execution, and this item costs up to $0.150000 (an estimate; its upper bound counts)',
		);
		expect(realSends()).toHaveLength(1);
	});

	/** Two Ideogram nodes in one execution, the second after the first, both under a cap of one image. */
	const twoNodes = (firstPrompt: string) =>
		runIdeogram({
			parameters: generate({ maxSpendUsd: 0.03 }, { renderingSpeed: 'turbo' }, firstPrompt),
			then: generate({ maxSpendUsd: 0.03 }, { renderingSpeed: 'turbo' }, 'Second node'),
			typeVersion: 2,
			credentials: credentials(),
			continueOnFail: true,
		});

	test('the cap is shared by the nodes of one execution', async () => {
		const result = await twoNodes('First node');
		expect(images(result.output)).toHaveLength(1);
		expect(result.thenOutput?.[0].json.error).toBe(
			'Max Spend per Execution of $0.030000 would be crossed: $0.030000 is already committed in this execution, and this item costs $0.030000',
		);
		expect(realSends().map(promptOf)).toEqual(['First node']);
	});

	test('a failed generation gives its reservation back', async () => {
		const result = await twoNodes('Refused later [[job-failed]]');
		expect(result.output?.[0].json.error).toMatch(/could not complete the generation/);
		expect(images(result.thenOutput)).toHaveLength(1);
		expect(realSends().map(promptOf)).toEqual(['Refused later [[job-failed]]', 'Second node']);
	});

	test('an error answer gives the reservation back too', async () => {
		const result = await twoNodes('No funds [[status:402]]');
		expect(result.output?.[0].json.error).toMatch(/402/);
		expect(images(result.thenOutput)).toHaveLength(1);
	});

	test('a new execution starts from nothing', async () => {
		await twoNodes('First node');
		const again = await twoNodes('First node');
		expect(images(again.output)).toHaveLength(1);
	});

	test('the cost Ideogram reports replaces the quote', async () => {
		const result = await run(generate({ maxSpendUsd: 1 }, { renderingSpeed: 'turbo' }, 'Metered [[usage-cost]]'));
		expect(result.output?.[0].json).toMatchObject({
			usage_cost_usd_micros: 130_000,
			cost: { usd: '0.130000', usd_micros: 130_000, source: 'usage_cost_usd_micros' },
		});
	});

	test('no option, no quote: a plain run sends no dry_run request', async () => {
		const result = await run(generate({}), { items: itemsOf(2) });
		expect(result.output).toHaveLength(2);
		expect(quotes()).toHaveLength(0);
		expect(result.output![0].json.cost).toBeUndefined();
	});
});
