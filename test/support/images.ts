/**
 * Image fixtures for tests: real PNGs from the stub's encoder, and JPEG / WebP files that are only
 * valid headers (enough for our header reader and the stub, which read nothing past the header).
 */
import { createHash } from 'crypto';
import { deflateSync } from 'zlib';

export { makePng } from '../stub/png';

export const sha256 = (buf: Buffer) => createHash('sha256').update(buf).digest('hex');

/** SOI, a JFIF APP0 segment, a baseline frame header (SOF0) with the size, EOI. */
export function makeJpeg(width: number, height: number, opts: { exifBytes?: number; fillBytes?: boolean } = {}): Buffer {
	const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
	const segments = [Buffer.from([0xff, 0xd8]), app0];
	if (opts.exifBytes) {
		// An APP1 segment whose payload contains bytes that look like a frame header.
		const payload = Buffer.alloc(opts.exifBytes, 0xc0);
		const head = Buffer.from([0xff, 0xe1, 0, 0]);
		head.writeUInt16BE(payload.length + 2, 2);
		segments.push(head, payload);
	}
	if (opts.fillBytes) segments.push(Buffer.from([0xff, 0xff]).subarray(0, 1));
	const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, 0, 0, 0, 0, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
	sof.writeUInt16BE(height, 5);
	sof.writeUInt16BE(width, 7);
	segments.push(sof, Buffer.from([0xff, 0xd9]));
	return Buffer.concat(segments);
}

function riff(chunkType: string, payload: Buffer): Buffer {
	const chunk = Buffer.alloc(8);
	chunk.write(chunkType, 0, 'latin1');
	chunk.writeUInt32LE(payload.length, 4);
	const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), chunk, payload]);
	const head = Buffer.alloc(8);
	head.write('RIFF', 0, 'latin1');
	head.writeUInt32LE(body.length, 4);
	return Buffer.concat([head, body]);
}

/** A WebP header of the given kind: lossy (VP8), lossless (VP8L) or extended (VP8X). */
export function makeWebp(width: number, height: number, kind: 'VP8 ' | 'VP8L' | 'VP8X' = 'VP8X'): Buffer {
	if (kind === 'VP8 ') {
		const p = Buffer.alloc(10);
		p.set([0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a]);
		p.writeUInt16LE(width & 0x3fff, 6);
		p.writeUInt16LE(height & 0x3fff, 8);
		return riff(kind, p);
	}
	if (kind === 'VP8L') {
		// Real files carry the bitstream after these 5 bytes; 16 keeps the file a plausible length.
		const p = Buffer.alloc(16);
		p[0] = 0x2f;
		p.writeUInt32LE(((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14), 1);
		return riff(kind, p);
	}
	const p = Buffer.alloc(10);
	p.writeUIntLE(width - 1, 4, 3);
	p.writeUIntLE(height - 1, 7, 3);
	return riff(kind, p);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});
const crc32 = (buf: Buffer) => {
	let c = 0xffffffff;
	for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
};
function pngChunk(type: string, data: Buffer): Buffer {
	const out = Buffer.alloc(12 + data.length);
	out.writeUInt32BE(data.length, 0);
	out.write(type, 4, 'latin1');
	data.copy(out, 8);
	out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
	return out;
}

/**
 * An inpainting mask as Ideogram wants it: an 8-bit grayscale PNG, white (keep) with a black
 * rectangle (regenerate) at [x, y, width, height].
 */
export function makeMask(width: number, height: number, black: [number, number, number, number]): Buffer {
	const [bx, by, bw, bh] = black;
	const rows: Buffer[] = [];
	for (let y = 0; y < height; y++) {
		const row = Buffer.alloc(1 + width, 0xff);
		row[0] = 0; // filter: none
		if (y >= by && y < by + bh) row.fill(0x00, 1 + bx, 1 + Math.min(width, bx + bw));
		rows.push(row);
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 0; // grayscale
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', ihdr),
		pngChunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}
