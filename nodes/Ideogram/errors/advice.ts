import type { IDataObject } from 'n8n-workflow';

import { HEADER_STYLE_LABELS, resolveConnection, talksToIdeogram, type HeaderStyle } from '../description/providers';
import type { AnswerFacts } from './answer';
import type { RetryHint } from './facts';
import { shorten } from './facts';

/**
 * What to tell the user about an error answer: the message says what happened, the description
 * what to do. First the rules that read more than the status (a non-JSON 200, v2's reject reasons,
 * money words, redirects), then one entry per status (STATUS_ADVICE), then the 5xx and other
 * fallbacks.
 */

export interface Advice {
	message: string;
	description: string;
	retry?: RetryHint['cause'];
	/** n8n's failure classification (n8n-workflow ≥ 2.x reads it; older versions ignore it). */
	failure?: 'rate-limited' | 'quota-exhausted' | 'temporarily-unavailable' | 'credential-invalid' | 'configuration-invalid';
}

const MONEY_WORDS = /insufficient|quota|balance|credit|funds|billing|payment|recharge|top.?up|余额|额度/i;

/** v2 reject reasons that are about the plan rather than the balance. */
const PLAN_LIMITS: Record<string, { message: string; fix: string }> = {
	subscription_required: {
		message: 'Your Ideogram plan does not include this',
		fix: 'Subscribe to an API plan (Ideogram: Settings → API), then run again.',
	},
	priority_credit_required: {
		message: 'This request needs Ideogram priority credits',
		fix: 'Buy priority credits (Ideogram: Settings → API → Billing), or pick a cheaper model or option, then run again.',
	},
	feature_limit: {
		message: 'Your Ideogram plan’s limit for this feature is reached',
		fix: 'Wait until the limit resets or upgrade the plan (Ideogram: Settings → API), then run again.',
	},
};

function keyAdvice(credentials: IDataObject, baseUrl: string, headerStyle: HeaderStyle): string {
	const official = talksToIdeogram(credentials);
	const sends = `This credential sends \`${HEADER_STYLE_LABELS[headerStyle]}\` to ${baseUrl || '(no base URL)'}.`;
	if (official) {
		return headerStyle === 'apiKey'
			? `${sends} Check the key (Ideogram: Settings → API): keys are shown once and can be revoked.`
			: `${sends} The official API expects \`Api-Key\` — pick Provider: Ideogram.`;
	}
	if (headerStyle === 'apiKey')
		return `${sends} Gateways usually expect \`Authorization: Bearer\`: pick the provider you bought the key from, or Custom with its header style.`;
	return `${sends} Check the key, and that Provider (and Header Style) match the service the key came from. A key from Ideogram itself needs Provider: Ideogram (\`Api-Key\` header).`;
}

/** What every entry of the table may quote: the answer's facts and the pieces of advice they share. */
interface Said {
	status: number;
	/** The API's own words. */
	said: string;
	/** " The API said: …", or nothing. */
	saidPart: string;
	/** " (an error inside a 200 answer)" for a reseller's JSON error with status 200, else nothing. */
	wrapper: string;
	/** "Check the credential's Base URL (…)". */
	where: string;
	/** Which key and header the credential sends, and what to check. */
	keyAdvice: () => string;
	/** v2's max_inflight_requests on an in-flight 429. */
	maxInflight?: number;
}

