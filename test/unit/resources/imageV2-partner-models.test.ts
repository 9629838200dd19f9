/**
 * Partner models on the Image operations, held against the spec extract each endpoint is in
 * (ideogram-v2-openapi.json for Ideogram's own, ideogram-v2-more-openapi.json for the partners'):
 * every field a model is said to take is the endpoint's, every field of the endpoint the operation
 * offers is let through, and narrowed values are the endpoint's enum.
 */
import { replaceBackground, REPLACE_BACKGROUND_MODELS } from '../../../nodes/Ideogram/resources/imageV2/replaceBackground';
import { loadV2OpenApi } from '../../stub/schema';
import { loadMoreOpenApi } from '../../stub/video';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;
const specs = [loadV2OpenApi(), loadMoreOpenApi()] as Schema[];
const specOf = (path: string) => specs.find((s) => s.paths[path]?.post);
const resolve = (doc: Schema, s: Schema): Schema =>
	s?.$ref ? resolve(doc, doc.components.schemas[s.$ref.split('/').pop()]) : s?.allOf?.length === 1 ? resolve(doc, s.allOf[0]) : s;

describe.each(REPLACE_BACKGROUND_MODELS.map((m) => [m.slug, m] as const))('Replace Background, %s', (slug, model) => {
	const path = `/v2/image/replace-background/${slug}`;
	const doc = specOf(path)!;
	const content = doc.paths[path].post.requestBody.content;
	const schema = resolve(doc, (content['multipart/form-data'] ?? content['application/json']).schema);
	const properties = schema.properties as Record<string, Schema>;
	const offered = new Set(replaceBackground.optional.map((f) => f.wire));

	test('takes the fields the table says, and the table lets through every field the operation offers', () => {
		for (const wire of model.fields) expect([wire, wire in properties]).toEqual([wire, true]);
		expect(Object.keys(properties).filter((wire) => offered.has(wire) && !model.fields.includes(wire))).toEqual([]);
	});

	test('its narrowed values are the endpoint’s enum; the operation’s lists hold no value it refuses unnarrowed', () => {
		for (const [wire, values] of Object.entries(model.values ?? {})) expect([wire, [...values]]).toEqual([wire, resolve(doc, properties[wire]).enum]);
		for (const spec of replaceBackground.optional) {
			const allowed = resolve(doc, properties[spec.wire] ?? {})?.enum as string[] | undefined;
			if (!model.fields.includes(spec.wire) || !allowed || !spec.options || model.values?.[spec.wire]) continue;
			expect([spec.wire, spec.options.map((o) => String(o.value)).filter((v) => !allowed.includes(v))]).toEqual([spec.wire, []]);
		}
	});
});
