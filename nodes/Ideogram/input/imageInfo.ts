/**
 * What kind of file a buffer holds and, for the three formats Ideogram takes, its pixel size: read
 * from the bytes (magic numbers and headers), never from the file name or the declared MIME type,
 * which n8n sources often get wrong (application/octet-stream from HTTP Request, renamed files).
 */

export type ImageType = 'png' | 'jpeg' | 'webp';

export interface ImageInfo {
	type: ImageType;
	mimeType: `image/${ImageType}`;
	extension: 'png' | 'jpg' | 'webp';
	width: number;
	height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const ascii = (buf: Buffer, start: number, end: number) =>
	buf.length >= end ? buf.toString('latin1', start, end) : '';

/** PNG, JPEG or WebP by magic bytes; undefined for anything else. */
export function sniffImageType(buf: Buffer): ImageType | undefined {
	if (buf.length >= 8 && buf.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
	if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
	if (ascii(buf, 0, 4) === 'RIFF' && ascii(buf, 8, 12) === 'WEBP') return 'webp';
	return undefined;
}

type Size = { width: number; height: number };

function pngSize(buf: Buffer): Size | undefined {
	// The IHDR chunk must come first: length (4), "IHDR", width, height.
	if (buf.length < 24 || ascii(buf, 12, 16) !== 'IHDR') return undefined;
	return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

function jpegSize(buf: Buffer): Size | undefined {
	let i = 2;
	while (i + 4 <= buf.length) {
		if (buf[i] !== 0xff) return undefined;
		const marker = buf[i + 1];
		if (marker === 0xff) {
			i++; // fill byte before a marker
			continue;
		}
		// Markers without a length: TEM and the restart markers.
		if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			i += 2;
			continue;
		}
		// End of image or start of scan before any frame header: no size to be had.
		if (marker === 0xd9 || marker === 0xda) return undefined;
		const length = buf.readUInt16BE(i + 2);
		// SOF0–SOF15 carry the size, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
		if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
			if (i + 9 > buf.length) return undefined;
			return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
		}
		if (length < 2) return undefined;
		i += 2 + length;
	}
	return undefined;
}

function webpSize(buf: Buffer): Size | undefined {
	switch (ascii(buf, 12, 16)) {
		case 'VP8 ':
			// Lossy: 3-byte frame tag, start code 9d 01 2a, then 14-bit width and height.
			if (buf.length < 30 || buf[23] !== 0x9d || buf[24] !== 0x01 || buf[25] !== 0x2a) return undefined;
			return { width: buf.readUInt16LE(26) & 0x3fff, height: buf.readUInt16LE(28) & 0x3fff };
		case 'VP8L': {
			// Lossless: signature 0x2f, then width-1 and height-1 in 14 bits each.
			if (buf.length < 25 || buf[20] !== 0x2f) return undefined;
			const bits = buf.readUInt32LE(21);
			return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
		}
		case 'VP8X':
			// Extended (alpha, animation): canvas width-1 and height-1 in 24 bits each.
			if (buf.length < 30) return undefined;
			return { width: buf.readUIntLE(24, 3) + 1, height: buf.readUIntLE(27, 3) + 1 };
		default:
			return undefined;
	}
}

const SIZE_READERS: Record<ImageType, (buf: Buffer) => Size | undefined> = {
	png: pngSize,
	jpeg: jpegSize,
	webp: webpSize,
};
export const TYPE_NAMES: Record<ImageType, string> = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP' };
const EXTENSIONS: Record<ImageType, ImageInfo['extension']> = { png: 'png', jpeg: 'jpg', webp: 'webp' };

/**
 * Type and pixel size of a PNG, JPEG or WebP file. Undefined when the bytes are another format, or
 * one of these three with a header that is cut short or damaged.
 */
export function imageInfo(buf: Buffer): ImageInfo | undefined {
	const type = sniffImageType(buf);
	if (!type) return undefined;
	const size = SIZE_READERS[type](buf);
	if (!size || size.width < 1 || size.height < 1) return undefined;
	return { type, mimeType: `image/${type}`, extension: EXTENSIONS[type], ...size };
}

/** What a file that is not PNG/JPEG/WebP seems to be, for error messages ("a GIF image"). */
export function describeFileType(buf: Buffer): string {
	if (buf.length === 0) return 'an empty file';
	const head = ascii(buf, 0, Math.min(buf.length, 16));
	if (head.startsWith('GIF8')) return 'a GIF image';
	if (head.startsWith('BM')) return 'a BMP image';
	if (head.startsWith('II*\0') || head.startsWith('MM\0*')) return 'a TIFF image';
	if (head.startsWith('%PDF')) return 'a PDF document';
	if (head.startsWith('PK\x03\x04')) return 'a ZIP archive (or an Office document)';
	if (ascii(buf, 4, 8) === 'ftyp') {
		const brand = ascii(buf, 8, 12);
		if (['heic', 'heix', 'hevc', 'mif1', 'msf1'].includes(brand)) return 'a HEIC/HEIF image';
		if (brand === 'avif' || brand === 'avis') return 'an AVIF image';
		return 'a video or ISO media file';
	}
	if (ascii(buf, 0, 4) === 'RIFF') return 'a RIFF file that is not WebP';
	const text = buf.subarray(0, 512).toString('utf8').trimStart().toLowerCase();
	if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) return 'an SVG image';
	if (text.startsWith('<!doctype html') || text.startsWith('<html')) return 'an HTML page';
	if (text.startsWith('{') || text.startsWith('[')) return 'JSON text';
	const type = sniffImageType(buf);
	if (type) return `a ${TYPE_NAMES[type]} file whose header is damaged or cut short`;
	return 'not a recognised image format';
}
