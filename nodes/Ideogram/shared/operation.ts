import type {
	IDataObject,
	IExecuteSingleFunctions,
	INodeProperties,
	INodePropertyOptions,
	PostReceiveAction,
} from 'n8n-workflow';

import { throwOnApiError } from '../hooks/apiErrors';
import { jobOptionsFor } from '../hooks/jobs';
import type { FilePart } from '../hooks/buildBody';
import type { FieldSpec } from './fields';

/** A pair of fields the endpoint refuses together, with the fix to offer. */
export interface ExclusiveRule {
	fields: [string, string];
	fix: string;
}

/** What a rule found wrong: the field to name (its wire name), the problem, and the fix to offer. */
export interface RuleViolation {
	field: string;
	problem: string;
	fix: string;
}

/**
 * A check across fields (e.g. which model takes which field), run after each field's own check.
 * It receives the object the fields sit in (the body, or its image_request for legacy endpoints)
 * and, for operations whose model is a node parameter (v2), the item's model slug.
 */
export type BodyRule = (fields: IDataObject, model?: string) => RuleViolation | undefined;

/**
 * Everything about one resource/operation pair: the endpoint, which fields it takes (required
 * ones up front, the rest under Additional Fields), how the body is encoded and how the answer
 * becomes items. The UI properties, the routing and the per-item pipeline all read this.
 */
export interface OperationDefinition {
	resource: string;
	value: string;
	name: string;
	action: string;
	description: string;
	path: string;
	/**
	 * For an endpoint whose path depends on the credential or the item (v2's model slug): the path
	 * to call, set per item by hooks/runItem.ts (`path` is then the routing default). n8n 1.x
	 * resolves routing URLs of operation options without `$credentials`, so this cannot be an
	 * expression there.
	 */
	pathFor?: (this: IExecuteSingleFunctions, credentials: IDataObject) => string;
	/** For v2 operations: the model slug this item uses (the last segment of the path). */
	model?: (this: IExecuteSingleFunctions) => string;
	/**
	 * Set on operations only Ideogram itself serves (v2): a reseller credential is refused before
	 * sending, with the operation that does work there.
	 */
	officialOnly?: {
		instead?: string;
		/** How the refusal names the API; "Ideogram's current API" when not given. */
		api?: string;
	};
	/** POST unless given (Get Generation reads a job). */
	method?: 'GET' | 'POST';
	/**
	 * A GET's query parameters for this item (an array value is sent as the key repeated, as
	 * OpenAPI's form/explode style wants); throws to refuse the item before sending.
	 */
	query?: (this: IExecuteSingleFunctions) => Array<[string, string]>;
	/** The answer is data, not images (the account endpoints): no image slots are held, nothing is downloaded. */
	noImages?: boolean;
	/** Reads an error answer this endpoint means differently, before the common explanation (hooks/apiErrors.ts). */
	checkAnswer?: PostReceiveAction;
	/** v2 jobs (hooks/jobs.ts): how this operation starts or reads one. */
	job?: JobSpec;
	/** 'json' bodies switch to multipart when a file is attached; 'multipart' always is. */
	encoding: 'json' | 'multipart';
	/** Legacy endpoints nest their fields in an image_request object. */
	bodyPrefix?: string;
	required: FieldSpec[];
	optional: FieldSpec[];
	exclusive?: ExclusiveRule[];
	/** Cross-field rules checked before sending (hooks/buildBody.ts). */
	rules?: BodyRule[];
	/**
	 * Puts into the body what no single parameter routes there (v2 Generate's JSON prompt, checked
	 * and serialized into `prompt`), before the fields are checked; throws to refuse the item.
	 */
	fillBody?: (this: IExecuteSingleFunctions, body: IDataObject) => void;
	/** Shapes the API's answer into n8n items (after hooks/apiErrors.ts has checked the status). */
	output: PostReceiveAction;
	/** Images one request puts in flight (Ideogram's concurrency limit counts images). */
	imagesInFlight?: (body: IDataObject) => number;
	/** Reads and checks this item's input files (binary fields or URLs); files make the body multipart. */
	inputFiles?: (this: IExecuteSingleFunctions, body: IDataObject) => Promise<FilePart[]>;
	/** Extra UI properties of this operation (e.g. binary input fields), shown only for it. */
	extraProperties?: INodeProperties[];
	/** The Options collection, when it is not the image download options (e.g. Describe's). */
	options?: INodeProperties[];
}

