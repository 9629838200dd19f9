/**
 * billing/cost.ts without n8n: the money formats, and the list of endpoints the node may ask for a
 * quote held against Ideogram's spec (test/contract/ideogram-v2-openapi.json).
 */
import { credits, QUOTABLE_PATHS, toMicros, usd } from '../../../nodes/Ideogram/billing/quotes';
import { imageV2Operations } from '../../../nodes/Ideogram/resources/imageV2';
import { EDIT_MODELS, GENERATE_MODELS, OTHER_MODEL, REFRAME_MODELS } from '../../../nodes/Ideogram/resources/imageV2/models';
import { vectorize } from '../../../nodes/Ideogram/resources/imageV2/vectorize';
import { videoOperations } from '../../../nodes/Ideogram/resources/video';
import { generateVideo } from '../../../nodes/Ideogram/resources/video/generate';
import { VIDEO_ENDPOINTS } from '../../../nodes/Ideogram/resources/video/models';
import { loadV2OpenApi } from '../../stub/schema';
import { loadMoreOpenApi } from '../../stub/video';

describe('money', () => {
	test('micro-dollars and credit millis as decimal strings, exactly', () => {
		expect(usd(60_000)).toBe('0.060000');
		expect(usd(0)).toBe('0.000000');
		expect(usd(1_234_567_890)).toBe('1234.567890');
		expect(usd(-30_000)).toBe('-0.030000');
		expect(credits(6_000)).toBe('6.000');
		expect(credits(12_345)).toBe('12.345');
	});

	test('dollar amounts become whole micro-dollars; anything else is refused', () => {
		expect(toMicros(0.36)).toBe(360_000);
		expect(toMicros(0.1 + 0.2)).toBe(300_000);
		expect(toMicros('12.5')).toBe(12_500_000);
		expect(toMicros('0.000001')).toBe(1);
		expect(toMicros(0)).toBe(0);
		for (const bad of [-1, Number.NaN, '1.0000001', 'ten', '', '-2', null, undefined, {}]) expect(toMicros(bad)).toBeUndefined();
	});
});

describe('which endpoints may be asked for a quote', () => {
	const spec = loadV2OpenApi();
	const declaring = Object.entries(spec.paths as Record<string, Record<string, { parameters?: Array<{ name?: string }> }>>)
		.filter(([, item]) => (item.post?.parameters ?? []).some((p) => p.name === 'dry_run'))
		.map(([p]) => p)
		.sort();

	/** The paths of the second extract the node reaches (the video endpoints, the vectorizer, the partner image models), where they declare dry_run. */
	const videoPaths = [
		...[...VIDEO_ENDPOINTS.keys()].map((slug) => `/v2/video/generate/${slug}`),
		...videoOperations.filter((def) => def !== generateVideo).map((def) => def.path),
		vectorize.path,
		'/v2/image/replace-background/gpt-image-2',
		'/v2/image/inpaint/ideogram-3-character',
		'/v2/image/inpaint/ideogram-3-custom-model',
		// Generate's and Reframe's models of the second extract (those of the first are in `declaring`).
		...GENERATE_MODELS.map((m) => `/v2/image/generate/${m.slug}`).filter((p) => !spec.paths[p]),
		...REFRAME_MODELS.map((m) => `/v2/image/reframe/${m.slug}`).filter((p) => !spec.paths[p]),
	];
	const more = loadMoreOpenApi() as { paths: Record<string, { post?: { parameters?: Array<{ name?: string }> } }> };
	const declaringMore = videoPaths.filter((p) => (more.paths[p]?.post?.parameters ?? []).some((x) => x.name === 'dry_run'));

	test('exactly the paths whose spec declares dry_run', () => {
		expect([...QUOTABLE_PATHS].sort()).toEqual([...declaring, ...declaringMore].sort());
	});

	test('every video endpoint (and the vectorizer, and GPT Image 2) declares dry_run, so every video operation offers the cost options', () => {
		expect(declaringMore).toEqual(videoPaths);
		for (const def of videoOperations) {
			expect([def.value, def.quotable]).toEqual([def.value, true]);
			expect(def.options?.map((o) => o.name)).toEqual(expect.arrayContaining(['priceQuoteOnly', 'maxSpendUsd']));
		}
	});

	/** The paths an operation reaches with its listed models (Edit's models sit on their own paths). */
	const pathsOf = (def: (typeof imageV2Operations)[number]) => {
		const model = def.extraProperties?.find((p) => p.name === 'model');
		const slugs = ((model?.options ?? []) as Array<{ value: string }>).map((o) => o.value).filter((v) => v !== OTHER_MODEL);
		if (!slugs.length) return [def.path];
		const dir = def.path.slice(0, def.path.lastIndexOf('/') + 1);
		return slugs.map((slug) => (def.value === 'edit' ? EDIT_MODELS.find((m) => m.slug === slug)!.path! : `${dir}${slug}`));
	};

	// Get Generation reads a job (GET /v2/generations/{id}): nothing to price.
	const posting = imageV2Operations.filter((def) => def.method !== 'GET');
	test.each(posting.map((def) => [def.value, def] as const))('%s offers the cost options exactly when all its endpoints declare dry_run', (_name, def) => {
		const paths = pathsOf(def);
		// Vectorize's endpoint is in the second extract.
		expect(paths.every((p) => spec.paths[p] ?? more.paths[p])).toBe(true);
		expect([def.value, def.quotable === true]).toEqual([def.value, paths.every((p) => QUOTABLE_PATHS.has(p))]);
	});

	test('Describe and Get Generation are the ones without', () => {
		expect(imageV2Operations.filter((d) => !d.quotable).map((d) => d.value).sort()).toEqual(['describe', 'getGeneration']);
	});
});
