import { describeFileType, imageInfo, sniffImageType } from '../../../nodes/Ideogram/input/imageInfo';
import { imageSize as stubImageSize } from '../../stub/png';
import { makeJpeg, makePng, makeWebp } from '../../support/images';

describe('imageInfo', () => {
	test.each([
		[1, 1],
		[1024, 1024],
		[1536, 640],
		[640, 1536],
	])('PNG %ix%i', (w, h) => {
		expect(imageInfo(makePng(w, h))).toEqual({ type: 'png', mimeType: 'image/png', extension: 'png', width: w, height: h });
	});

	test('PNG with alpha', () => {
		expect(imageInfo(makePng(300, 200, { alpha: true }))).toMatchObject({ width: 300, height: 200 });
	});

	test.each([
		['plain', {}],
		['with an APP1 segment full of 0xC0 bytes', { exifBytes: 300 }],
		['with a fill byte before the frame header', { fillBytes: true }],
	])('JPEG %s', (_name, opts) => {
		expect(imageInfo(makeJpeg(1280, 720, opts))).toEqual({ type: 'jpeg', mimeType: 'image/jpeg', extension: 'jpg', width: 1280, height: 720 });
	});

	test.each(['VP8 ', 'VP8L', 'VP8X'] as const)('WebP %s', (kind) => {
		expect(imageInfo(makeWebp(800, 600, kind))).toEqual({ type: 'webp', mimeType: 'image/webp', extension: 'webp', width: 800, height: 600 });
	});

	test('agrees with the stub on every fixture', () => {
		const fixtures = [makePng(17, 33), makeJpeg(640, 480, { exifBytes: 40 }), makeWebp(9, 7, 'VP8L'), makeWebp(2048, 1024, 'VP8X'), makeWebp(320, 240, 'VP8 ')];
		for (const f of fixtures) {
			const info = imageInfo(f)!;
			expect({ width: info.width, height: info.height }).toEqual(stubImageSize(f));
		}
	});

	test('cut-short headers give no size', () => {
		expect(imageInfo(makePng(10, 10).subarray(0, 20))).toBeUndefined();
		expect(imageInfo(makeJpeg(10, 10).subarray(0, 22))).toBeUndefined();
		expect(imageInfo(makeWebp(10, 10, 'VP8X').subarray(0, 26))).toBeUndefined();
		expect(sniffImageType(makePng(10, 10).subarray(0, 20))).toBe('png');
	});

	test('a JPEG whose scan starts before any frame header has no size', () => {
		expect(imageInfo(Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, 0xff, 0xd9]))).toBeUndefined();
	});

	test('the name does not matter, only the bytes', () => {
		expect(imageInfo(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'))).toBeUndefined();
	});
});

describe('describeFileType', () => {
	test.each([
		[Buffer.from('GIF89a....', 'latin1'), 'a GIF image'],
		[Buffer.from('%PDF-1.7\n', 'latin1'), 'a PDF document'],
		[Buffer.from('BM6\x00\x00\x00', 'latin1'), 'a BMP image'],
		[Buffer.from('II*\x00\x08\x00', 'latin1'), 'a TIFF image'],
		[Buffer.from('\x00\x00\x00\x18ftypheic\x00\x00', 'latin1'), 'a HEIC/HEIF image'],
		[Buffer.from('\x00\x00\x00\x18ftypavif\x00\x00', 'latin1'), 'an AVIF image'],
		[Buffer.from('  <svg xmlns="http://www.w3.org/2000/svg"/>'), 'an SVG image'],
		[Buffer.from('<!DOCTYPE html><html></html>'), 'an HTML page'],
		[Buffer.from('{"error":"nope"}'), 'JSON text'],
		[Buffer.alloc(0), 'an empty file'],
		[makePng(10, 10).subarray(0, 12), 'a PNG file whose header is damaged or cut short'],
		[Buffer.from([1, 2, 3, 4, 5]), 'not a recognised image format'],
	])('%#: %s', (buf, expected) => {
		expect(describeFileType(buf)).toBe(expected);
	});
});