/**
 * 'submit' starts a job and, with Wait for Completion, polls it; 'collect' reads an existing one.
 * `asyncField`: the endpoint answers at once only when asked (`async: true`); endpoints without
 * the field always do. `webhook`: the endpoint takes a `webhook_url` (except for `noWebhookModels`).
 */
export interface JobSpec {
	kind: 'submit' | 'collect';
	asyncField?: boolean;
	webhook?: boolean;
	/** Models of the operation whose endpoint takes no `webhook_url` (Generate's Auto). */
	noWebhookModels?: readonly string[];
}

const displayFor = (def: OperationDefinition) => ({
	show: { resource: [def.resource], operation: [def.value] },
});

function fieldProperty(spec: FieldSpec, def: OperationDefinition, required: boolean): INodeProperties {
	const property: INodeProperties = {
		displayName: spec.displayName,
		name: spec.name,
		type: spec.type,
		default: spec.default,
		description: spec.description,
		routing: {
			send: { type: 'body', property: `${def.bodyPrefix ?? ''}${spec.wire}` },
		},
	};
	if (spec.options) property.options = spec.options;
	if (spec.collection) property.options = spec.collection;
	if (spec.placeholder) property.placeholder = spec.placeholder;
	if (spec.typeOptions) property.typeOptions = spec.typeOptions;
	if (required) {
		property.required = true;
		property.displayOptions = spec.hide ? { ...displayFor(def), hide: spec.hide } : displayFor(def);
	}
	return property;
}

/** The options every image-producing operation has: where the files go, or links only. */
export const outputOptions: INodeProperties[] = [
	{
		displayName: 'Download Images',
		name: 'downloadImages',
		type: 'boolean',
		default: true,
		description:
			"Whether to download each image into the item's binary data. Ideogram's links expire after about a day; turn this off to get the links only.",
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyOutput',
		type: 'string',
		default: 'data',
		description: 'The binary field each downloaded image is written to',
	},
	{
		displayName: 'Max Images in Flight',
		name: 'maxImagesInFlight',
		type: 'number',
		default: 10,
		typeOptions: { minValue: 1, maxValue: 1000 },
		description:
			"How many images this credential may have in the making at once, across all items (Number of Images counts). Ideogram's default limit is 10 per organization, shared with every other workflow and app; items beyond wait their turn instead of being refused.",
	},
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		default: 5,
		typeOptions: { minValue: 0, maxValue: 50 },
		description:
			'How many times one item is tried again after a 429 (too many in flight), a 503 or a connection reset before any answer. Nothing else is retried: other errors would repeat, or the images may already be billed.',
	},
	{
		displayName: 'Max Retry Wait (Seconds)',
		name: 'maxRetryWait',
		type: 'number',
		default: 180,
		typeOptions: { minValue: 0, numberPrecision: 1 },
		description:
			"The most one item waits between tries, in total. Each wait follows the server's Retry-After, or else doubles from about 2 s (with jitter); waits are cut short to fit.",
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		default: 180,
		typeOptions: { minValue: 1, numberPrecision: 1 },
		description:
			'How long to wait for Ideogram to answer one request, and for each image download. Quality with 8 images can take minutes. A request that times out is not retried: it may still finish, and be billed.',
	},
];

