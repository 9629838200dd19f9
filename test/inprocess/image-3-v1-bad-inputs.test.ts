/**
 * A catalog of bad inputs. Each must be refused before anything is sent (the stub sees no request),
 * with a message that names the field the user has to change and a description saying how.
 */
import type { IDataObject } from 'n8n-workflow';

import { makeJpeg, makePng } from '../support/images';
import { runIdeogram, type InputItem } from '../support/n8n';
import { useStub } from '../support/useStub';

const KEY = 'sk-test-bad-inputs-93e0c1d4a8';
const stub = useStub({ apiKey: KEY });

const PHOTO = makePng(256, 256, { seed: 1 });
const SMALL_MASK = makePng(128, 128, { seed: 2 });
const MASK = makePng(256, 256, { seed: 3 });
/** A valid PNG header with padding after it: 6 MB on disk, 256x256 to any parser. */
const SIX_MB_PNG = Buffer.concat([PHOTO, Buffer.alloc(6 * 1024 * 1024)]);
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(64, 1)]);
const png = (data: Buffer, fileName = 'photo.png') => ({ data, fileName, mimeType: 'image/png' });
const withPhoto: InputItem[] = [{ binary: { data: png(PHOTO), mask: png(MASK, 'mask.png') } }];

interface Case {
	/** What is wrong, for the test name. */
	name: string;
	operation?: string;
	/** Top-level parameters (prompt defaults to a valid one). */
	parameters?: IDataObject;
	additionalFields?: IDataObject;
	items?: InputItem[];
	/** Words the message must contain: the field, as the user sees it. */
	field: string | string[];
	/** More of the message: the allowed values or limits, where it lists them. */
	says?: RegExp;
	/** What the error's description must tell the user to do (n8n's own refusals have none). */
	fix?: RegExp;
	/** A literally empty required field: n8n itself refuses to start the workflow (with the field's name). */
	byN8n?: boolean;
}

/** The description of a refused Additional Field: change it to an accepted value, or remove it. */
const changeOrRemove = (field: string) => new RegExp(`^Change "${field}" to a value Ideogram accepts, or remove it from Additional Fields\\.$`);

const palette = (...member: Array<{ colorHex?: string; colorWeight?: number }>) => ({ member });

