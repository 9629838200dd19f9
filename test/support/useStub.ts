import { startStub, type IdeogramStub, type StubOptions } from '../stub/ideogram-stub';

/**
 * A contract stub for the test file that calls this: started before its tests, its log cleared
 * before each test, closed after them. Returns a stand-in that forwards to the live stub, so tests
 * read `stub.requests` or `stub.baseUrl` as if they held the stub itself.
 */
export function useStub(options: StubOptions): IdeogramStub {
	let live: IdeogramStub | undefined;
	beforeAll(async () => {
		live = await startStub({ personality: 'official', ...options });
	});
	afterAll(async () => live?.close());
	beforeEach(() => live?.reset());
	return new Proxy({} as IdeogramStub, {
		get(_target, property) {
			if (!live) throw new Error('the stub is used before beforeAll started it');
			const value = Reflect.get(live, property, live);
			return typeof value === 'function' ? value.bind(live) : value;
		},
	});
}
