import { constants as zlibConstants, deflateSync } from 'zlib';

export interface MakePngOptions {
	/** Chooses the colours of the deterministic pattern. */
	seed?: number;
	/** RGBA with a transparent border (a cut-out subject) instead of opaque RGB. */
	alpha?: boolean;
	/** Pads the file to roughly this many bytes with incompressible pixel rows. */
	noiseBytes?: number;
}

export type SniffedImageType = 'image/png' | 'image/jpeg' | 'image/webp';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// Own CRC-32 table: zlib.crc32 only exists from Node 20.15.
const CRC_TABLE = (() => {
	const t = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		t[n] = c >>> 0;
	}
	return t;
})();

function crc32(buf: Buffer): number {
	let c = 0xffffffff;
	for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

/** Small deterministic PRNG (mulberry32), so the same seed always gives the same bytes. */
function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return (t ^ (t >>> 14)) >>> 0;
	};
}

function chunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'ascii');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
	return Buffer.concat([head, data, crc]);
}

/**
 * Encodes a real PNG of width x height pixels. The picture is a few colour bands chosen by the seed;
 * identical rows within a band keep the file tiny even at 2048 px unless noiseBytes asks for bulk.
 */
export function makePng(width: number, height: number, opts: MakePngOptions = {}): Buffer {
	if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
		throw new Error(`makePng: invalid size ${width}x${height}`);
	}
	const channels = opts.alpha ? 4 : 3;
	const rowLen = 1 + width * channels; // filter byte + pixels
	const raw = Buffer.alloc(rowLen * height);
	const rnd = prng(opts.seed ?? 1);
	const bands = 4;
	const palette: number[][] = [];
	for (let i = 0; i < bands * 2; i++) {
		const v = rnd();
		palette.push([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff]);
	}
	// Template rows: one per band, plus a variant with transparent edges. A row equal to the one
	// above is written with PNG filter "Up" as zeros, which deflates to almost nothing.
	const stripe = Math.max(1, Math.floor(width / 8));
	const mx = Math.floor(width / 8);
	const my = Math.floor(height / 8);
	const makeRow = (band: number, transparentRow: boolean): Buffer => {
		const row = Buffer.alloc(rowLen);
		for (let x = 0; x < width; x++) {
			const c = palette[band * 2 + (Math.floor(x / stripe) % 2)];
			const o = 1 + x * channels;
			row[o] = c[0];
			row[o + 1] = c[1];
			row[o + 2] = c[2];
			if (channels === 4) row[o + 3] = transparentRow || x < mx || x >= width - mx ? 0 : 255;
		}
		return row;
	};
	const bandHeight = Math.max(1, Math.ceil(height / bands));
	let previous = '';
	for (let y = 0; y < height; y++) {
		const band = Math.min(bands - 1, Math.floor(y / bandHeight));
		const edge = channels === 4 && (y < my || y >= height - my);
		const key = `${band}:${edge}`;
		if (key === previous) {
			raw[y * rowLen] = 2; // Up filter, rest of the row stays zero
		} else {
			makeRow(band, edge).copy(raw, y * rowLen);
			previous = key;
		}
	}
	const noise = Math.max(0, Math.floor(opts.noiseBytes ?? 0));
	if (noise > 0) {
		const noiseRows = Math.min(height, Math.ceil(noise / (rowLen - 1)));
		// The first pattern row after the noise cannot refer to the row above any more.
		if (noiseRows < height && raw[noiseRows * rowLen] === 2) {
			const y = noiseRows;
			const band = Math.min(bands - 1, Math.floor(y / bandHeight));
			makeRow(band, channels === 4 && (y < my || y >= height - my)).copy(raw, y * rowLen);
		}
		const noiseRnd = prng((opts.seed ?? 1) ^ 0x5bd1e995);
		for (let y = 0; y < noiseRows; y++) {
			const base = y * rowLen;
			raw[base] = 0;
			for (let i = 1; i < rowLen; i += 4) {
				const v = noiseRnd();
				raw[base + i] = v & 0xff;
				if (i + 1 < rowLen) raw[base + i + 1] = (v >>> 8) & 0xff;
				if (i + 2 < rowLen) raw[base + i + 2] = (v >>> 16) & 0xff;
				if (i + 3 < rowLen) raw[base + i + 3] = (v >>> 24) & 0xff;
			}
		}
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = opts.alpha ? 6 : 2; // RGBA : RGB
	ihdr[10] = 0;
	ihdr[11] = 0;
	ihdr[12] = 0;
	// RLE suits the zero rows of the Up filter and is several times faster than the default strategy.
	const idat = deflateSync(raw, { level: 1, strategy: zlibConstants.Z_RLE });
	return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

/** Image type by magic bytes (PNG, JPEG, WebP only: what Ideogram accepts). */
export function sniffImageType(buf: Buffer): SniffedImageType | undefined {
	if (buf.length >= 8 && buf.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
	if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
	if (
		buf.length >= 12 &&
		buf.toString('ascii', 0, 4) === 'RIFF' &&
		buf.toString('ascii', 8, 12) === 'WEBP'
	) {
		return 'image/webp';
	}
	return undefined;
}

function jpegSize(buf: Buffer): { width: number; height: number } | undefined {
	let i = 2;
	while (i + 4 <= buf.length) {
		if (buf[i] !== 0xff) return undefined;
		let marker = buf[i + 1];
		while (marker === 0xff && i + 2 < buf.length) {
			i++; // fill bytes
			marker = buf[i + 1];
		}
		if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			i += 2;
			continue;
		}
		if (marker === 0xd9 || marker === 0xda) return undefined; // end / start of scan before any SOF
		const len = buf.readUInt16BE(i + 2);
		const isSof =
			marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
		if (isSof) {
			if (i + 9 > buf.length) return undefined;
			return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
		}
		i += 2 + len;
	}
	return undefined;
}

function webpSize(buf: Buffer): { width: number; height: number } | undefined {
	if (buf.length < 30) return undefined;
	const kind = buf.toString('ascii', 12, 16);
	if (kind === 'VP8 ') {
		// Frame tag (3 bytes) + start code 9d 01 2a, then 14-bit width/height.
		if (buf[23] !== 0x9d || buf[24] !== 0x01 || buf[25] !== 0x2a) return undefined;
		return { width: buf.readUInt16LE(26) & 0x3fff, height: buf.readUInt16LE(28) & 0x3fff };
	}
	if (kind === 'VP8L') {
		if (buf[20] !== 0x2f) return undefined;
		const bits = buf.readUInt32LE(21);
		return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
	}
	if (kind === 'VP8X') {
		return { width: buf.readUIntLE(24, 3) + 1, height: buf.readUIntLE(27, 3) + 1 };
	}
	return undefined;
}

/** Pixel size from a PNG, JPEG or WebP header; undefined when the bytes are none of these or cut short. */
export function imageSize(buf: Buffer): { width: number; height: number } | undefined {
	const type = sniffImageType(buf);
	if (type === 'image/png') {
		if (buf.length < 24 || buf.toString('ascii', 12, 16) !== 'IHDR') return undefined;
		return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
	}
	if (type === 'image/jpeg') return jpegSize(buf);
	if (type === 'image/webp') return webpSize(buf);
	return undefined;
}
