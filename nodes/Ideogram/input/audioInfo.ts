/**
 * What kind of audio a buffer holds, for the video endpoints' audio references (MP3 or WAV): read
 * from the bytes, never from the file name or the declared MIME type, as images are (imageInfo.ts).
 */
import { describeFileType, imageInfo, TYPE_NAMES } from './imageInfo';

export interface AudioInfo {
	type: 'mp3' | 'wav';
	mimeType: 'audio/mpeg' | 'audio/wav';
	extension: 'mp3' | 'wav';
}

const ascii = (buf: Buffer, start: number, end: number) => (buf.length >= end ? buf.toString('latin1', start, end) : '');

/**
 * An MPEG audio frame header: 11 sync bits, then a version other than "reserved" (01), layer III
 * (01 in bits 2–1), a bitrate index other than "bad" (1111) and a sample rate other than
 * "reserved" (11). Enough to tell an MP3 from text or an image that starts with 0xFF.
 */
function mpegFrame(buf: Buffer, at: number): boolean {
	if (buf.length < at + 4 || buf[at] !== 0xff || (buf[at + 1] & 0xe0) !== 0xe0) return false;
	const version = (buf[at + 1] >> 3) & 0x03;
	const layer = (buf[at + 1] >> 1) & 0x03;
	const bitrate = (buf[at + 2] >> 4) & 0x0f;
	const rate = (buf[at + 2] >> 2) & 0x03;
	return version !== 0x01 && layer === 0x01 && bitrate !== 0x0f && rate !== 0x03;
}

/** The size of an ID3v2 tag at the start (10-byte header, then a 28-bit "syncsafe" size). */
function id3Length(buf: Buffer): number | undefined {
	if (ascii(buf, 0, 3) !== 'ID3' || buf.length < 10) return undefined;
	const size = ((buf[6] & 0x7f) << 21) | ((buf[7] & 0x7f) << 14) | ((buf[8] & 0x7f) << 7) | (buf[9] & 0x7f);
	const footer = buf[5] & 0x10 ? 10 : 0;
	return 10 + size + footer;
}

/** Encoders may pad between the tag and the first frame; this much is searched for it. */
const PADDING_SEARCHED = 4096;

/** MP3 (an ID3 tag then an MPEG layer III frame, or a frame first) or WAV (RIFF…WAVE); undefined for anything else. */
export function audioInfo(buf: Buffer): AudioInfo | undefined {
	if (ascii(buf, 0, 4) === 'RIFF' && ascii(buf, 8, 12) === 'WAVE') return { type: 'wav', mimeType: 'audio/wav', extension: 'wav' };
	const tag = id3Length(buf) ?? 0;
	for (let at = tag; at < Math.min(buf.length, tag + PADDING_SEARCHED); at++) {
		if (mpegFrame(buf, at)) return { type: 'mp3', mimeType: 'audio/mpeg', extension: 'mp3' };
		// Without a tag the frame must come first: a stray 0xFF later in text or an image is no MP3.
		if (!tag) break;
	}
	return undefined;
}

/** What a file that is not MP3 or WAV seems to be, for error messages ("an Ogg audio file"). */
export function describeAudioFile(buf: Buffer): string {
	const head = ascii(buf, 0, 4);
	if (head === 'OggS') return 'an Ogg audio file';
	if (head === 'fLaC') return 'a FLAC audio file';
	if (ascii(buf, 4, 8) === 'ftyp' && ['M4A ', 'M4B '].includes(ascii(buf, 8, 12))) return 'an M4A (AAC) audio file';
	if (ascii(buf, 0, 3) === 'ID3') return 'an MP3 tag without audio after it';
	const image = imageInfo(buf);
	if (image) return `a ${TYPE_NAMES[image.type]} image`;
	const what = describeFileType(buf);
	return what === 'not a recognised image format' ? 'not a recognised audio format' : what;
}

// ------------------------------------------------------------------------------------------------
// Duration, for the audio references' length limits (resources/video/models.ts)

/**
 * How long an MP3 or WAV plays, in seconds, read from its bytes; undefined when it cannot be read
 * exactly (a truncated file, bytes that are no frame or chunk, a free-format MP3, a WAV whose size
 * was never filled in).
 *
 * Undefined is "unknown", never a guess: the caller then sends the file and lets Ideogram judge.
 * The bytes already passed the MP3/WAV check, and a file this reader cannot follow may still be
 * one Ideogram plays (a stream cut off mid-frame, a tag this reader does not know), so refusing it
 * here could stop a request Ideogram would have taken; a wrong guess could do the same.
 */
export function audioDuration(buf: Buffer): number | undefined {
	const info = audioInfo(buf);
	if (info?.type === 'wav') return wavDuration(buf);
	if (info?.type === 'mp3') return mp3Duration(buf);
	return undefined;
}

/** Placeholder sizes a streaming writer leaves when it cannot seek back (ffmpeg to a pipe, say). */
const UNKNOWN_SIZE = 0xffffffff;

/**
 * A WAV's length from its chunks, walked in order (a `LIST`, `fact` or `JUNK` chunk may come
 * anywhere): the `data` chunk's size over the `fmt ` chunk's byte rate, or, for a compressed
 * format, the `fact` chunk's sample count over the sample rate, as players read it.
 */
