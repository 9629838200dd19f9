import { Workflow, type INodeTypes } from 'n8n-workflow';

import { IdeogramApi } from '../../../credentials/IdeogramApi.credentials';
import { BASE_URL_EXPRESSION, PROVIDERS, authHeaders, resolveConnection } from '../../../nodes/Ideogram/description/providers';

// Evaluated by n8n's own expression engine, as RoutingNode evaluates requestDefaults.baseURL.
const workflow = new Workflow({
	nodes: [{ id: '1', name: 'N', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} }],
	connections: {},
	active: false,
	nodeTypes: { getByName: () => undefined, getByNameAndVersion: () => undefined, getKnownTypes: () => ({}) } as unknown as INodeTypes,
});
const evaluate = (credentials: Record<string, unknown>) =>
	workflow.expression.getParameterValue(BASE_URL_EXPRESSION, null, 0, 0, 'N', [], 'manual', { $credentials: credentials });

const cases = [
	{ provider: 'ideogram' },
	{ provider: 'cometapi' },
	{ provider: 'kkiai' },
	{ provider: 'kkiai', baseUrl: 'http://127.0.0.1:9/ideogram//' },
	{ provider: 'custom', baseUrl: ' https://gw.example.com/ideogram/ ' },
];

test.each(cases)('the baseURL expression agrees with resolveConnection for %o', (credentials) => {
	expect(evaluate(credentials)).toBe(resolveConnection(credentials).baseUrl);
});

test('presets', () => {
	expect(resolveConnection({ provider: 'ideogram' })).toEqual({ baseUrl: 'https://api.ideogram.ai', headerStyle: 'apiKey' });
	expect(resolveConnection({ provider: 'cometapi' })).toEqual({ baseUrl: 'https://api.cometapi.com/ideogram', headerStyle: 'raw' });
	expect(resolveConnection({ provider: 'kkiai' })).toEqual({ baseUrl: 'https://www.kkiai.com/ideogram', headerStyle: 'bearer' });
	expect(Object.keys(PROVIDERS)).toEqual(['ideogram', 'cometapi', 'kkiai', 'custom']);
});

test('header styles', () => {
	expect(authHeaders({ provider: 'ideogram', apiKey: ' k1 ' })).toEqual({ 'Api-Key': 'k1' });
	expect(authHeaders({ provider: 'cometapi', apiKey: 'k2' })).toEqual({ Authorization: 'k2' });
	expect(authHeaders({ provider: 'kkiai', apiKey: 'k3' })).toEqual({ Authorization: 'Bearer k3' });
	expect(authHeaders({ provider: 'custom', headerStyle: 'apiKey', apiKey: 'k4' })).toEqual({ 'Api-Key': 'k4' });
	expect(authHeaders({ provider: 'custom', headerStyle: 'raw', apiKey: 'k5' })).toEqual({ Authorization: 'k5' });
});

test('the credential adds the header and keeps the request as it was', async () => {
	const credential = new IdeogramApi();
	const authenticate = credential.authenticate as (c: object, r: object) => Promise<{ headers: object; url: string }>;
	const out = await authenticate({ provider: 'kkiai', apiKey: 'k' }, { url: '/v1/x', headers: { Accept: 'application/json' } });
	expect(out).toEqual({ url: '/v1/x', headers: { Accept: 'application/json', Authorization: 'Bearer k' } });
	expect(credential.properties.find((p) => p.name === 'apiKey')?.typeOptions?.password).toBe(true);
});
