import type {
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	ICredentialTestRequest,
} from 'n8n-workflow';

import { BASE_URL_EXPRESSION, HEADER_STYLE_LABELS, PROVIDERS } from './providers';

/**
 * The credential's Test button, as a declarative request that n8n's credentials tester runs
 * itself (a node-method test would need `this.helpers.request`, which n8n's verification scan
 * refuses). It posts `{}` to 3.0 Generate: Ideogram and the resellers check the key first
 * (401/403) and only then refuse the empty body (400/422), so a good key is told from a bad one
 * without generating or billing anything.
 *
 * What n8n's tester does with it (read in services/credentials-tester.service.js of n8n 2.41.1
 * and 1.123.81, and seen in both by test/e2e/credential-test.e2e.test.ts): it sends the request
 * through RoutingNode with the credential's `authenticate`, then
 *   - a status the HTTP client throws on is matched against the `responseCode` rules (their
 *     message is the verdict), and any other non-2xx becomes an error with the status text;
 *   - an answer that comes back is OK ("Connection successful!") unless a `responseSuccessBody`
 *     rule matches its BODY (RoutingNode hands on the body only, so these rules cannot see the
 *     status; `returnFullResponse` makes no difference there).
 * Which statuses throw is `ignoreHttpStatusErrors`: every status except the ones that mean "the
 * key was accepted" (2xx, 400, 422, 429). n8n 2.x honours that `except` list. n8n 1.x's HTTP
 * helper reads any truthy value as "throw on nothing", so there only the body rules work: a
 * refusal inside a {code: 401|403|404} body is caught, a bare HTTP 401/403/404 passes as OK.
 * A node-method test could do better on 1.x, but only through `this.helpers.request`, which the
 * verification scan refuses.
 */
export const TEST_PATH = '/v1/ideogram-v3/generate';

/** Statuses after which the key still counts as accepted: the empty body refused, or busy. */
const KEY_ACCEPTED = new Set([400, 422, 429]);
export const FAILURE_STATUSES = Array.from({ length: 300 }, (_, i) => 300 + i).filter((s) => !KEY_ACCEPTED.has(s));

const HOW_SENT = (Object.keys(PROVIDERS) as Array<keyof typeof PROVIDERS>)
	.filter((p) => p !== 'custom')
	.map((p) => `${PROVIDERS[p].label} "${HEADER_STYLE_LABELS[PROVIDERS[p].headerStyle]}"`)
	.join(', ');

// The tester's messages are fixed text (no expressions), so they cannot name the one header this
// credential sent; they name the header each Provider sends instead.
export const rejectedMessage = (status: number) =>
	`The key was rejected (HTTP ${status}). Check the key, and that Provider matches where the key came from: each provider gets the key in its own header (${HOW_SENT}; Custom: the Header Style you picked).`;
export const NOT_FOUND_MESSAGE = `No Ideogram endpoint at the base URL (HTTP 404 for ${TEST_PATH}): the base URL or its path prefix is wrong. Include a gateway's prefix such as /ideogram, but not the endpoint path.`;
export const NO_CREDIT_MESSAGE = 'The key was accepted, but the account cannot pay for requests (HTTP 402): top up the balance with the provider.';
export const REDIRECT_MESSAGE = (status: number) =>
	`The base URL answered with a redirect (HTTP ${status}), which is not followed with your key: check the base URL (https, the exact host and path prefix).`;

const byStatus = (value: number, message: string): IAuthenticateRuleResponseCode => ({
	type: 'responseCode',
	properties: { value, message },
});
// Resellers may wrap a refusal in a 200 with a {code, message, data} envelope.
const byEnvelopeCode = (value: number | string, message: string): IAuthenticateRuleResponseSuccessBody => ({
	type: 'responseSuccessBody',
	properties: { key: 'code', value, message },
});

export const CREDENTIAL_TEST: ICredentialTestRequest = {
	request: {
		baseURL: BASE_URL_EXPRESSION,
		url: TEST_PATH,
		method: 'POST',
		// A string, because the HTTP helper drops an empty object body instead of sending "{}".
		body: '{}',
		headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
		ignoreHttpStatusErrors: { ignore: true, except: FAILURE_STATUSES },
		// The key goes to the base URL only, never along a redirect.
		disableFollowRedirect: true,
		timeout: 20_000,
	},
	// n8n's type lists either kind of rule, not a mix; its tester reads each rule by its type.
	rules: [
		byStatus(401, rejectedMessage(401)),
		byStatus(403, rejectedMessage(403)),
		byStatus(404, NOT_FOUND_MESSAGE),
		byStatus(402, NO_CREDIT_MESSAGE),
		...[301, 302, 303, 307, 308].map((s) => byStatus(s, REDIRECT_MESSAGE(s))),
		...[401, 403].flatMap((s) => [byEnvelopeCode(s, rejectedMessage(s)), byEnvelopeCode(String(s), rejectedMessage(s))]),
		byEnvelopeCode(404, NOT_FOUND_MESSAGE),
	] as IAuthenticateRuleResponseCode[],
};
