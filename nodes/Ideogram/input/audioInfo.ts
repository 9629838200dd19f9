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
