/**
 * Audio fixtures for tests: a WAV with a real header and silent samples, and MP3s made of an ID3
 * tag and MPEG layer III frames (silence) of a chosen length, constant or variable bitrate, with a
 * Xing/Info or VBRI header; enough for the node's and the stub's sniffers and duration reader.
 */

/** 16-bit mono PCM at 8 kHz: `seconds` of silence (to the nearest sample). */
export function makeWav(seconds: number): Buffer {
	const rate = 8000;
	const data = Buffer.alloc(Math.round(rate * seconds) * 2);
	const header = Buffer.alloc(44);
	header.write('RIFF', 0, 'latin1');
	header.writeUInt32LE(36 + data.length, 4);
	header.write('WAVEfmt ', 8, 'latin1');
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(1, 20); // PCM
	header.writeUInt16LE(1, 22); // mono
	header.writeUInt32LE(rate, 24);
	header.writeUInt32LE(rate * 2, 28);
	header.writeUInt16LE(2, 32);
	header.writeUInt16LE(16, 34);
	header.write('data', 36, 'latin1');
	header.writeUInt32LE(data.length, 40);
	return Buffer.concat([header, data]);
}

/** An ID3v2.4 tag with `padding` zero bytes, then `frames` MPEG-1 layer III frames of 128 kbit/s at 44.1 kHz. */
export function makeMp3(frames = 4, padding = 0): Buffer {
	const tag = Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0, 0, 0, 0]);
	tag[9] = padding & 0x7f;
	tag[8] = (padding >> 7) & 0x7f;
	const frame = Buffer.alloc(417);
	frame.set([0xff, 0xfb, 0x90, 0x64]);
	return Buffer.concat([tag, Buffer.alloc(padding), ...Array.from({ length: frames }, () => frame)]);
}

/** MPEG versions as the header's two version bits write them. */
const VERSION_BITS = { 1: 0b11, 2: 0b10, 2.5: 0b00 } as const;
const BITRATES = {
	1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
	2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const RATES = { 1: [44100, 48000, 32000], 2: [22050, 24000, 16000], 2.5: [11025, 12000, 8000] };

export interface Mp3Frame {
	version?: 1 | 2 | 2.5;
	sampleRate?: number;
	kbps?: number;
	/** The padding bit: one byte more. */
	padding?: boolean;
	mono?: boolean;
}

/** Samples in one layer III frame of this version. */
export const samplesPerFrame = (version: 1 | 2 | 2.5 = 1) => (version === 1 ? 1152 : 576);

/** One layer III frame of silence: a header as the standard writes it, then zeros to the frame's length. */
export function mp3Frame({ version = 1, sampleRate = 44100, kbps = 128, padding = false, mono = false }: Mp3Frame = {}): Buffer {
	const bitrateIndex = BITRATES[version === 1 ? 1 : 2].indexOf(kbps);
	const rateIndex = RATES[version].indexOf(sampleRate);
	if (bitrateIndex < 1 || rateIndex < 0) throw new Error(`no MPEG-${version} layer III frame at ${kbps} kbit/s, ${sampleRate} Hz`);
	const length = Math.floor(((samplesPerFrame(version) / 8) * kbps * 1000) / sampleRate) + (padding ? 1 : 0);
	const frame = Buffer.alloc(length);
	// Sync, version, layer III (01), no CRC; bitrate, rate, padding; channel mode (11 mono, 01 joint stereo).
	frame[0] = 0xff;
	frame[1] = 0xe0 | (VERSION_BITS[version] << 3) | (0b01 << 1) | 1;
	frame[2] = (bitrateIndex << 4) | (rateIndex << 2) | ((padding ? 1 : 0) << 1);
	frame[3] = mono ? 0xc4 : 0x44;
	return frame;
}

export interface Mp3Options extends Omit<Mp3Frame, 'kbps' | 'padding'> {
	/** Audio frames; or `seconds`, rounded to whole frames. */
	frames?: number;
	seconds?: number;
	/** Bitrates the frames cycle through (VBR); [128] by default. */
	kbps?: number[];
	/** Set the padding bit on every other frame, as CBR encoders do to keep the byte rate. */
	padEveryOther?: boolean;
	/** An ID3v2.4 tag first, with this many zero bytes inside it; none when undefined. */
	id3?: number;
	/** A first frame holding a Xing (VBR) or Info (CBR) header with the audio frames' count, or a VBRI header. */
	header?: 'Xing' | 'Info' | 'VBRI';
	/** Bytes after the last frame (an ID3v1 tag, or garbage). */
	trailer?: Buffer;
}

/** An MP3 of `frames` (or `seconds`) of silence; its length is frames × samples per frame / rate. */
export function makeMp3Of(options: Mp3Options): Buffer {
	const { version = 1, sampleRate = 44100, mono = false, kbps = [128] } = options;
	const count = options.frames ?? Math.round(((options.seconds ?? 0) * sampleRate) / samplesPerFrame(version));
	const frames = Array.from({ length: count }, (_, i) =>
		mp3Frame({ version, sampleRate, mono, kbps: kbps[i % kbps.length], padding: options.padEveryOther === true && i % 2 === 1 }),
	);
	const parts: Buffer[] = [];
	if (options.id3 !== undefined) {
		const tag = Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0, 0, 0, 0]);
		tag[9] = options.id3 & 0x7f;
		tag[8] = (options.id3 >> 7) & 0x7f;
		parts.push(tag, Buffer.alloc(options.id3));
	}
	if (options.header) {
		// The header frame holds no audio; it has the stream's format, at its largest bitrate so the header fits.
		const info = mp3Frame({ version, sampleRate, mono, kbps: Math.max(...kbps) });
		if (options.header === 'VBRI') {
			info.write('VBRI', 36, 'latin1');
			info.writeUInt16BE(1, 40); // version
			info.writeUInt32BE(frames.reduce((n, f) => n + f.length, 0), 46); // bytes
			info.writeUInt32BE(count, 50); // frames
		} else {
			const sideInfo = version === 1 ? (mono ? 17 : 32) : mono ? 9 : 17;
			info.write(options.header, 4 + sideInfo, 'latin1');
			info.writeUInt32BE(0x01, 8 + sideInfo); // flags: the frame count follows
			info.writeUInt32BE(count, 12 + sideInfo);
		}
		parts.push(info);
	}
	return Buffer.concat([...parts, ...frames, options.trailer ?? Buffer.alloc(0)]);
}
