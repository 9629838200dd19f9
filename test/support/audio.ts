/**
 * Audio fixtures for tests: a WAV with a real header and silent samples, and an MP3 made of an ID3
 * tag and MPEG-1 layer III frames (silence); enough for the node's and the stub's sniffers.
 */

/** 16-bit mono PCM at 8 kHz: `seconds` of silence. */
export function makeWav(seconds: number): Buffer {
	const rate = 8000;
	const data = Buffer.alloc(rate * 2 * seconds);
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
