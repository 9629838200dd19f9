/**
 * The video model table (resources/video/models.ts) and the video fields (description/videoFields.ts)
 * held against Ideogram's spec (test/contract/ideogram-v2-more-openapi.json): each endpoint's
 * fields, values, length range and files, and the rule that refuses what an endpoint does not take.
 */
import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import type { FileSlotSpec } from '../../../nodes/Ideogram/description/fileSlots';
import * as enums from '../../../nodes/Ideogram/description/enums';
import { VIDEO_FIELDS } from '../../../nodes/Ideogram/description/videoFields';
import { readSettings } from '../../../nodes/Ideogram/limits/retry';
import { Ideogram } from '../../../nodes/Ideogram/Ideogram.node';
import { vectorize } from '../../../nodes/Ideogram/resources/imageV2/vectorize';
import { editVideo } from '../../../nodes/Ideogram/resources/video/edit';
import { generateVideo } from '../../../nodes/Ideogram/resources/video/generate';
import { livingImage } from '../../../nodes/Ideogram/resources/video/livingImage';
import { product360 } from '../../../nodes/Ideogram/resources/video/product360';
import { VIDEO_ENDPOINTS, VIDEO_MODELS, videoModelRule } from '../../../nodes/Ideogram/resources/video/models';
import { loadMoreOpenApi } from '../../stub/video';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;
const spec = loadMoreOpenApi() as Schema;
const component = (name: string): Schema => {
	const s = spec.components.schemas[name];
	if (!s) throw new Error(`spec has no schema ${name}`);
	return s;
};
const resolve = (s: Schema): Schema => (s?.$ref ? resolve(component(s.$ref.split('/').pop())) : s?.allOf?.length === 1 ? resolve(s.allOf[0]) : s);
const requestSchema = (path: string): Schema => {
	const content = spec.paths[path]?.post?.requestBody?.content;
	if (!content) throw new Error(`spec has no POST ${path}`);
	return resolve((content['multipart/form-data'] ?? content['application/json']).schema);
};

/** Sent by the node as the prompt, the webhook or files, or not offered (asset identifiers): not in the field lists. */
const NOT_FIELDS = /^(prompt|webhook_url|.*asset_identifiers?)$/;
const isFile = (p: Schema) => p.format === 'binary' || p.items?.format === 'binary';

const SPEC_ENDPOINTS = Object.keys(spec.paths).filter((p) => p.startsWith('/v2/video/generate/'));

test('every video generate endpoint of the spec is in the table, and nothing else', () => {
	expect([...VIDEO_ENDPOINTS.keys()].map((slug) => `/v2/video/generate/${slug}`).sort()).toEqual(SPEC_ENDPOINTS.sort());
});

describe.each([...VIDEO_ENDPOINTS].map(([slug, found]) => [slug, found] as const))('%s', (slug, { endpoint }) => {
	const schema = requestSchema(`/v2/video/generate/${slug}`);
	const properties = schema.properties as Record<string, Schema>;

	test('takes exactly the fields and files of the spec', () => {
		const fields = Object.keys(properties).filter((wire) => !NOT_FIELDS.test(wire) && !isFile(properties[wire]));
		expect([...endpoint.fields].sort()).toEqual(fields.sort());
		const files = Object.keys(properties).filter((wire) => isFile(properties[wire]));
		expect([...(endpoint.files ?? [])].sort()).toEqual(files.sort());
		expect(schema.required).toEqual(['prompt']);
	});

	test('each field’s values (its own list, else the UI’s whole list) and the length range are the spec’s', () => {
		for (const wire of endpoint.fields) {
			const values = resolve(properties[wire]).enum as string[] | undefined;
			const offered = generateVideo.optional.find((f) => f.wire === wire)?.options?.map((o) => String(o.value));
			if (values) expect([wire, [...(endpoint.values?.[wire] ?? offered ?? [])]]).toEqual([wire, values]);
			else expect([wire, endpoint.values?.[wire], offered]).toEqual([wire, undefined, undefined]);
		}
		expect(endpoint.duration).toEqual({ min: properties.duration.minimum, max: properties.duration.maximum });
	});

	test('the most files of each kind are the spec’s', () => {
		for (const wire of endpoint.files ?? []) {
			const max = properties[wire].maxItems as number | undefined;
			expect([wire, endpoint.maxFiles?.[wire]]).toEqual([wire, max]);
		}
	});
});

