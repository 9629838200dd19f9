/**
 * The checks made before a request leaves the node: each fails the item with a message naming the
 * field and a fix, and the stub sees no request at all.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { makeJpeg, makePng } from '../support/images';
import { runIdeogram, type InputFile, type InputItem } from '../support/n8n';
import { useStub } from '../support/useStub';

const KEY = 'sk-test-image-checks-0123456789abcdef';
const stub = useStub({ apiKey: KEY });

const MB = 1024 * 1024;
const PHOTO = makePng(512, 512, { seed: 31 });
const png = (data: Buffer, fileName = 'photo.png'): InputFile => ({ data, fileName, mimeType: 'image/png' });
/** A valid JPEG header followed by padding: a file of exactly `bytes` bytes. */
const jpegOfSize = (bytes: number) => {
	const head = makeJpeg(640, 480);
	return Buffer.concat([head, Buffer.alloc(bytes - head.length)]);
};

/** A one-file web server on loopback, for input links that are not Ideogram's. */
async function serveOnce(body: Buffer): Promise<{ url: string; close: () => Promise<void> }> {
	const server = createServer((_req, res) => {
		res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': body.length });
		res.end(body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}/big.png`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function expectRefused(parameters: IDataObject, items: InputItem[] | undefined, message: string | RegExp, description?: string | RegExp) {
	const result = await runIdeogram({
		parameters: { resource: 'image', ...parameters },
		items,
		credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl },
	});
	expect(result.output).toBeUndefined();
	expect(result.error?.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
	if (description !== undefined)
		expect(result.error?.description).toEqual(typeof description === 'string' ? expect.stringContaining(description) : expect.stringMatching(description));
	expect(stub.requests).toEqual([]);
	return result;
}

const edit = (extra: IDataObject = {}) => ({ operation: 'edit', prompt: 'a red hat', image: 'data', mask: 'mask', ...extra });

describe('binary fields', () => {
	test('a field the item does not have: the message lists the fields it does have', async () => {
		await expectRefused(
			edit(),
			[{ binary: { data: png(PHOTO), photoMask: png(makePng(512, 512), 'mask.png') } }],
			'Mask names the binary field "mask", but this item has no such field',
			`This item's binary fields: data, photoMask. Enter one of them in "Mask"`,
		);
	});

	test('an item without any binary data', async () => {
		await expectRefused(
			{ operation: 'remix', prompt: 'x', image: 'data' },
			[{ json: { url: 'https://example.com/a.png' } }],
			'Image names the binary field "data", but this item has no such field',
			'This item has no binary data at all',
		);
	});

	test('a required slot whose expression comes out empty', async () => {
		// Left empty in the editor, n8n itself refuses to run the workflow ("Parameter "Image" is required").
		await expectRefused(
			{ operation: 'removeBackground', image: '={{ $json.field }}' },
			[{ json: {}, binary: { data: png(PHOTO) } }],
			'Image is required but empty',
			'Enter the name of the input binary field',
		);
	});
});

