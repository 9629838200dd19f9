import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { resolveConnection } from '../description/providers';
import { fetchSigningKeys } from '../transport/ideogram';
import { deliveryItems } from './delivery';
import { firstDelivery } from './recent';
import { JWKS_PATH } from './signature';
import { printable, toleranceFrom, verifyDelivery } from './verify';

/** Fetching the keys holds up one delivery; Ideogram's endpoint answers in well under a second. */
const KEYS_TIMEOUT_MS = 10_000;

/**
 * The bodies of refusals: the status only. The reason goes to n8n's log, not to the sender, who
 * may be probing.
 */
const GENERIC: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	413: 'Payload Too Large',
	500: 'Internal Server Error',
	503: 'Service Unavailable',
};

/** Answered here, as n8n's own triggers answer a bad signature, so n8n starts no execution. */
function refuse(ctx: IWebhookFunctions, status: number): IWebhookResponseData {
	ctx.getResponseObject().status(status).json({ message: GENERIC[status] ?? 'Error' });
	return { noWebhookResponse: true };
}

/**
 * One request to the trigger's URL. Verified first (verify.ts); refused with 4xx/5xx and no
 * execution when it is not Ideogram's, or cannot be shown to be; acknowledged with 200 and no
 * execution when its generation was delivered before; otherwise its items start one execution.
 * Nothing here throws: n8n would answer 500 and record a failed execution for an error, which a
 * stranger could then fill the execution list with.
 */
export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const node = this.getNode();
	const workflowId = String(this.getWorkflow().id ?? '');
	const where = `Ideogram Trigger "${node.name}" (workflow ${workflowId})`;
	try {
		const request = this.getRequestObject();
		// n8n reads the body for JSON and form requests; for any other type it is read here.
		if (!request.rawBody && typeof request.readRawBody === 'function') await request.readRawBody();
		const { baseUrl } = resolveConnection(await this.getCredentials('ideogramApi'));
		const keysUrl = `${baseUrl}${JWKS_PATH}`;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const verdict = await verifyDelivery({
			headers: request.headers,
			rawBody: request.rawBody,
			keysUrl,
			fetchKeys: async () => await fetchSigningKeys(this, keysUrl, KEYS_TIMEOUT_MS),
			now: Date.now(),
			toleranceSeconds: toleranceFrom(options.timestampTolerance),
		});
		if (!verdict.ok) {
			this.logger.warn(`${where} refused a request (${verdict.status}): ${verdict.reason}`);
			return refuse(this, verdict.status);
		}
		if (!firstDelivery(`${workflowId}\n${node.id}`, verdict.generationId, Date.now())) {
			this.logger.info(`${where}: generation ${printable(verdict.generationId)} was delivered before; acknowledged, no new execution`);
			return { webhookResponse: { message: 'Already received' } };
		}
		return { workflowData: [deliveryItems(verdict)] };
	} catch (error) {
		this.logger.error(`${where} could not check a request: ${printable(error instanceof Error ? error.message : String(error), 300)}`);
		return refuse(this, 500);
	}
}
