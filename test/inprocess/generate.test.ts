import { startStub, type IdeogramStub } from '../stub/ideogram-stub';
import { runIdeogram } from '../support/n8n';

const KEY = 'sk-test-generate-0123456789';
let stub: IdeogramStub;

beforeAll(async () => {
	stub = await startStub({ personality: 'official', apiKey: KEY });
});
afterAll(async () => stub.close());
beforeEach(() => stub.reset());

const credentials = () => ({ provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl });

test('smoke: generate two images', async () => {
	const result = await runIdeogram({
		parameters: { resource: 'image', operation: 'generate', prompt: 'a fox', additionalFields: { numImages: 2 } },
		credentials: credentials(),
	});
	console.log(JSON.stringify(result.error), JSON.stringify(result.output?.map((i) => ({ json: i.json, binary: i.binary, pairedItem: i.pairedItem })), null, 1).slice(0, 2000));
	console.log(JSON.stringify(stub.requests.map((r) => ({ path: r.path, status: r.status, json: r.json, headers: r.headers, error: r.error }))));
});