describe('file contents', () => {
	test('a GIF named .png with an image/png type is caught by its bytes', async () => {
		const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x00\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;', 'latin1');
		await expectRefused(
			{ operation: 'replaceBackground', prompt: 'a beach', image: 'data' },
			[{ binary: { data: { data: gif, fileName: 'photo.png', mimeType: 'image/png' } } }],
			'Image file (binary field "data") is a GIF image, not a JPEG, PNG or WebP image',
			'checks the bytes, not the file name',
		);
	});

	test('a PDF in a reference slot', async () => {
		await expectRefused(
			{ operation: 'generate', prompt: 'x', referenceImages: { styleReferenceImages: 'doc' } },
			[{ binary: { doc: { data: Buffer.from('%PDF-1.7\n%âãÏÓ\n'), fileName: 'brief.pdf', mimeType: 'application/pdf' } } }],
			'Reference Images → Style Reference Images file (binary field "doc") is a PDF document, not a JPEG, PNG or WebP image',
		);
	});

	test('a file over 10 MB', async () => {
		await expectRefused(
			{ operation: 'remix', prompt: 'x', image: 'data' },
			[{ binary: { data: { data: jpegOfSize(10 * MB + 1), fileName: 'huge.jpg', mimeType: 'image/jpeg' } } }],
			'Image file (binary field "data") is 10,485,761 bytes; Ideogram takes at most 10,485,760 bytes per file',
			'Make the file smaller first',
		);
	});

	test('a file of exactly 10 MB is accepted', async () => {
		const result = await runIdeogram({
			parameters: { resource: 'image', operation: 'remix', prompt: 'x', image: 'data', options: { downloadImages: false } },
			items: [{ binary: { data: { data: jpegOfSize(10 * MB), fileName: 'big.jpg', mimeType: 'image/jpeg' } } }],
			credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl },
		});
		expect(result.error).toBeUndefined();
		expect(stub.requests[0].files?.[0].size).toBe(10 * MB);
	});

	test('style references over 10 MB together', async () => {
		await expectRefused(
			{ operation: 'generate', prompt: 'x', referenceImages: { styleReferenceImages: 'a, b' } },
			[
				{
					binary: {
						a: { data: jpegOfSize(6 * MB), fileName: 'a.jpg', mimeType: 'image/jpeg' },
						b: { data: jpegOfSize(5 * MB), fileName: 'b.jpg', mimeType: 'image/jpeg' },
					},
				},
			],
			'Reference Images → Style Reference Images files add up to 11.0 MB; Ideogram takes at most 10.0 MB for all of them together',
		);
	});
});

describe('masks', () => {
	test('a mask of another pixel size than the image', async () => {
		await expectRefused(
			edit(),
			[{ binary: { data: png(PHOTO), mask: png(makePng(256, 256), 'mask.png') } }],
			'Mask (binary field "mask") is 256x256 pixels, but "Image" (binary field "data") is 512x512',
			'Resize "Mask" to 512x512',
		);
	});

	test('a JPEG mask for a PNG image is compared by pixels too', async () => {
		await expectRefused(
			edit(),
			[{ binary: { data: png(PHOTO), mask: { data: makeJpeg(512, 511), fileName: 'mask.jpg', mimeType: 'image/jpeg' } } }],
			'Mask (binary field "mask") is 512x511 pixels, but "Image" (binary field "data") is 512x512',
		);
	});

	test('a character mask of another size than its reference', async () => {
		await expectRefused(
			{ operation: 'generate', prompt: 'x', referenceImages: { characterReferenceImages: 'face', characterReferenceImagesMask: 'faceMask' } },
			[{ binary: { face: png(makePng(300, 400), 'face.png'), faceMask: png(makePng(400, 300), 'm.png') } }],
			'Reference Images → Character Reference Mask (binary field "faceMask") is 400x300 pixels, but "Character Reference Image" (binary field "face") is 300x400',
		);
	});
});

describe('counts', () => {
	test('more character references than Ideogram takes', async () => {
		await expectRefused(
			{ operation: 'remix', prompt: 'x', image: 'data', referenceImages: { characterReferenceImages: 'face, face2' } },
			[{ binary: { data: png(PHOTO), face: png(makePng(64, 64)), face2: png(makePng(64, 64, { seed: 2 })) } }],
			'Reference Images → Character Reference Image names 2 files, but Ideogram takes at most 1 here',
			'Keep one field name in "Character Reference Image"',
		);
	});

	test('a character mask without a character reference', async () => {
		await expectRefused(
			{ operation: 'generate', prompt: 'x', referenceImages: { characterReferenceImagesMask: 'faceMask' } },
			[{ binary: { faceMask: png(makePng(64, 64)) } }],
			'Reference Images → Character Reference Mask has 1 file but "Character Reference Image" has 0',
			'give both the same number of files',
		);
	});

	test('more than 10 images for Edit With Prompt', async () => {
		const binary = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`img${i}`, png(makePng(32, 32, { seed: i }))]));
		await expectRefused(
			{ operation: 'editWithPrompt', prompt: 'x', images: Object.keys(binary).join(',') },
			[{ binary }],
			'Images names 11 files, but Ideogram takes at most 10 here',
		);
	});

	test('Edit With Prompt with neither images nor links', async () => {
		await expectRefused(
			{ operation: 'editWithPrompt', prompt: 'x', images: '' },
			[{ json: {} }],
			'Images is empty and no Ideogram Image URLs are set',
			'Additional Fields → Ideogram Image URLs',
		);
	});
});