/**
 * The audio lengths, as the spec states them in words (no schema keyword carries them): "between 2
 * and 30 seconds long, with a combined duration of at most 30 seconds" (Seedance), "2–15 seconds
 * each. Audio and video references must total no more than 15 seconds" (MiniMax H3).
 */
function statedSeconds(description: string): { min: number; max: number; total: number } | undefined {
	const each = /(?:between )?(\d+)\s*(?:–|-|and)\s*(\d+) seconds/.exec(description);
	const total = /(?:at most|no more than) (\d+) seconds/.exec(description);
	if (!each && !total) return undefined;
	return { min: Number(each?.[1]), max: Number(each?.[2]), total: Number(total?.[1]) };
}

test('every audio part of the spec’s paths is a video reference whose stated lengths are in the table', () => {
	const audioParts: string[] = [];
	for (const [path, item] of Object.entries(spec.paths as Schema)) {
		const content = (item as Schema).post?.requestBody?.content;
		if (!content) continue;
		const properties = resolve((content['multipart/form-data'] ?? content['application/json']).schema).properties as Record<string, Schema>;
		for (const [wire, property] of Object.entries(properties ?? {})) {
			if (isFile(property) && /audio|MP3|WAV/i.test(`${wire} ${String(property.description)}`)) audioParts.push(`${path} ${wire}`);
		}
	}
	const withLimits = [...VIDEO_ENDPOINTS].flatMap(([slug, { endpoint }]) => Object.keys(endpoint.audioSeconds ?? {}).map((wire) => `/v2/video/generate/${slug} ${wire}`));
	expect(audioParts.sort()).toEqual(withLimits.sort());
	for (const [slug, { endpoint }] of VIDEO_ENDPOINTS) {
		for (const wire of endpoint.files ?? []) {
			const stated = statedSeconds(String(requestSchema(`/v2/video/generate/${slug}`).properties[wire].description));
			expect([slug, wire, endpoint.audioSeconds?.[wire]]).toEqual([slug, wire, stated]);
		}
	}
	expect(VIDEO_ENDPOINTS.get('seedance-2-5-reference-to-video')?.endpoint.audioSeconds).toEqual({ reference_audios: { min: 2, max: 30, total: 30 } });
});

test('each endpoint’s audio slot carries its lengths and its name for messages', () => {
	const ctx = (parameters: IDataObject) => ({ getNodeParameter: (name: string, fallback: unknown) => parameters[name] ?? fallback, getNode: () => ({}), getItemIndex: () => 0 }) as unknown as IExecuteSingleFunctions;
	const slotsOf = (model: string) => (generateVideo.files as (this: IExecuteSingleFunctions, body: IDataObject) => FileSlotSpec[]).call(ctx({ mode: 'reference', model, videoReferenceImages: 'a' }), {});
	expect(slotsOf('seedance-2').find((s) => s.wire === 'reference_audios')?.seconds).toEqual({ min: 2, max: 15, total: 15, of: 'Seedance 2 (reference to video)' });
	expect(slotsOf('minimax-h3').find((s) => s.wire === 'reference_audios')?.seconds).toEqual({ min: 2, max: 15, total: 15, of: 'MiniMax H3 (reference to video)' });
	// A typed-in model's slot has none: Ideogram judges.
	const typed = (generateVideo.files as (this: IExecuteSingleFunctions, body: IDataObject) => FileSlotSpec[]).call(ctx({ mode: 'reference', model: 'other', modelSlug: 'seedance-3' }), {});
	expect(typed.find((s) => s.wire === 'reference_audios')?.seconds).toBeUndefined();
});

