/**
 * The file-slot API other resources build on (input/files.ts), with a minimal stand-in for
 * n8n's per-item context: UI properties, and the checks no 3.0 operation exercises.
 */
import type { IBinaryData, IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { fileSlotCollection, fileSlotProperties, type FileSlotSpec } from '../../../nodes/Ideogram/description/fileSlots';
import { readFileSlots } from '../../../nodes/Ideogram/input/files';
import { makeMp3Of, makeWav } from '../../support/audio';
import { makePng, sha256 } from '../../support/images';

const IMAGE: FileSlotSpec = { wire: 'image_file', param: 'imageFile', displayName: 'Image', required: true, default: 'data' };
const MASK: FileSlotSpec = { wire: 'mask', param: 'mask', displayName: 'Mask', required: true, sameSizeAs: 'image_file', default: 'mask' };

function context(parameters: IDataObject, files: Record<string, { data: Buffer; fileName?: string }>) {
	const read: string[] = [];
	const ctx = {
		getNode: () => ({ name: 'Ideogram', type: 'ideogram', typeVersion: 1, parameters: {} }),
		getItemIndex: () => 0,
		getInputData: () => ({ json: {}, binary: Object.fromEntries(Object.keys(files).map((k) => [k, { data: 'filesystem-v2' }])) }),
		getNodeParameter: (name: string, fallback: unknown) =>
			name.split('.').reduce<unknown>((o, k) => (o as IDataObject | undefined)?.[k], parameters) ?? fallback,
		helpers: {
			assertBinaryData: (name: string) => ({ fileName: files[name].fileName, mimeType: 'image/png', data: '' }) as IBinaryData,
			getBinaryDataBuffer: async (name: string) => {
				read.push(name);
				return files[name].data;
			},
			httpRequest: async () => {
				throw new Error('no network in unit tests');
			},
		},
	};
	return { ctx: ctx as unknown as IExecuteSingleFunctions, read };
}

describe('fileSlotProperties', () => {
	test('one string property per slot, named after the last segment of param', () => {
		const props = fileSlotProperties([
			IMAGE,
			{ wire: 'images', param: 'opts.images', displayName: 'Images', multiple: true, maxCount: 10, allowUrl: true, description: 'The pictures.' },
		]);
		expect(props).toEqual([
			{
				displayName: 'Image',
				name: 'imageFile',
				type: 'string',
				default: 'data',
				required: true,
				placeholder: 'e.g. data',
				description: 'The name of the input binary field that holds it.',
			},
			{
				displayName: 'Images',
				name: 'images',
				type: 'string',
				default: '',
				placeholder: 'e.g. data, data_1',
				description: 'The pictures. Names of input binary fields, separated by commas (up to 10), or http(s) links.',
			},
		]);
	});

	test('a collection only takes slots whose param lies inside it', () => {
		const inside: FileSlotSpec = { wire: 'x', param: 'refs.x', displayName: 'X' };
		expect(fileSlotCollection({ name: 'refs', displayName: 'Refs', placeholder: 'Add Ref' }, [inside])).toMatchObject({
			name: 'refs',
			type: 'collection',
			default: {},
			options: [{ name: 'x' }],
		});
		expect(() => fileSlotCollection({ name: 'refs', displayName: 'Refs', placeholder: 'Add Ref' }, [IMAGE])).toThrow(/not inside collection refs/);
	});

	test('a pair must name a slot of the same list', () => {
		expect(() => readFileSlots([MASK])).toThrow(/pairs with image_file/);
	});
});

describe('readFileSlots', () => {
	const png = makePng(64, 64);
	const mask = makePng(64, 64, { seed: 5 });

	test('parts in slot order, with the sniffed type and a matching extension', async () => {
		const { ctx } = context({ imageFile: 'data', mask: 'mask' }, { data: { data: png, fileName: 'in.jpeg' }, mask: { data: mask } });
		const parts = await readFileSlots([IMAGE, MASK]).call(ctx, {});
		expect(parts.map((p) => [p.field, p.fileName, p.mimeType, sha256(p.data)])).toEqual([
			['image_file', 'in.png', 'image/png', sha256(png)],
			['mask', 'mask.png', 'image/png', sha256(mask)],
		]);
	});

	test('a slot without allowUrl refuses a link before reading anything', async () => {
		const { ctx, read } = context({ imageFile: 'https://example.com/a.png', mask: 'mask' }, { mask: { data: mask } });
		await expect(readFileSlots([IMAGE, MASK]).call(ctx, {})).rejects.toThrow('Image takes a binary field name, not a link ("https://example.com/a.png")');
		expect(read).toEqual([]);
	});

	test('a missing field is reported before any file is read', async () => {
		const { ctx, read } = context({ imageFile: 'data', mask: 'maks' }, { data: { data: png }, mask: { data: mask } });
		await expect(readFileSlots([IMAGE, MASK]).call(ctx, {})).rejects.toThrow('Mask names the binary field "maks", but this item has no such field');
		expect(read).toEqual([]);
	});

	test('an optional slot left empty sends nothing', async () => {
		const optional: FileSlotSpec = { wire: 'style_reference_images', param: 'refs.style', displayName: 'Style', multiple: true };
		const { ctx } = context({ imageFile: 'data', refs: {} }, { data: { data: png } });
		const parts = await readFileSlots([IMAGE, optional]).call(ctx, {});
		expect(parts.map((p) => p.field)).toEqual(['image_file']);
	});

	test('an array from an expression works for a multi-file slot (links may contain commas)', async () => {
		const multi: FileSlotSpec = { wire: 'images', param: 'images', displayName: 'Images', multiple: true, maxCount: 3 };
		const { ctx } = context({ images: ['a', 'b'] }, { a: { data: png }, b: { data: mask } });
		const parts = await readFileSlots([multi]).call(ctx, {});
		expect(parts.map((p) => sha256(p.data))).toEqual([sha256(png), sha256(mask)]);
	});

	test('a custom per-file limit', async () => {
		const small: FileSlotSpec = { ...IMAGE, maxBytes: 100 };
		const { ctx } = context({ imageFile: 'data' }, { data: { data: png } });
		await expect(readFileSlots([small]).call(ctx, {})).rejects.toThrow(`Image file (binary field "data") is ${png.length} bytes; Ideogram takes at most 100 bytes per file`);
	});
});

describe('audio lengths, where the slot has limits', () => {
	const AUDIO: FileSlotSpec = {
		wire: 'reference_audios',
		param: 'audio',
		displayName: 'Reference Audio',
		media: 'audio',
		multiple: true,
		seconds: { min: 2, max: 15, total: 15, of: 'Seedance 2 (reference to video)' },
	};
	const read = async (files: Record<string, Buffer>, slot: FileSlotSpec = AUDIO) => {
		const { ctx } = context({ audio: Object.keys(files).join(', ') }, Object.fromEntries(Object.entries(files).map(([k, data]) => [k, { data }])));
		return await readFileSlots([slot]).call(ctx, {});
	};

	test('exactly the shortest and the longest a file may be, and exactly the most in all, are sent', async () => {
		expect(await read({ a: makeWav(2) })).toHaveLength(1);
		expect(await read({ a: makeMp3Of({ frames: 625, sampleRate: 48000 }) })).toHaveLength(1);
		expect(await read({ a: makeWav(2), b: makeWav(13) })).toHaveLength(2);
	});

	test('a file just outside, within how differently readers count the edges, is left to Ideogram', async () => {
		expect(await read({ a: makeWav(1.95) })).toHaveLength(1);
		expect(await read({ a: makeWav(15.05) })).toHaveLength(1);
	});

	test('a file too short or too long names its position, source, length, the model and the range', async () => {
		await expect(read({ a: makeWav(5), b: makeWav(1.8) })).rejects.toThrow(
			'Reference Audio file 2 of 2 (binary field "b") is 1.8 s long; Seedance 2 (reference to video) takes 2 to 15 s per file',
		);
		await expect(read({ a: makeMp3Of({ seconds: 18, sampleRate: 48000 }) })).rejects.toThrow(
			'Reference Audio file 1 of 1 (binary field "a") is 18 s long; Seedance 2 (reference to video) takes 2 to 15 s per file',
		);
	});

	test('files that last too long together; one of unknown length is not counted', async () => {
		await expect(read({ a: makeWav(10), b: makeWav(5.5) })).rejects.toThrow(
			'Reference Audio files last 15.5 s together (binary field "a": 10 s, binary field "b": 5.5 s); Seedance 2 (reference to video) takes at most 15 s for all of them together',
		);
		const cut = makeMp3Of({ frames: 100 }).subarray(0, 1000);
		await expect(read({ a: makeWav(10), b: cut, c: makeWav(6) })).rejects.toThrow(
			'Reference Audio files last 16 s together (binary field "a": 10 s, binary field "c": 6 s; 1 file of unknown length not counted); Seedance 2 (reference to video) takes at most 15 s for all of them together',
		);
	});

	test('a file whose length cannot be read is sent for Ideogram to judge', async () => {
		const cut = makeMp3Of({ frames: 100 }).subarray(0, 1000);
		expect((await read({ a: cut })).map((p) => p.mimeType)).toEqual(['audio/mpeg']);
	});

	test('a slot without limits (a typed-in model) measures nothing', async () => {
		expect(await read({ a: makeWav(1) }, { ...AUDIO, seconds: undefined })).toHaveLength(1);
	});
});
