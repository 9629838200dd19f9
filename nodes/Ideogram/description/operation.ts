import type {
	IDataObject,
	IExecuteSingleFunctions,
	INodeProperties,
	INodePropertyOptions,
	PostReceiveAction,
} from 'n8n-workflow';

import { throwOnApiError } from '../errors/apiErrors';
import { COST_OPTIONS } from '../billing/cost';
import { jobOptionsFor } from '../runtime/jobs';
import type { FilePart } from '../input/body';
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
	 * to call, set per item by runtime/runItem.ts (`path` is then the routing default). n8n 1.x
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
	/** Reads an error answer this endpoint means differently, before the common explanation (errors/apiErrors.ts). */
	checkAnswer?: PostReceiveAction;
	/** v2 jobs (runtime/jobs.ts): how this operation starts or reads one. */
	job?: JobSpec;
	/** 'json' bodies switch to multipart when a file is attached; 'multipart' always is. */
	encoding: 'json' | 'multipart';
	/** Legacy endpoints nest their fields in an image_request object. */
	bodyPrefix?: string;
	required: FieldSpec[];
	optional: FieldSpec[];
	exclusive?: ExclusiveRule[];
	/** Cross-field rules checked before sending (input/body.ts). */
	rules?: BodyRule[];
	/**
	 * Puts into the body what no single parameter routes there (v2 Generate's JSON prompt, checked
	 * and serialized into `prompt`), before the fields are checked; throws to refuse the item.
	 */
	fillBody?: (this: IExecuteSingleFunctions, body: IDataObject) => void;
	/** Shapes the API's answer into n8n items (after errors/apiErrors.ts has checked the status). */
	output: PostReceiveAction;
	/** Images one request puts in flight (Ideogram's concurrency limit counts images). */
	imagesInFlight?: (body: IDataObject) => number;
	/** Reads and checks this item's input files (binary fields or URLs); files make the body multipart. */
	inputFiles?: (this: IExecuteSingleFunctions, body: IDataObject) => Promise<FilePart[]>;
	/** Extra UI properties of this operation (e.g. binary input fields), shown only for it. */
	extraProperties?: INodeProperties[];
	/**
	 * A billed operation whose endpoints all declare `dry_run`: its Options add Price Quote Only and
	 * Max Spend per Execution (billing/cost.ts, which also refuses both on any other endpoint).
	 */
	quotable?: boolean;
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

/**
 * A field's UI property. Fields inside Additional Fields reach the body through n8n's routing; the
 * required, top-level ones carry no routing and input/body.ts puts them in the body: a
 * top-level property without routing can be shared by every operation that shows it, whichever
 * body path each sends it to (see mergeCopies).
 */
function fieldProperty(spec: FieldSpec, def: OperationDefinition, required: boolean): INodeProperties {
	const property: INodeProperties = {
		displayName: spec.displayName,
		name: spec.name,
		type: spec.type,
		default: spec.default,
		description: spec.description,
	};
	if (!required) property.routing = { send: { type: 'body', property: `${def.bodyPrefix ?? ''}${spec.wire}` } };
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
			// `paginate` hands each item's request to requestOperations.pagination (runtime/runItem.ts),
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
		options: def.options ?? [...outputOptions, ...(def.job ? jobOptionsFor(def.job) : []), ...(def.quotable ? COST_OPTIONS : [])],
	};
	return [required, files, additional, [options]];
}

/**
 * The properties of every operation of every resource, group by group (required fields, input
 * files, Additional Fields, Options), so each operation shows its groups in that order whatever
 * resource it belongs to. Copies shared by several operations are merged within each group
 * (mergeCopies); the operations' own order is kept for the required fields, the ones users fill
 * first.
 */
export function operationProperties(defs: OperationDefinition[]): INodeProperties[] {
	const groups: INodeProperties[][] = [[], [], [], []];
	for (const def of defs) operationGroups(def).forEach((group, i) => groups[i].push(...group));
	const operations = defs.map((def): [string, string] => [def.resource, def.value]);
	return groups.flatMap((group, i) => mergeCopies(group, operations, i === 0));
}

type Shown = { resource: string[]; operation: string[] };