test('the operation offers exactly the fields some endpoint takes', () => {
	const offered = generateVideo.optional.map((f) => f.wire).sort();
	const taken = [...new Set([...VIDEO_ENDPOINTS.values()].flatMap(({ endpoint }) => endpoint.fields))].sort();
	expect(offered).toEqual(taken);
});

test('the UI lists are the union of the models’ values, and the enums are the spec’s', () => {
	const options = (field: { options?: Array<{ value: unknown }> }) => field.options!.map((o) => o.value);
	const union = (wire: string) => [...new Set([...VIDEO_ENDPOINTS.values()].flatMap(({ endpoint }) => endpoint.values?.[wire] ?? []))].sort();
	expect([...options(VIDEO_FIELDS.aspectRatio)].sort()).toEqual(union('aspect_ratio'));
	expect([...options(VIDEO_FIELDS.resolution)].sort()).toEqual(union('resolution'));
	const schemaEnum = (name: string) => component(name).enum as string[];
	expect([...enums.VIDEO_ASPECT_RATIOS_SEEDANCE]).toEqual(schemaEnum('SeedDance2AspectRatio'));
	expect([...enums.VIDEO_ASPECT_RATIOS_KLING]).toEqual(schemaEnum('KlingV3AspectRatio'));
	expect([...enums.VIDEO_ASPECT_RATIOS_MINIMAX]).toEqual(schemaEnum('MinimaxH3AspectRatio'));
	expect([...enums.VIDEO_RESOLUTIONS_SEEDANCE_2]).toEqual(schemaEnum('SeedDance2Resolution'));
	expect([...enums.VIDEO_RESOLUTIONS_SEEDANCE_2_5]).toEqual(schemaEnum('SeedDance25Resolution'));
	expect([...enums.VIDEO_RESOLUTIONS_MINIMAX]).toEqual(schemaEnum('MinimaxH3Resolution'));
	expect(options(VIDEO_FIELDS.shotType)).toEqual(schemaEnum('KlingV3ShotType'));
	expect(options(VIDEO_FIELDS.promptExpansionMode)).toEqual(schemaEnum('MinimaxH3PromptExpansionMode'));
	// The UI's duration box spans every model's range.
	const ranges = [...VIDEO_ENDPOINTS.values()].map(({ endpoint }) => endpoint.duration);
	expect(VIDEO_FIELDS.duration.typeOptions).toEqual({ minValue: Math.min(...ranges.map((r) => r.min)), maxValue: Math.max(...ranges.map((r) => r.max)) });
});

test('the model list is newest first, with Seedance 2.5 as the default', () => {
	expect(VIDEO_MODELS.map((m) => m.slug)).toEqual(['seedance-2-5', 'seedance-2', 'kling-3-standard', 'minimax-h3']);
	expect(generateVideo.extraProperties?.find((p) => p.name === 'model')?.default).toBe('seedance-2-5');
});

describe('the rule names the field, the model and what it takes', () => {
	test('a duration outside the model’s range', () => {
		expect(videoModelRule({ prompt: 'x', duration: 20 }, 'seedance-2-text-to-video')).toEqual({
			field: 'duration',
			problem: 'is 20 s, but Seedance 2 (text to video) makes videos of 4 to 15 s',
			fix: 'Enter a whole number of seconds from 4 to 15, or remove Duration and let the model choose.',
		});
		expect(videoModelRule({ prompt: 'x', duration: 20 }, 'seedance-2-5-text-to-video')).toBeUndefined();
	});

	test('a field the endpoint does not take, with the models that do in this mode', () => {
		expect(videoModelRule({ prompt: 'x', aspect_ratio: '16x9' }, 'seedance-2-5-image-to-video')).toEqual({
			field: 'aspect_ratio',
			problem: 'is not taken by Seedance 2.5 (image to video)',
			fix: 'Remove it from Additional Fields, or pick a model that takes it in this mode: Seedance 2. From an image, the video takes the first frame’s shape.',
		});
		expect(videoModelRule({ prompt: 'x', generate_audio: true }, 'minimax-h3-text-to-video')?.problem).toBe('is not taken by MiniMax H3 (text to video)');
	});

	test('a value from another model’s list', () => {
		expect(videoModelRule({ prompt: 'x', resolution: '1080p' }, 'seedance-2-text-to-video')).toEqual({
			field: 'resolution',
			problem: '"1080p" is not one of the values Seedance 2 (text to video) takes',
			fix: 'Seedance 2 takes 480p, 720p.',
		});
	});

	test('a typed-in endpoint is left to Ideogram', () => {
		expect(videoModelRule({ prompt: 'x', duration: 99, anything: 1 }, 'kling-4-text-to-video')).toBeUndefined();
	});
});