export function operationOption(def: OperationDefinition): INodePropertyOptions {
	return {
		name: def.name,
		value: def.value,
		action: def.action,
		description: def.description,
		routing: {
			request: { method: def.method ?? 'POST', url: def.path },
			// `paginate` hands each item's request to requestOperations.pagination (hooks/runItem.ts),
			// which validates, throttles, sends and downloads for that item.
			send: { paginate: true },
			output: { postReceive: [...(def.checkAnswer ? [def.checkAnswer] : []), throwOnApiError, def.output] },
		},
	};
}

/** One operation's properties in four groups: required fields, input files, Additional Fields, Options. */
function operationGroups(def: OperationDefinition): INodeProperties[][] {
	const required = def.required.map((spec) => fieldProperty(spec, def, true));
	// Extra properties may add conditions of their own (the model slug box shows for "Other" only).
	const files = (def.extraProperties ?? []).map((p) => ({
		...p,
		// Resource and operation first: n8n shows a parameter as soon as one condition's value is an
		// expression, so they must rule out other operations before the extra conditions are read.
		displayOptions: { show: { ...displayFor(def).show, ...(p.displayOptions?.show ?? {}) } },
	}));
	const additional: INodeProperties[] = def.optional.length
		? [
				{
					displayName: 'Additional Fields',
					name: 'additionalFields',
					type: 'collection',
					placeholder: 'Add Field',
					default: {},
					displayOptions: displayFor(def),
					// Alphabetical, as n8n lists collection options, whatever order the definition uses.
					options: [...def.optional]
						.sort((a, b) => a.displayName.localeCompare(b.displayName))
						.map((spec) => fieldProperty(spec, def, false)),
				},
			]
		: [];
	const options: INodeProperties = {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: displayFor(def),
		options: def.options ?? [...outputOptions, ...(def.job ? jobOptionsFor(def.job) : [])],
	};
	return [required, files, additional, [options]];
}

/**
 * The properties of all of a resource's operations. RoutingNode evaluates every top-level
 * property, for every item and twice (once more to find the base URL), before the first request
 * leaves; bench/ measured about 25 ms per item with one copy of each property per operation. So
 * copies that differ only in which operations show them are merged into one property listing
 * those operations (a parameter then also keeps its value when the user switches operation).
 * Laid out group by group, so each operation still shows required fields, input files,
 * Additional Fields, then Options.
 */
export function resourceProperties(defs: OperationDefinition[]): INodeProperties[] {
	const groups: INodeProperties[][] = [[], [], [], []];
	for (const def of defs) operationGroups(def).forEach((group, i) => groups[i].push(...group));
	return groups.flatMap(mergeTwins);
}

function mergeTwins(properties: INodeProperties[]): INodeProperties[] {
	const merged: INodeProperties[] = [];
	const byShape = new Map<string, INodeProperties>();
	for (const property of properties) {
		const { displayOptions, ...rest } = property;
		const { resource, operation, ...otherConditions } = displayOptions!.show as { resource: string[]; operation: string[] };
		const hide = displayOptions!.hide;
		// Properties hold no functions (routing here is send-only), so JSON tells twins apart.
		const shape = `${resource.join()}|${JSON.stringify(otherConditions)}|${JSON.stringify(hide)}|${JSON.stringify(rest)}`;
		const twin = byShape.get(shape);
		if (twin) {
			(twin.displayOptions!.show!.operation as string[]).push(...operation);
			continue;
		}
		const show = { resource: [...resource], operation: [...operation], ...otherConditions };
		const copy = { ...property, displayOptions: hide ? { show, hide } : { show } };
		byShape.set(shape, copy);
		merged.push(copy);
	}
	return merged;
}

/** Where a field sits in the n8n parameters, for messages: "Additional Fields → Seed". */
export function fieldLocation(def: OperationDefinition, spec: FieldSpec): string {
	return def.required.includes(spec) ? spec.displayName : `Additional Fields → ${spec.displayName}`;
}