const shownFor = (property: INodeProperties): Shown | undefined => {
	const show = property.displayOptions?.show as Partial<Shown> | undefined;
	return show?.resource && show.operation ? (show as Shown) : undefined;
};

/**
 * Merges top-level properties that are the same but for the resources and operations showing them
 * (the Prompt of nine operations in four resources). RoutingNode walks every top-level property
 * for every item, twice (once more to find the base URL), before the first request leaves, and
 * reads each one's value whether or not it is shown: nine Prompts meant nine evaluations of
 * `={{ $json.prompt }}` per item, twice. bench/ measured about 25 ms per item with one copy of each
 * property per operation. A merged parameter also keeps its value when the user switches operation.
 *
 * n8n shows a property when the resource is one of its resources AND the operation one of its
 * operations, so a merge is made only when that cross product adds no existing operation that did
 * not show the property. With `keepOrder`, also only when no property shown by the same operation
 * lies between the two copies, so each operation keeps its fields in its own order. `operations`
 * lists every existing resource/operation pair.
 *
 * Copies are merged within each resource first: across resources, a copy of one operation alone
 * would fail the cross-product test where the whole resource's copy passes it.
 */
function mergeCopies(properties: INodeProperties[], operations: Array<[string, string]>, keepOrder: boolean): INodeProperties[] {
	return mergePass(mergePass(properties, operations, keepOrder, false), operations, keepOrder, true);
}

function mergePass(properties: INodeProperties[], operations: Array<[string, string]>, keepOrder: boolean, acrossResources: boolean): INodeProperties[] {
	const exists = new Set(operations.map(([r, o]) => `${r}/${o}`));
	const pairs = (shown: Shown) => shown.resource.flatMap((r) => shown.operation.map((o) => `${r}/${o}`)).filter((p) => exists.has(p));
	const shapeOf = (property: INodeProperties) => {
		const { displayOptions, ...rest } = property;
		const otherConditions: Record<string, unknown> = { ...displayOptions!.show };
		delete otherConditions.resource;
		delete otherConditions.operation;
		return `${JSON.stringify(otherConditions)}|${JSON.stringify(displayOptions!.hide)}|${JSON.stringify(rest)}`;
	};
	const merged: INodeProperties[] = [];
	const owners = new Map<INodeProperties, Set<string>>(); // the pairs each merged property stands for
	for (const property of properties) {
		const shown = shownFor(property);
		if (!shown) {
			merged.push(property);
			continue;
		}
		const mine = new Set(pairs(shown));
		const shape = shapeOf(property);
		const at = merged.findIndex((twin) => {
			const theirs = owners.get(twin);
			if (!theirs || shapeOf(twin) !== shape) return false;
			const union = shownFor(twin)!;
			if (!acrossResources && union.resource.join() !== shown.resource.join()) return false;
			const both: Shown = {
				resource: [...new Set([...union.resource, ...shown.resource])],
				operation: [...new Set([...union.operation, ...shown.operation])],
			};
			if (pairs(both).some((p) => !theirs.has(p) && !mine.has(p))) return false;
			if (!keepOrder) return true;
			const later = merged.slice(merged.indexOf(twin) + 1);
			return !later.some((other) => owners.get(other) && [...owners.get(other)!].some((p) => mine.has(p)));
		});
		if (at < 0) {
			const copy = { ...property, displayOptions: { ...property.displayOptions, show: { ...property.displayOptions!.show, resource: [...shown.resource], operation: [...shown.operation] } } };
			merged.push(copy);
			owners.set(copy, mine);
			continue;
		}
		const twin = merged[at];
		const show = twin.displayOptions!.show as Shown;
		for (const r of shown.resource) if (!show.resource.includes(r)) show.resource.push(r);
		for (const o of shown.operation) if (!show.operation.includes(o)) show.operation.push(o);
		for (const p of mine) owners.get(twin)!.add(p);
	}
	return merged;
}

/** Where a field sits in the n8n parameters, for messages: "Additional Fields → Seed". */
export function fieldLocation(def: OperationDefinition, spec: FieldSpec): string {
	return def.required.includes(spec) ? spec.displayName : `Additional Fields → ${spec.displayName}`;
}