const cases: Case[] = [
	// Prompt
	{ name: 'empty prompt', parameters: { prompt: '' }, field: 'Prompt', says: /Parameter "Prompt" is required/, byN8n: true },
	{ name: 'prompt of spaces only', parameters: { prompt: '   ' }, field: 'Prompt', says: /is required but empty/, fix: /Enter a value for "Prompt", or map one with an expression that is not empty for this item/ },
	{ name: 'prompt from an expression that is empty for this item', parameters: { prompt: '={{ $json.missing }}' }, field: 'Prompt', fix: /Enter a value for "Prompt", or map one with an expression that is not empty for this item/ },
	// Numbers
	{ name: 'negative seed', additionalFields: { seed: -1 }, field: 'Additional Fields → Seed', says: /whole number from 0 to 2147483647/, fix: changeOrRemove('Seed') },
	{ name: 'seed above 2^31-1', additionalFields: { seed: 2147483648 }, field: 'Seed', says: /from 0 to 2147483647 \(got 2147483648\)/, fix: changeOrRemove('Seed') },
	{ name: 'fractional seed', additionalFields: { seed: 1.5 }, field: 'Seed', says: /whole number from 0 to 2147483647 \(got 1\.5\)/, fix: changeOrRemove('Seed') },
	{ name: 'seed that is not a number (expression)', additionalFields: { seed: '={{ "abc" }}' }, field: 'Seed', says: /whole number from 0 to 2147483647 \(got "abc"\)/, fix: changeOrRemove('Seed') },
	{ name: '9 images', additionalFields: { numImages: 9 }, field: 'Number of Images', says: /from 1 to 8/, fix: changeOrRemove('Number of Images') },
	{ name: '0 images', additionalFields: { numImages: 0 }, field: 'Number of Images', says: /from 1 to 8 \(got 0\)/, fix: changeOrRemove('Number of Images') },
	{ name: 'number of images as a word (expression)', additionalFields: { numImages: '={{ "many" }}' }, field: 'Number of Images', says: /from 1 to 8 \(got "many"\)/, fix: changeOrRemove('Number of Images') },
	// Enums given by expression
	{ name: 'rendering speed not in the list', additionalFields: { renderingSpeed: '={{ "FAST" }}' }, field: 'Rendering Speed', says: /"FAST" is not one of the values Ideogram accepts \(FLASH, TURBO, DEFAULT, QUALITY\)/, fix: changeOrRemove('Rendering Speed') },
	{ name: 'aspect ratio written with a colon', additionalFields: { aspectRatio: '={{ "16:9" }}' }, field: 'Aspect Ratio', says: /"16:9" is not one of the values Ideogram accepts \(1x3, 3x1, .*16x9, … 15 in all\)/, fix: changeOrRemove('Aspect Ratio') },
	{ name: 'resolution not in the list', additionalFields: { resolution: '={{ "1000x1000" }}' }, field: 'Resolution', says: /"1000x1000" is not one of the values Ideogram accepts \(512x1536, .*69 in all\)/, fix: changeOrRemove('Resolution') },
	{ name: 'style type not in the list', additionalFields: { styleType: '={{ "ANIME" }}' }, field: 'Style Type', says: /\(AUTO, GENERAL, REALISTIC, DESIGN, FICTION\)/, fix: changeOrRemove('Style Type') },
	{ name: 'style preset not in the list', additionalFields: { stylePreset: '={{ "NOT_A_PRESET" }}' }, field: 'Style Preset', says: /\(80S_ILLUSTRATION, .*62 in all\)/, fix: changeOrRemove('Style Preset') },
	{ name: 'magic prompt not in the list', additionalFields: { magicPrompt: '={{ "MAYBE" }}' }, field: 'Magic Prompt', says: /\(AUTO, ON, OFF\)/, fix: changeOrRemove('Magic Prompt') },
	{ name: 'color palette preset not in the list', additionalFields: { colorPaletteName: '={{ "RAINBOW" }}' }, field: 'Color Palette', says: /\(EMBER, FRESH, JUNGLE, MAGIC, MELON, MOSAIC, PASTEL, ULTRAMARINE\)/, fix: changeOrRemove('Color Palette') },
	// Combinations Ideogram refuses
	{ name: 'resolution together with aspect ratio', additionalFields: { resolution: '1024x1024', aspectRatio: '1x1' }, field: ['Resolution', 'Aspect Ratio'], says: /cannot be combined/, fix: /Keep either Resolution \(exact size\) or Aspect Ratio \(shape\), and remove the other/ },
	{ name: 'style codes together with style type', additionalFields: { styleCodes: 'AAFF5733', styleType: 'REALISTIC' }, field: ['Style Codes', 'Style Type'], fix: /remove Style Type, or remove Style Codes/ },
	{ name: 'preset palette together with custom palette', additionalFields: { colorPaletteName: 'EMBER', colorPaletteMembers: palette({ colorHex: '#FF0000' }) }, field: ['Color Palette', 'Custom Color Palette'], fix: /Use either a preset Color Palette or a Custom Color Palette, not both/ },
	// Formats
	{ name: 'style code that is not hex', additionalFields: { styleCodes: 'XYZ' }, field: 'Style Codes', says: /"XYZ" is not an 8-character hex code/, fix: changeOrRemove('Style Codes') },
	{ name: 'style code of 7 characters', additionalFields: { styleCodes: 'AAFF5733, 0133FF5' }, field: 'Style Codes', says: /0133FF5/, fix: changeOrRemove('Style Codes') },
	{ name: 'malformed hex color', additionalFields: { colorPaletteMembers: palette({ colorHex: '#GG0000', colorWeight: 0.5 }) }, field: 'Custom Color Palette', says: /#GG0000/, fix: changeOrRemove('Custom Color Palette') },
	{ name: 'hex color without #', additionalFields: { colorPaletteMembers: palette({ colorHex: 'FF5733' }) }, field: 'Custom Color Palette', says: /"FF5733" is not a hex color like #FF5733/, fix: changeOrRemove('Custom Color Palette') },
	{ name: 'color weight above 1', additionalFields: { colorPaletteMembers: palette({ colorHex: '#FF5733', colorWeight: 1.5 }) }, field: 'Custom Color Palette', says: /weight 1\.5; weights go from 0\.05 to 1/, fix: changeOrRemove('Custom Color Palette') },
	{ name: 'color weight below 0.05', additionalFields: { colorPaletteMembers: palette({ colorHex: '#FF5733', colorWeight: 0.01 }) }, field: 'Custom Color Palette', says: /weight 0\.01; weights go from 0\.05 to 1/, fix: changeOrRemove('Custom Color Palette') },
	{ name: '9 palette colors', additionalFields: { colorPaletteMembers: palette(...Array.from({ length: 9 }, () => ({ colorHex: '#112233' }))) }, field: 'Custom Color Palette', says: /1 to 8 colors/, fix: changeOrRemove('Custom Color Palette') },
	{ name: 'custom model URI without model/…/version/…', additionalFields: { customModelUri: 'my-model' }, field: 'Custom Model URI', says: /of the form model\/<model name>\/version\/<version>/, fix: changeOrRemove('Custom Model URI') },
	// Other operations' fields
	{ name: 'remix image weight 0', operation: 'remix', items: withPhoto, parameters: { image: 'data' }, additionalFields: { imageWeight: 0 }, field: 'Image Weight', says: /from 1 to 100 \(got 0\)/, fix: changeOrRemove('Image Weight') },
	{ name: 'remix image weight 101', operation: 'remix', items: withPhoto, parameters: { image: 'data' }, additionalFields: { imageWeight: 101 }, field: 'Image Weight', says: /from 1 to 100 \(got 101\)/, fix: changeOrRemove('Image Weight') },
	{ name: 'transparent upscale factor not in the list', operation: 'generateTransparent', additionalFields: { upscaleFactor: '={{ "X3" }}' }, field: 'Upscale Factor', says: /"X3" is not one of the values Ideogram accepts \(X1, X2, X4\)/, fix: changeOrRemove('Upscale Factor') },
	{ name: 'reframe resolution empty for this item', operation: 'reframe', items: withPhoto, parameters: { image: 'data', resolution: '={{ $json.size }}' }, field: 'Resolution', fix: /Enter a value for "Resolution", or map one with an expression/ },
	{ name: 'edit-with-prompt link that is not http(s)', operation: 'editWithPrompt', items: withPhoto, parameters: { images: 'data' }, additionalFields: { imageUrls: 'ftp://example.com/a.png' }, field: 'Ideogram Image URLs', says: /is not an http\(s\) link/, fix: changeOrRemove('Ideogram Image URLs') },
	// Input files (checked once the item's turn comes, still before sending)
	{ name: 'image names a binary field the item does not have', operation: 'edit', items: withPhoto, parameters: { image: 'photo', mask: 'mask' }, field: 'Image', says: /binary field "photo", but this item has no such field/, fix: /binary fields: data, mask\. Enter one of them in "Image", or enter an http\(s\) link/ },
	{ name: 'item without any binary data', operation: 'remix', items: [{ json: {} }], parameters: { image: 'data' }, field: 'Image', says: /no such field/, fix: /no binary data at all\. Pass the file from a node that outputs files/ },
	{ name: 'image that is a GIF', operation: 'remix', items: [{ binary: { data: { data: GIF, fileName: 'a.gif', mimeType: 'image/gif' } } }], parameters: { image: 'data' }, field: 'Image', says: /not a JPEG, PNG or WebP image/, fix: /only reads JPEG, PNG and WebP.*Convert the file first/ },
	{ name: 'image over 10 MB', operation: 'remix', items: [{ binary: { data: png(Buffer.concat([PHOTO, Buffer.alloc(10 * 1024 * 1024)])) } }], parameters: { image: 'data' }, field: 'Image', says: /Ideogram takes at most .* per file/, fix: /Make the file smaller first/ },
	{ name: 'mask of a different size than the image', operation: 'edit', items: [{ binary: { data: png(PHOTO), mask: png(SMALL_MASK, 'mask.png') } }], parameters: { image: 'data', mask: 'mask' }, field: 'Mask', says: /128x128 pixels, but "Image" .* is 256x256/, fix: /Resize "Mask" to 256x256/ },
	{ name: 'mask left empty', operation: 'edit', items: withPhoto, parameters: { image: 'data', mask: '' }, field: 'Mask', says: /Parameter "Mask" is required/, byN8n: true },
	{ name: 'mask from an expression that is empty for this item', operation: 'edit', items: withPhoto, parameters: { image: 'data', mask: '={{ $json.mask }}' }, field: 'Mask', says: /is required but empty/, fix: /Enter the name of the input binary field that holds the file \(usually "data"\), or a link to it/ },
	{ name: 'image given as an ftp link', operation: 'remix', parameters: { image: 'ftp://example.com/photo.png' }, field: 'Image', says: /only http and https/, fix: /Use an http\(s\) link, or pass the file as binary data/ },
	{ name: 'style reference images together with style codes', items: withPhoto, parameters: { referenceImages: { styleReferenceImages: 'data' } }, additionalFields: { styleCodes: 'AAFF5733' }, field: ['Style Reference Images', 'Style Codes'], fix: /either style reference images or Style Codes: remove one of them/ },
	{ name: 'two character reference images', items: withPhoto, parameters: { referenceImages: { characterReferenceImages: 'data, mask' } }, field: 'Character Reference Image', says: /at most 1/, fix: /Keep one field name in "Character Reference Image"/ },
	{ name: 'character mask without its reference image', items: withPhoto, parameters: { referenceImages: { characterReferenceImagesMask: 'mask' } }, field: 'Character Reference Mask', says: /has 1 file but "Character Reference Image" has 0/, fix: /give both the same number of files, or leave "Character Reference Mask" empty/ },
	{ name: 'style references over 10 MB together', items: [{ binary: { a: png(SIX_MB_PNG), b: { data: makeJpeg(64, 64, { exifBytes: 60_000 }), mimeType: 'image/jpeg' }, c: png(SIX_MB_PNG) } }], parameters: { referenceImages: { styleReferenceImages: 'a, b, c' } }, field: 'Style Reference Images', says: /for all of them together/, fix: /Use fewer or smaller files/ },
];

describe.each(cases)('$name', (c) => {
	test('is refused before sending, naming the field', async () => {
		const parameters = {
			resource: 'image',
			operation: c.operation ?? 'generate',
			prompt: 'A red fox reading a newspaper',
			...c.parameters,
			...(c.additionalFields ? { additionalFields: c.additionalFields } : {}),
		};
		const credentials = { provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl };
		let message: string;
		if (c.byN8n) {
			const refused = await runIdeogram({ parameters, items: c.items, credentials }).then(
				() => new Error('(the workflow ran)'),
				(error: Error) => error,
			);
			message = refused.message;
		} else {
			const result = await runIdeogram({ parameters, items: c.items, credentials });
			expect(result.output).toBeUndefined();
			message = result.error?.message ?? '(no error)';
			expect(result.error?.description).toMatch(c.fix!);
			expect(JSON.stringify(result.error)).not.toContain(KEY);
		}
		for (const field of [c.field].flat()) expect(message).toContain(field);
		if (c.says) expect(message).toMatch(c.says);
		expect(stub.requests).toHaveLength(0);
	});
});

test('with Continue On Fail a bad item becomes its own error item; the good ones still go', async () => {
	const result = await runIdeogram({
		parameters: { resource: 'image', operation: 'generate', prompt: '={{ $json.prompt }}', additionalFields: { seed: '={{ $json.seed }}' }, options: { downloadImages: false } },
		items: [{ json: { prompt: 'a fox', seed: 1 } }, { json: { prompt: 'an owl', seed: -5 } }, { json: { prompt: '', seed: 2 } }, { json: { prompt: 'a cat', seed: 3 } }],
		credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl },
		continueOnFail: true,
	});
	expect(result.output!.map((i) => [i.pairedItem, i.json.error ?? 'ok'])).toEqual([
		[{ item: 0 }, 'ok'],
		[{ item: 1 }, expect.stringContaining('Seed must be a whole number')],
		[{ item: 2 }, 'Prompt is required but empty'],
		[{ item: 3 }, 'ok'],
	]);
	expect(stub.requests.map((r) => (r.json as { prompt: string }).prompt).sort()).toEqual(['a cat', 'a fox']);
});