/** The advice per HTTP status, once the rules before it (advise) have not answered. */
const STATUS_ADVICE: Record<number, (s: Said) => Advice> = {
	400: (s) => ({
		message: `Ideogram rejected the request as invalid (HTTP 400)${s.said ? `: ${shorten(s.said, 160)}` : ''}`,
		description: `Change the field the API names, or the input image, and run again. Invalid requests are not billed.${s.wrapper}`,
	}),
	401: (s) => ({
		message: 'The API key was rejected (HTTP 401)',
		description: `${s.keyAdvice()}${s.saidPart}`,
		failure: 'credential-invalid',
	}),
	403: (s) => ({
		message: 'Access denied (HTTP 403): the key was rejected, or it may not use this endpoint or model',
		description: `${s.keyAdvice()} If the key works for other operations, your plan or provider may not include this one (or this custom model).${s.saidPart}`,
		failure: 'credential-invalid',
	}),
	404: (s) => ({
		message: /model/i.test(s.said)
			? 'Ideogram could not find that model (HTTP 404)'
			: 'Not found at this provider (HTTP 404): the endpoint or model does not exist there',
		description: `${s.where}: gateways need their path prefix, such as /ideogram, and some do not offer every endpoint. For a custom model, check its URI.${s.saidPart}`,
		failure: 'configuration-invalid',
	}),
	405: (s) => ({
		message: 'The provider does not accept this request at this address (HTTP 405)',
		description: `${s.where}: it probably points at a website or a different API.${s.saidPart}`,
		failure: 'configuration-invalid',
	}),
	408: (s) => ({
		message: 'The provider timed out reading the request (HTTP 408)',
		description: `Usually a slow upload: try smaller input images, then run again.${s.saidPart}`,
	}),
	413: (s) => ({
		message: 'An uploaded file is too large (HTTP 413)',
		description: `Ideogram takes images up to 10 MB each (reference images: 10 MB in total). Resize or compress the file, then run again.${s.saidPart}`,
	}),
	415: (s) => ({
		message: 'The provider does not accept this request format (HTTP 415)',
		description: `Some gateways only take multipart or only JSON for this endpoint; check the provider's documentation.${s.saidPart}`,
	}),
	422: (s) => {
		const image = /image/i.test(s.said) && !/prompt/i.test(s.said);
		return {
			message: image
				? 'Ideogram rejected an input image on safety grounds (HTTP 422); it was not billed'
				: 'Ideogram rejected the prompt on safety grounds (HTTP 422); it was not billed',
			description: image
				? `Use another image. Not retried: the same input is rejected every time.${s.saidPart}`
				: `Reword the prompt (or the negative prompt). Not retried: the same prompt is rejected every time.${s.saidPart}`,
		};
	},
	429: (s) => ({
		message: `Too many Ideogram requests in flight (HTTP 429)${s.wrapper}`,
		description: `Ideogram allows ${s.maxInflight ? `${s.maxInflight} images` : 'about 10 images'} in flight per organization, counted across every workflow and app using it. Lower "Max Images in Flight", or raise "Max Retries" / "Max Retry Wait". Rejected requests are not billed.${s.saidPart}`,
		retry: 'rate-limited',
		failure: 'rate-limited',
	}),
	502: (s) => gatewayFailed(`The provider's gateway failed (HTTP 502)${s.wrapper}`, s),
	503: (s) => ({
		message: `Ideogram is temporarily unavailable (HTTP 503)${s.wrapper}`,
		description: `Run the item again later. Not billed.${s.saidPart}`,
		retry: 'unavailable',
		failure: 'temporarily-unavailable',
	}),
	504: (s) => gatewayFailed(`The provider's gateway timed out waiting for Ideogram (HTTP 504)${s.wrapper}`, s),
};

/** 502 and 504: the generation may have run behind the gateway, so it is not sent again. */
function gatewayFailed(message: string, s: Said): Advice {
	return {
		message,
		description: `Something between n8n and Ideogram failed. Not retried automatically: the generation may still have run, and been billed. Check the provider's status, then run the item again.${s.saidPart}`,
		failure: 'temporarily-unavailable',
	};
}

/** Any other status: a server error is usually temporary; anything else is said as it came. */
function otherStatus(s: Said): Advice {
	if (s.status >= 500)
		return {
			message: `Ideogram failed to process the request (HTTP ${s.status})${s.wrapper}`,
			description: `Usually temporary: run the item again later. Failed generations are not billed.${s.saidPart}`,
			failure: 'temporarily-unavailable',
		};
	return {
		message: `The provider answered HTTP ${s.status}${s.wrapper}`,
		description: s.said ? `The API said: ${s.said}` : 'No further detail was given.',
	};
}

/** What the node knows of the request an answer belongs to, for advice the answer alone cannot give. */
export interface RequestContext {
	/** The model (or video endpoint) the item asked for, e.g. "seedance-2-5-text-to-video". */
	model?: string;
}

