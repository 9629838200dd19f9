import { makePng } from '../support/images';
import { runIdeogram } from '../support/n8n';
import { useStub } from '../support/useStub';

// The legacy model rules: each is refused before anything is sent, with a message naming the field
// and a description naming the fix.

const KEY = 'sk-test-legacy-rules-0123456789';
const stub = useStub({ apiKey: KEY });

const credentials = () => ({ provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl });

async function refused(parameters: Record<string, unknown>) {
	const result = await runIdeogram({
		parameters: { resource: 'legacyImage', operation: 'generate', prompt: 'a fox', ...parameters },
		credentials: credentials(),
	});
	expect(result.output).toBeUndefined();
	expect(result.error).toBeDefined();
	expect(stub.requests).toHaveLength(0);
	return result.error!;
}

test.each(['V_1', 'V_1_TURBO'])('Style Type is refused with %s', async (model) => {
	const error = await refused({ model, additionalFields: { styleType: 'ANIME' } });
	expect(error.message).toBe(`Additional Fields → Style Type is not available with Model Ideogram 1.0${model === 'V_1' ? '' : ' Turbo'} (${model})`);
	expect(error.description).toBe(
		'Ideogram 1.0 has no style types. Remove Style Type, or choose Model Ideogram 2.0, 2.0 Turbo, 2a or 2a Turbo.',
	);
});

test.each(['V_2A', 'V_2A_TURBO'])('Negative Prompt is refused with %s', async (model) => {
	const error = await refused({ model, additionalFields: { negativePrompt: 'blurry' } });
	expect(error.message).toMatch(new RegExp(`^Additional Fields → Negative Prompt is not available with Model Ideogram 2a.* \\(${model}\\)$`));
	expect(error.description).toBe(
		'Remove Negative Prompt (say what you want in the prompt instead), or choose Model Ideogram 1.0, 1.0 Turbo, 2.0 or 2.0 Turbo.',
	);
});

test.each([
	['V_1', { colorPaletteName: 'EMBER' }, 'Color Palette'],
	['V_1_TURBO', { colorPaletteName: 'EMBER' }, 'Color Palette'],
	['V_2A', { colorPaletteMembers: { member: [{ colorHex: '#112233', colorWeight: 1 }] } }, 'Custom Color Palette'],
	['V_2A_TURBO', { colorPaletteName: 'JUNGLE' }, 'Color Palette'],
])('a color palette is refused with %s', async (model, fields, field) => {
	const error = await refused({ model, additionalFields: fields });
	expect(error.message).toMatch(new RegExp(`^Additional Fields → ${field} is not available with Model .*\\(${model}\\)$`));
	expect(error.description).toBe(
		'Only Ideogram 2.0 takes a color palette. Remove the palette, or choose Model Ideogram 2.0 or 2.0 Turbo.',
	);
});

test('Resolution and Aspect Ratio together are refused', async () => {
	const error = await refused({
		model: 'V_2',
		additionalFields: { resolution: 'RESOLUTION_1024_1024', aspectRatio: 'ASPECT_16_9' },
	});
	expect(error.message).toBe('Additional Fields → Resolution cannot be combined with "Aspect Ratio"');
	expect(error.description).toBe('Keep either Resolution (exact size) or Aspect Ratio (shape), and remove the other.');
});

test('a model the legacy endpoints do not document (from an expression) is refused', async () => {
	const error = await refused({ model: '={{ "V_3" }}' });
	expect(error.message).toMatch(/^Model "V_3" is not one of the values Ideogram accepts \(V_1, V_1_TURBO, V_2, V_2_TURBO, V_2A, V_2A_TURBO\)/);
});

test('the rules allow what the models take: V_2 with style, negative prompt and palette', async () => {
	const result = await runIdeogram({
		parameters: {
			resource: 'legacyImage',
			operation: 'generate',
			prompt: 'a fox',
			model: 'V_2',
			additionalFields: { styleType: 'ANIME', negativePrompt: 'blurry', colorPaletteName: 'EMBER' },
			options: { downloadImages: false },
		},
		credentials: credentials(),
	});
	expect(result.error).toBeUndefined();
	expect(stub.requests.map((r) => r.status)).toEqual([200]);
});

describe('rules of the operations that take files', () => {
	const items = [{ binary: { data: { data: makePng(64, 64, { seed: 1 }), fileName: 'a.png', mimeType: 'image/png' }, mask: { data: makePng(64, 64, { seed: 2 }), fileName: 'm.png', mimeType: 'image/png' } } }];
	const run = (operation: string, parameters: Record<string, unknown>) =>
		runIdeogram({
			parameters: { resource: 'legacyImage', operation, image: 'data', ...parameters },
			items,
			credentials: credentials(),
		});

	// The Edit model list offers only V_2 and V_2_TURBO; other models can still arrive from an expression.
	test.each(['V_1', 'V_2A_TURBO'])('Edit refuses model %s', async (model) => {
		const result = await run('edit', { prompt: 'a hat', mask: 'mask', model: `={{ "${model}" }}` });
		expect(result.error?.message).toMatch(new RegExp(`^Model Ideogram .* \\(${model}\\) cannot edit images$`));
		expect(result.error?.description).toBe(
			'Legacy Edit works only with Ideogram 2.0 (V_2) and Ideogram 2.0 Turbo (V_2_TURBO): choose one of those, or use Edit in the Image resource (Ideogram 3.0).',
		);
		expect(stub.requests).toHaveLength(0);
	});

	test('Reframe refuses Style Type with V_1_TURBO', async () => {
		const result = await run('reframe', { resolution: 'RESOLUTION_1024_1024', model: 'V_1_TURBO', additionalFields: { styleType: 'GENERAL' } });
		expect(result.error?.message).toBe('Additional Fields → Style Type is not available with Model Ideogram 1.0 Turbo (V_1_TURBO)');
		expect(stub.requests).toHaveLength(0);
	});

	test('Remix refuses Resolution with Aspect Ratio', async () => {
		const result = await run('remix', {
			prompt: 'x',
			model: 'V_2',
			additionalFields: { resolution: 'RESOLUTION_1024_1024', aspectRatio: 'ASPECT_1_1' },
		});
		expect(result.error?.message).toBe('Additional Fields → Resolution cannot be combined with "Aspect Ratio"');
		expect(stub.requests).toHaveLength(0);
	});
});
