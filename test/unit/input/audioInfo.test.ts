/**
 * Audio references are checked by their bytes (input/audioInfo.ts): MP3 and WAV pass, whatever
 * the file is called; anything else is named in words.
 */
import { audioInfo, describeAudioFile } from '../../../nodes/Ideogram/input/audioInfo';
import { makeMp3, makeWav } from '../../support/audio';
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
