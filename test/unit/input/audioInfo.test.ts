/**
 * Audio references are checked by their bytes (input/audioInfo.ts): MP3 and WAV pass, whatever
 * the file is called; anything else is named in words; and their length is read from the bytes,
 * or reported unknown rather than guessed.
 */
import { audioDuration, audioInfo, describeAudioFile } from '../../../nodes/Ideogram/input/audioInfo';
import { makeMp3, makeMp3Of, makeWav, mp3Frame } from '../../support/audio';
import { makePng } from '../../support/images';

test('WAV and MP3 (with an ID3 tag, padded or not, or a bare frame first) are recognised', () => {
	expect(audioInfo(makeWav(1))).toEqual({ type: 'wav', mimeType: 'audio/wav', extension: 'wav' });
	expect(audioInfo(makeMp3())).toEqual({ type: 'mp3', mimeType: 'audio/mpeg', extension: 'mp3' });
	expect(audioInfo(makeMp3(2, 300))?.type).toBe('mp3');
	expect(audioInfo(makeMp3().subarray(10))?.type).toBe('mp3');
});

test('other files are not audio, and are named', () => {
	const png = makePng(8, 8);
	expect(audioInfo(png)).toBeUndefined();
	expect(describeAudioFile(png)).toBe('a PNG image');
	expect(describeAudioFile(Buffer.from([1, 2, 3, 4, 5]))).toBe('not a recognised audio format');
	expect(audioInfo(Buffer.from('OggS\0\x02'))).toBeUndefined();
	expect(describeAudioFile(Buffer.from('OggS\0\x02'))).toBe('an Ogg audio file');
	// An ID3 tag with nothing after it is no MP3.
	expect(audioInfo(makeMp3(0))).toBeUndefined();
	expect(describeAudioFile(makeMp3(0))).toBe('an MP3 tag without audio after it');
	// A stray 0xFF byte that is no frame header (layer bits wrong).
	expect(audioInfo(Buffer.from([0xff, 0xff, 0x90, 0x64, 0, 0]))).toBeUndefined();
	expect(describeAudioFile(Buffer.from('{"a":1}'))).toBe('JSON text');
});

describe('duration of a WAV, from its chunks', () => {
	test('the data chunk over the byte rate, exactly, at the limits too', () => {
		expect(audioDuration(makeWav(2))).toBe(2);
		expect(audioDuration(makeWav(15))).toBe(15);
		expect(audioDuration(makeWav(30))).toBe(30);
		expect(audioDuration(makeWav(1.5))).toBe(1.5);
		expect(audioDuration(makeWav(0))).toBe(0);
	});

	test('chunks before fmt and data are walked, not assumed at fixed offsets (odd sizes padded)', () => {
		const wav = makeWav(3);
		// A LIST chunk of 5 bytes (+1 pad) between the RIFF header and fmt, and a 16-bit stereo 16 kHz format.
		const list = Buffer.concat([Buffer.from('LIST', 'latin1'), Buffer.from([5, 0, 0, 0]), Buffer.from('INFOx'), Buffer.alloc(1)]);
		const moved = Buffer.concat([wav.subarray(0, 12), list, wav.subarray(12)]);
		expect(audioDuration(moved)).toBe(3);
		// Same data, twice the byte rate: half the length.
		const fmtAt = 12 + list.length + 8;
		moved.writeUInt32LE(32000, fmtAt + 8);
		expect(audioDuration(moved)).toBe(1.5);
	});

	test('a compressed format reads its fact chunk’s sample count', () => {
		const wav = makeWav(4);
		wav.writeUInt16LE(0x0011, 20); // IMA ADPCM
		const fact = Buffer.concat([Buffer.from('fact', 'latin1'), Buffer.from([4, 0, 0, 0]), Buffer.from([0x40, 0x1f, 0, 0])]); // 8000 samples
		expect(audioDuration(Buffer.concat([wav.subarray(0, 36), fact, wav.subarray(36)]))).toBe(1);
	});

	test('a truncated file, an unfilled size or no fmt chunk is unknown, not guessed', () => {
		const wav = makeWav(3);
		expect(audioDuration(wav.subarray(0, wav.length - 1))).toBeUndefined();
		const streamed = Buffer.from(wav);
		streamed.writeUInt32LE(0xffffffff, 40);
		expect(audioDuration(streamed)).toBeUndefined();
		const zero = Buffer.from(wav);
		zero.writeUInt32LE(0, 40);
		expect(audioDuration(zero)).toBeUndefined();
		const noFmt = Buffer.from(wav);
		noFmt.write('junk', 12, 'latin1');
		expect(audioDuration(noFmt)).toBeUndefined();
		expect(audioDuration(wav.subarray(0, 30))).toBeUndefined();
	});
});

