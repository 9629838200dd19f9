import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IN8nHttpResponse,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { HEADER_STYLE_LABELS, authHeaders, resolveConnection } from '../shared/connection';
import { readAnswer } from './apiErrors';

/**
 * The credential's Test button. It posts an empty body to 3.0 Generate: Ideogram checks the key
 * first (401/403) and then rejects the body (400/422) without generating, so a good key is told
 * from a bad one on every provider without spending credits. n8n's declarative credential test
 * counts every non-2xx answer as failure, hence this function (node method, `testedBy`).
 */
export async function ideogramApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const { baseUrl, headerStyle } = resolveConnection(data);
	if (!/^https?:\/\//.test(baseUrl)) {
		return { status: 'Error', message: `Base URL "${baseUrl}" must start with http:// or https://` };
	}
	let statusCode: number;
	let body: unknown;
	try {
		// ICredentialTestFunctions offers only the legacy request helper, so it is the one to use here.
		// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
		const response = await this.helpers.request({
			method: 'POST',
			uri: `${baseUrl}/v1/ideogram-v3/generate`,
			headers: { ...authHeaders(data), Accept: 'application/json' },
			body: {},
			json: true,
			simple: false,
			resolveWithFullResponse: true,
			timeout: 20_000,
		});
		statusCode = response.statusCode;
		body = response.body;
	} catch (error) {
		return { status: 'Error', message: `Could not reach ${baseUrl}: ${(error as Error).message}` };
	}
	// The status that counts, as for every request: a reseller's error envelope inside a 200, or a
	// page that is not the API's JSON, tells more than the HTTP status.
	statusCode = readAnswer({ statusCode, body: body as IN8nHttpResponse, headers: {} }).status;
	const sent = HEADER_STYLE_LABELS[headerStyle];
	if (statusCode === 401 || statusCode === 403) {
		return {
			status: 'Error',
			message: `The key was rejected (HTTP ${statusCode}). This credential sends "${sent}" to ${baseUrl}: check the key and that Provider matches where the key came from.`,
		};
	}
	if (statusCode === 400 || statusCode === 422 || (statusCode >= 200 && statusCode < 300)) {
		return { status: 'OK', message: `Key accepted by ${baseUrl} (test request sent with "${sent}"; nothing was generated)` };
	}
	if (statusCode === 429) return { status: 'OK', message: `Key accepted by ${baseUrl} (it is busy right now: HTTP 429)` };
	if (statusCode === 404) {
		return { status: 'Error', message: `No Ideogram endpoint at ${baseUrl}/v1/ideogram-v3/generate (HTTP 404): check the base URL and its path prefix` };
	}
	return { status: 'Error', message: `Unexpected answer from ${baseUrl}: HTTP ${statusCode}` };
}