describe('fields', () => {
	test('Reframe without a resolution', async () => {
		await expectRefused(
			{ operation: 'reframe', resolution: '={{ $json.size }}', image: 'data' },
			[{ json: {}, binary: { data: png(PHOTO) } }],
			'Resolution is required but empty',
		);
	});

	test('style reference images with style codes', async () => {
		await expectRefused(
			{ operation: 'generate', prompt: 'x', referenceImages: { styleReferenceImages: 'data' }, additionalFields: { styleCodes: 'AAFF5733' } },
			[{ binary: { data: png(PHOTO) } }],
			'Reference Images → Style Reference Images cannot be combined with "Style Codes"',
		);
	});

	test('Generate Transparent refuses the Flash speed', async () => {
		await expectRefused(
			{ operation: 'generateTransparent', prompt: 'x', additionalFields: { renderingSpeed: 'FLASH' } },
			undefined,
			'Additional Fields → Rendering Speed "FLASH" is not available for transparent images (use TURBO, DEFAULT, QUALITY)',
		);
	});

	test('Edit With Prompt: links that are not http(s)', async () => {
		await expectRefused(
			{ operation: 'editWithPrompt', prompt: 'x', images: '', additionalFields: { imageUrls: 'ideogram.ai/a.png' } },
			undefined,
			'Additional Fields → Ideogram Image URLs "ideogram.ai/a.png" is not an http(s) link',
		);
	});
});

describe('links', () => {
	test('only http and https', async () => {
		await expectRefused(
			{ operation: 'remix', prompt: 'x', image: 'ftp://files.example.com/a.png' },
			undefined,
			'Image has a ftp link; only http and https links can be downloaded',
		);
	});

	test('a link that cannot be downloaded: no request to Ideogram', async () => {
		await expectRefused(
			edit({ image: `${stub.imageOrigin}/images/gone.png?exp=1&sig=secret`, mask: 'mask' }),
			[{ binary: { mask: png(PHOTO) } }],
			`Image could not be downloaded from ${stub.imageOrigin}/images/gone.png: the image host answered HTTP 404 (the link may have expired)`,
			'Check that the link is public, still valid',
		);
		expect(stub.downloads).toHaveLength(1);
	});

	test('a linked file over 10 MB is cut off while downloading, before anything is sent', async () => {
		// Noise only pads a PNG up to its raw pixel size, so it needs enough pixels for 11 MB.
		const big = makePng(2048, 2048, { noiseBytes: 11 * 1024 * 1024 });
		const server = await serveOnce(big);
		try {
			await expectRefused(
				edit({ image: server.url, mask: 'mask' }),
				[{ binary: { mask: png(PHOTO) } }],
				`Image could not be downloaded from ${server.url}: it is 11 MB, over the 10 MB cap`,
				'at most 10 MB',
			);
		} finally {
			await server.close();
		}
	});
});

describe('Continue On Fail', () => {
	test('the bad item becomes an error item paired to it; the others go through', async () => {
		const result = await runIdeogram({
			parameters: { resource: 'image', operation: 'removeBackground', image: 'data' },
			items: [{ binary: { data: png(PHOTO) } }, { binary: { other: png(PHOTO) } }, { binary: { data: png(makePng(100, 100)) } }],
			credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl },
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		const byItem = result.output!.map((i) => [(i.pairedItem as { item: number }).item, i.json.error ?? 'ok']);
		expect(byItem.sort()).toEqual([
			[0, 'ok'],
			[1, 'Image names the binary field "data", but this item has no such field'],
			[2, 'ok'],
		]);
		expect(stub.requests).toHaveLength(2);
	});
});