/** Ideogram's words for a key whose organization may not use a model (video, partner models). */
const NO_MODEL_ACCESS = /(does not|doesn't) have access to (this|the) model|no access to (this|the) model|access to (video|product video) generation/i;

/**
 * A 403 that says the organization may not use the model: the key is good (so no key advice), the
 * organization lacks the model. Ideogram enables video and some partner models per organization.
 */
function noModelAccess(s: { said: string; saidPart: string }, context: RequestContext): Advice {
	const model = context.model ? `the model ${context.model}` : 'this model';
	return {
		message: `Your Ideogram organization has no access to ${model} (HTTP 403); not retried`,
		description: `The API key was accepted, but the organization it belongs to may not use ${model}: Ideogram turns on video and some partner models per organization or plan. Ask your Ideogram organization's admin, or Ideogram (partnership@ideogram.ai), to enable it, or pick another model. Nothing was generated or billed.${s.saidPart}`,
		failure: 'configuration-invalid',
	};
}

export function advise(facts: AnswerFacts, credentials: IDataObject, context: RequestContext = {}): Advice {
	const { baseUrl, headerStyle } = resolveConnection(credentials);
	const { status, said, reason } = facts;
	const saidPart = said ? ` The API said: ${said}` : '';
	const wrapper = facts.errorInsideOk
		? facts.kind === 'json'
			? ' (an error inside a 200 answer)'
			: ''
		: '';
	const where = `Check the credential's Base URL (${baseUrl || 'not set'})`;

	if (facts.errorInsideOk && facts.kind !== 'json') {
		return {
			message:
				facts.kind === 'html'
					? `The provider answered with an HTML page instead of JSON (HTTP 200)`
					: facts.kind === 'empty'
						? 'The provider answered with an empty body (HTTP 200)'
						: 'The provider answered with something that is not JSON (HTTP 200)',
			description: `${where}: it should point at the API, not at a website or login page. Gateways need their path prefix, such as /ideogram.${saidPart}`,
			failure: 'configuration-invalid',
		};
	}

	// v2's reject reasons other than money (GenerationErrorResponse.reject_reason), each with its fix.
	const planLimit = reason ? PLAN_LIMITS[reason] : undefined;
	if (planLimit && (status === 402 || status === 403 || status === 429)) {
		return {
			message: `${planLimit.message} (HTTP ${status}, ${reason}); not retried`,
			description: `${planLimit.fix} Rejected requests are not billed.${saidPart}`,
			failure: 'quota-exhausted',
		};
	}
	if (reason === 'inflight_limit' && status !== 429) return advise({ ...facts, status: 429 }, credentials);

	const moneyWords = MONEY_WORDS.test(`${said} ${reason ?? ''}`) && reason !== 'inflight_limit';
	if (status === 402 || ((status === 401 || status === 403 || status === 429) && moneyWords)) {
		const daily = reason === 'daily_limit' || /daily/i.test(said);
		return {
			message: daily
				? `Daily Ideogram spending limit reached (HTTP ${status}); not retried`
				: `Insufficient Ideogram credits (HTTP ${status}); not retried`,
			description: daily
				? `Raise the daily limit (Ideogram: Settings → API → Billing) or wait until it resets, then run again. Rejected requests are not billed.${saidPart}`
				: `Top up at https://ideogram.ai/manage-api (or your provider's billing page), then run again. Rejected requests are not billed.${saidPart}`,
			failure: 'quota-exhausted',
		};
	}
	if (status >= 300 && status < 400) {
		return {
			message: `The provider answered with a redirect (HTTP ${status}); not followed`,
			description: `${where}. The node does not follow redirects from the API, so the key is never sent to another address. If the new address is right, put it in the credential.${saidPart}`,
			failure: 'configuration-invalid',
		};
	}
	if (status === 403 && NO_MODEL_ACCESS.test(said)) return noModelAccess({ said, saidPart }, context);
	const entry = STATUS_ADVICE[status] ?? otherStatus;
	return entry({ status, said, saidPart, wrapper, where, keyAdvice: () => keyAdvice(credentials, baseUrl, headerStyle), maxInflight: facts.maxInflight });
}