test('video operations wait 15 minutes unless Timeout is set; image operations keep 180 s', () => {
	const ctx = (options: IDataObject) => ({ getNodeParameter: (name: string) => (name === 'options' ? options : {}) }) as unknown as IExecuteSingleFunctions;
	const timeoutOption = generateVideo.options?.find((o) => o.name === 'timeout');
	expect(timeoutOption?.default).toBe(900);
	expect(generateVideo.defaultTimeoutSeconds).toBe(900);
	expect(readSettings(ctx({}), generateVideo.defaultTimeoutSeconds).timeoutMs).toBe(900_000);
	expect(readSettings(ctx({ timeout: 30 }), generateVideo.defaultTimeoutSeconds).timeoutMs).toBe(30_000);
	expect(readSettings(ctx({})).timeoutMs).toBe(180_000);
});

describe.each([
	['edit', editVideo],
	['livingImage', livingImage],
	['product360', product360],
] as const)('%s (one endpoint, asset identifiers)', (_name, def) => {
	const schema = requestSchema(def.path);
	const properties = schema.properties as Record<string, Schema>;
	/** What the node sends: top-level wire names (an asset identifier's two parts make one object). */
	const sent = [...def.required, ...def.optional].map((f) => f.wire.split('.')[0]);

	test('sends exactly the spec’s fields, and asks for those it requires', () => {
		const fields = Object.keys(properties).filter((wire) => wire !== 'webhook_url');
		expect([...new Set(sent)].sort()).toEqual(fields.sort());
		expect([...(schema.required as string[])].sort()).toEqual([...new Set(def.required.map((f) => f.wire.split('.')[0]))].sort());
		expect(def.job?.webhook === true).toBe('webhook_url' in properties);
	});

	test('its enums, ranges and the asset identifier’s parts are the spec’s', () => {
		for (const spec of [...def.required, ...def.optional]) {
			const [wire, part] = spec.wire.split('.');
			const property = part ? resolve(resolve(properties[wire]).properties[part]) : resolve(properties[wire]);
			if (property.enum) expect([spec.wire, spec.options?.map((o) => o.value)]).toEqual([spec.wire, property.enum]);
			if (property.maximum !== undefined && spec.typeOptions?.maxValue !== undefined) {
				expect([spec.wire, spec.typeOptions.minValue, spec.typeOptions.maxValue]).toEqual([spec.wire, property.minimum, property.maximum]);
			}
		}
	});
});

test('the asset type and ID are one UI property each for every operation that takes them', () => {
	const description = new Ideogram().description;
	expect(description.properties.filter((p) => p.name === 'assetType')).toHaveLength(1);
	expect(description.properties.filter((p) => p.name === 'imageAssetId')).toHaveLength(1);
});

test('Vectorize sends the vectorizer’s fields: the image as a file, Private, and a webhook when asked', () => {
	const properties = requestSchema(vectorize.path).properties as Record<string, Schema>;
	const files = (vectorize.files as readonly FileSlotSpec[]).map((f) => f.wire);
	const sent = [...vectorize.optional.map((f) => f.wire), ...files, 'webhook_url'];
	// Not offered: the image as an asset identifier, and a target collection.
	expect(Object.keys(properties).filter((wire) => !sent.includes(wire)).sort()).toEqual(['image_asset_identifier', 'target_collection_id']);
	expect(sent.filter((wire) => !(wire in properties))).toEqual([]);
	expect(files).toEqual(['image']);
	expect(isFile(properties.image)).toBe(true);
	expect(vectorize.job).toEqual({ kind: 'submit', webhook: true });
});
