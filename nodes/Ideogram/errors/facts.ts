import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

/**
 * An item's failure as the node keeps it: n8n's two error kinds, with the facts the pipeline
 * needs (retry hint, tries, the job's id) travelling on the error itself, and the helpers that
 * rebuild an error from safe parts and blank the key out of any text.
 */

/** What a retry needs to know about an error. */
export interface RetryHint {
	/** Why a new try may succeed. */
	cause: 'rate-limited' | 'unavailable' | 'connection-reset';
	/** How long the server asked us to wait, if it said. */
	retryAfterMs?: number;
	/** A 429 for the organization's images in flight (not some other limit): the cap adapts to it. */
	inflightLimit?: boolean;
	/** The organization's limit, when the 429 stated it (v2's max_inflight_requests). */
	maxInflight?: number;
}

/**
 * What the item pipeline knows of a failure beyond what n8n shows. It travels on the error itself
 * (`facts`, which n8n's serialisation leaves out), and rebuildError() carries it into every copy,
 * so no rebuild can lose it.
 */
export interface FailureFacts {
	/** Set when a new try may succeed. */
	retry?: RetryHint;
	/** How often the item was sent, when more than once. */
	tries?: number;
	/** The item was not sent, because another item had already failed the node. */
	skipped?: boolean;
	/** The v2 job this failure belongs to: it may still finish, and Get Generation collects it. */
	generationId?: string;
	/** Nothing was billed, for certain: a job Ideogram reports as failed, an item the node did not send. */
	notBilled?: boolean;
}

/** Every error the node raises for an item: n8n's two kinds, with the pipeline's facts. */
export type ItemError = (NodeApiError | NodeOperationError) & { facts?: FailureFacts };

export function factsOf(error: unknown): FailureFacts {
	return (error as ItemError | undefined)?.facts ?? {};
}

/** Adds facts to an error (keeping those it has) and returns it. */
export function addFacts<E extends Error>(error: E, facts: FailureFacts): E {
	(error as unknown as ItemError).facts = { ...factsOf(error), ...facts };
	return error;
}

export function retryHintOf(error: unknown): RetryHint | undefined {
	return factsOf(error).retry;
}

/**
 * A new error of the same kind (NodeOperationError for bad input, NodeApiError for the rest) with
 * the same status, failure cause and facts, and the changes given. Built from those parts only:
 * nothing of the source's payload, cause or request (which may hold the key) comes along.
 */
export function rebuildError(
	node: INode,
	source: Error,
	changes: { message?: string; description?: string; itemIndex: number; facts?: FailureFacts },
): ItemError {
	const message = changes.message ?? source.message;
	const description = changes.description ?? (source as ItemError).description ?? undefined;
	const { httpCode, failure } = source as NodeApiError;
	const error: ItemError =
		source instanceof NodeOperationError
			? new NodeOperationError(node, message, { description, itemIndex: changes.itemIndex })
			: new NodeApiError(node, {} as JsonObject, {
					message,
					description,
					httpCode: httpCode ?? undefined,
					itemIndex: changes.itemIndex,
					...(failure ? { failure } : {}),
				});
	error.facts = { ...factsOf(source), ...changes.facts };
	return error;
}

/** Cut to a readable length on a word boundary. */
export function shorten(text: string, max = 300): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	if (flat.length <= max) return flat;
	const cut = flat.slice(0, max);
	const space = cut.lastIndexOf(' ');
	return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** Replaces every occurrence of the key (and its URL-encoded form) with ***. */
export function redact(text: string, secret: string | undefined): string {
	if (!secret || secret.length < 4) return text;
	let out = text.split(secret).join('***');
	const encoded = encodeURIComponent(secret);
	if (encoded !== secret) out = out.split(encoded).join('***');
	return out;
}