describe('duration of an MP3, from its frames', () => {
	test('CBR MPEG-1: frames × 1152 / rate, exactly (15 s and 30 s at 48 kHz are whole frames)', () => {
		expect(audioDuration(makeMp3Of({ frames: 625, sampleRate: 48000 }))).toBe(15);
		expect(audioDuration(makeMp3Of({ frames: 1250, sampleRate: 48000, kbps: [320] }))).toBe(30);
		expect(audioDuration(makeMp3Of({ frames: 100 }))).toBe((100 * 1152) / 44100);
		// Frame lengths vary with the padding bit; the walk follows them.
		expect(audioDuration(makeMp3Of({ frames: 77, padEveryOther: true }))).toBe((77 * 1152) / 44100);
	});

	test('MPEG-2 and 2.5 frames hold 576 samples', () => {
		expect(audioDuration(makeMp3Of({ frames: 500, version: 2, sampleRate: 24000, kbps: [64] }))).toBe(12);
		expect(audioDuration(makeMp3Of({ frames: 125, version: 2.5, sampleRate: 8000, kbps: [16], mono: true }))).toBe(9);
	});

	test('after an ID3v2 tag (padded), and before an ID3v1 tag', () => {
		const id3v1 = Buffer.concat([Buffer.from('TAG', 'latin1'), Buffer.alloc(125)]);
		expect(audioDuration(makeMp3Of({ frames: 250, sampleRate: 48000, id3: 300, trailer: id3v1 }))).toBe(6);
		// The old fixture: four 128 kbit/s frames at 44.1 kHz after a tag.
		expect(audioDuration(makeMp3(4))).toBe((4 * 1152) / 44100);
	});

	test('VBR: the Xing header’s frame count, its own frame not counted', () => {
		const vbr = makeMp3Of({ frames: 375, sampleRate: 48000, kbps: [64, 192, 320, 128], header: 'Xing', id3: 20 });
		expect(audioDuration(vbr)).toBe(9);
		// Walking would count the header frame too: 376 frames. The count is what is used.
		expect((376 * 1152) / 48000).not.toBe(9);
		// Even when the frames after it are cut off (the header tells the length).
		expect(audioDuration(vbr.subarray(0, 5000))).toBe(9);
		expect(audioDuration(makeMp3Of({ frames: 250, sampleRate: 48000, header: 'Info', mono: true }))).toBe(6);
		expect(audioDuration(makeMp3Of({ frames: 500, version: 2, sampleRate: 24000, kbps: [32, 64], header: 'Xing' }))).toBe(12);
	});

	test('VBR: a VBRI header’s frame count', () => {
		expect(audioDuration(makeMp3Of({ frames: 125, sampleRate: 48000, kbps: [96, 160], header: 'VBRI' }))).toBe(3);
	});

	test('a cut-off last frame, garbage between frames, a change of rate or free format is unknown, not guessed', () => {
		const cbr = makeMp3Of({ frames: 100 });
		expect(audioDuration(cbr.subarray(0, cbr.length - 10))).toBeUndefined();
		expect(audioDuration(Buffer.concat([cbr, Buffer.from('garbage after the frames')]))).toBeUndefined();
		expect(audioDuration(Buffer.concat([mp3Frame(), Buffer.alloc(7), mp3Frame()]))).toBeUndefined();
		expect(audioDuration(Buffer.concat([mp3Frame(), mp3Frame({ sampleRate: 48000 })]))).toBeUndefined();
		const free = mp3Frame();
		free[2] &= 0x0f; // bitrate index 0: the length is not in the header
		expect(audioDuration(free)).toBeUndefined();
		// Not audio at all.
		expect(audioDuration(Buffer.from('not audio'))).toBeUndefined();
	});
});
