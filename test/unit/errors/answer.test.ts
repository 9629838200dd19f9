import { readAnswer } from '../../../nodes/Ideogram/errors/answer';
import { transportKind } from '../../../nodes/Ideogram/errors/connection';

describe('reading answers', () => {
	const answer = (statusCode: number, body: unknown) => readAnswer({ statusCode, body, headers: {} } as never);

	test('a reseller envelope with an error code inside a 200 counts as that error', () => {
		expect(answer(200, { code: 402, message: 'Insufficient balance', data: null })).toMatchObject({
			status: 402,
			errorInsideOk: true,
			said: 'Insufficient balance',
		});
		expect(answer(200, { code: 'upstream_error', message: 'boom', data: null })).toMatchObject({ status: 502, errorInsideOk: true });
		// A task envelope with data is a success; so is the native shape.
		expect(answer(200, { code: 200, message: 'ok', data: { task_id: 'x' } }).errorInsideOk).toBe(false);
		expect(answer(200, { created: 'now', data: [] }).errorInsideOk).toBe(false);
	});

	test('HTML, plain text and empty bodies are named as such', () => {
		const html = answer(502, '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>');
		expect(html).toMatchObject({ kind: 'html', status: 502, said: 'an HTML page titled "502 Bad Gateway" instead of JSON' });
		expect(answer(200, '<!doctype html><html><body>Sign in</body></html>')).toMatchObject({ status: 502, errorInsideOk: true, kind: 'html' });
		expect(answer(500, 'Internal Server Error')).toMatchObject({ kind: 'text', said: 'Internal Server Error' });
		expect(answer(200, '')).toMatchObject({ kind: 'empty', errorInsideOk: true });
	});

	test('the words come from every common error shape, and the key is blanked out', () => {
		expect(answer(400, { error: 'Invalid resolution' }).said).toBe('Invalid resolution');
		expect(answer(403, { detail: 'Forbidden' }).said).toBe('Forbidden');
		expect(answer(422, { detail: [{ loc: ['body', 'seed'], msg: 'must be >= 0' }] }).said).toBe('seed: must be >= 0');
		expect(answer(429, { error: { message: 'Slow down', code: 'inflight_limit' } })).toMatchObject({ said: 'Slow down', reason: 'inflight_limit' });
		const leaked = readAnswer({ statusCode: 401, body: { message: 'bad key sk-secret-1234' }, headers: {} } as never, 'sk-secret-1234');
		expect(leaked.said).toBe('bad key ***');
	});

	test('transport errors are told apart by code and message', () => {
		expect(transportKind(Object.assign(new Error('timeout of 500ms exceeded'), { code: 'ECONNABORTED' }))).toBe('timeout');
		expect(transportKind(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe('reset');
		expect(transportKind(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }))).toBe('refused');
		expect(transportKind(Object.assign(new Error('canceled'), { code: 'ERR_CANCELED' }))).toBe('cancelled');
	});
});