function wavDuration(buf: Buffer): number | undefined {
	let byteRate: number | undefined;
	let sampleRate: number | undefined;
	let compressed = false;
	let factSamples: number | undefined;
	let dataSize: number | undefined;
	for (let at = 12; at + 8 <= buf.length; ) {
		const id = ascii(buf, at, at + 4);
		const size = buf.readUInt32LE(at + 4);
		const body = at + 8;
		if (id === 'data') {
			// Cut off, or never filled in: the length is not in the header.
			if (size === UNKNOWN_SIZE || body + size > buf.length || (size === 0 && buf.length > body)) return undefined;
			dataSize = size;
			break;
		}
		if (body + size > buf.length) return undefined;
		if (id === 'fmt ' && size >= 16) {
			const format = buf.readUInt16LE(body);
			sampleRate = buf.readUInt32LE(body + 4);
			byteRate = buf.readUInt32LE(body + 8);
			// PCM, IEEE float and WAVE_FORMAT_EXTENSIBLE (whose sub-format is almost always PCM) are uncompressed.
			compressed = ![0x0001, 0x0003, 0xfffe].includes(format);
		}
		if (id === 'fact' && size >= 4) factSamples = buf.readUInt32LE(body);
		// Chunks are padded to an even length.
		at = body + size + (size % 2);
	}
	if (dataSize === undefined || !byteRate) return undefined;
	if (compressed && factSamples !== undefined && sampleRate) return factSamples / sampleRate;
	return dataSize / byteRate;
}

/** Layer III bitrates in kbit/s by index (0 is "free format"), for MPEG-1 and for MPEG-2 and 2.5. */
const BITRATES_MPEG1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_MPEG2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
/** Sample rates by index, by version bits (00 MPEG-2.5, 10 MPEG-2, 11 MPEG-1). */
const SAMPLE_RATES: Record<number, readonly number[]> = { 0: [11025, 12000, 8000], 2: [22050, 24000, 16000], 3: [44100, 48000, 32000] };

interface MpegHeader {
	version: number;
	sampleRate: number;
	/** Samples per frame: 1152 for MPEG-1 layer III, 576 for MPEG-2 and 2.5. */
	samples: number;
	/** The whole frame in bytes, header included. */
	length: number;
	mono: boolean;
}

/** A layer III frame header at `at`, with its length; undefined for anything else, or free format (no length in the header). */
function mpegHeader(buf: Buffer, at: number): MpegHeader | undefined {
	if (!mpegFrame(buf, at)) return undefined;
	const version = (buf[at + 1] >> 3) & 0x03;
	const kbps = (version === 3 ? BITRATES_MPEG1 : BITRATES_MPEG2)[(buf[at + 2] >> 4) & 0x0f];
	const sampleRate = SAMPLE_RATES[version][(buf[at + 2] >> 2) & 0x03];
	if (!kbps) return undefined;
	const padding = (buf[at + 2] >> 1) & 0x01;
	const samples = version === 3 ? 1152 : 576;
	// samples / 8 bytes per bit of bitrate per sample: 144 × bitrate / rate for MPEG-1, 72 × for 2 and 2.5.
	const length = Math.floor(((samples / 8) * kbps * 1000) / sampleRate) + padding;
	return { version, sampleRate, samples, length, mono: buf[at + 3] >> 6 === 0x03 };
}

/** Tags that may follow the last frame: ID3v1 (`TAG`, 128 bytes), APEv2 and Lyrics3. */
function trailingTag(buf: Buffer, at: number): boolean {
	const rest = buf.length - at;
	return (ascii(buf, at, at + 3) === 'TAG' && rest === 128) || ascii(buf, at, at + 8) === 'APETAGEX' || ascii(buf, at, at + 6) === 'LYRICS';
}

/**
 * An MP3's length: the frame count of a Xing/Info or VBRI header in the first frame when there is
 * one (VBR files carry it; that frame holds no audio), else every frame walked from the first and
 * their samples summed. Every frame must follow the one before exactly, with the stream's version
 * and sample rate, up to the end or a trailing tag; anything else makes the length unknown.
 */
function mp3Duration(buf: Buffer): number | undefined {
	const tag = id3Length(buf) ?? 0;
	let first = tag;
	while (first < Math.min(buf.length, tag + PADDING_SEARCHED) && !mpegFrame(buf, first) && tag) first++;
	const head = mpegHeader(buf, first);
	if (!head) return undefined;
	const counted = vbrFrameCount(buf, first, head);
	if (counted) return (counted * head.samples) / head.sampleRate;
	let samples = 0;
	let at = first;
	while (at < buf.length) {
		const frame = mpegHeader(buf, at);
		if (!frame) return trailingTag(buf, at) ? samples / head.sampleRate : undefined;
		if (frame.version !== head.version || frame.sampleRate !== head.sampleRate) return undefined;
		// The last frame cut off: how much of it plays is a guess.
		if (at + frame.length > buf.length) return undefined;
		samples += frame.samples;
		at += frame.length;
	}
	return samples / head.sampleRate;
}

/**
 * The audio frames a Xing/Info header (after the first frame's side information: 32 or 17 bytes
 * for MPEG-1, 17 or 9 for 2 and 2.5, stereo or mono) or a VBRI header (always 32 bytes in) counts;
 * undefined without one, or without a count.
 */
function vbrFrameCount(buf: Buffer, at: number, head: MpegHeader): number | undefined {
	const sideInfo = head.version === 3 ? (head.mono ? 17 : 32) : head.mono ? 9 : 17;
	const xing = at + 4 + sideInfo;
	const name = ascii(buf, xing, xing + 4);
	if ((name === 'Xing' || name === 'Info') && buf.length >= xing + 12) {
		const flags = buf.readUInt32BE(xing + 4);
		// Bit 0: the frame count follows the flags.
		return flags & 0x01 ? buf.readUInt32BE(xing + 8) || undefined : undefined;
	}
	const vbri = at + 4 + 32;
	if (ascii(buf, vbri, vbri + 4) === 'VBRI' && buf.length >= vbri + 18) return buf.readUInt32BE(vbri + 14) || undefined;
	return undefined;
}
