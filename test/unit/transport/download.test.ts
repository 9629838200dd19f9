import { displayUrl, sniffImage } from '../../../nodes/Ideogram/transport/download';
import { makePng } from '../../stub/png';

describe('downloads', () => {
	test('links are shown without their signature', () => {
		expect(displayUrl('https://ideogram.ai/api/images/ephemeral/abc.png?exp=1&sig=deadbeef')).toBe(
			'https://ideogram.ai/api/images/ephemeral/abc.png',
		);
	});
	test('image bytes are recognised whatever the host claimed', () => {
		expect(sniffImage(makePng(4, 4))).toBe('image/png');
		expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
		expect(sniffImage(Buffer.from('<html>'))).toBeUndefined();
	});
});
