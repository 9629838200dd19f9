import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import type { NodeVersion } from '../versions';
import type { FieldSpec } from './fields';
import type { FileSlotSpec } from './fileSlots';

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
	/**
	 * What a 404 from this endpoint means when it is not "no such path" (the account endpoints: the
	 * key lacks billing access). errors/statusMeaning.ts says it in these words, before the common
	 * explanation of the status.
	 */
	notFoundMeans?: { message: string; fix: string };
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
	 * Rewrites the checked fields into the item's model's wire form, after every check and rule
	 * (v2 partner models write 16:9 where the node's list says 16x9; resources/imageV2/models.ts).
	 */
	modelWire?: (fields: IDataObject, model?: string) => void;
	/**
	 * Puts into the body what no single parameter routes there (v2 Generate's JSON prompt, checked
	 * and serialized into `prompt`), before the fields are checked; throws to refuse the item.
	 */
	fillBody?: (this: IExecuteSingleFunctions, body: IDataObject) => void;
	/** How the API's answer becomes n8n items (output/, after errors/ has checked the status). */
	output: OutputShape;
	/** Images one request puts in flight (Ideogram's concurrency limit counts images). */
	imagesInFlight?: (body: IDataObject) => number;
	/**
	 * The item's input files (binary fields or links), read and checked by input/files.ts; files
	 * make the body multipart. A function gives the slots for this item (e.g. per model) and may
	 * refuse it first, with checks that need no file read (it runs once the item holds its slots).
	 */
	files?: readonly FileSlotSpec[] | ((this: IExecuteSingleFunctions, body: IDataObject) => readonly FileSlotSpec[]);
	/** Extra UI properties of this operation (e.g. binary input fields), shown only for it. */
	extraProperties?: INodeProperties[];
	/**
	 * A billed operation whose endpoints all declare `dry_run`: its Options add Price Quote Only and
	 * Max Spend per Execution (billing/cost.ts, which also refuses both on any other endpoint).
	 */
	quotable?: boolean;
	/** The Options collection, when it is not the image download options (e.g. Describe's). */
	options?: INodeProperties[];
	/**
	 * The Timeout, in seconds, while Options → Timeout is not set, when it is not the image
	 * operations' (videos take minutes to make and are large to download).
	 */
	defaultTimeoutSeconds?: number;
}

/**
 * How an answer becomes items (output/index.ts has one shaper per kind): `images`, one item per
 * image (or a job's status while it runs); `describe`, the descriptions; `layerize` and
 * `layerizedDesign`, a design's layers; `videos`, one item per video (or a job's status while it
 * runs), its file streamed into binary data; `svg`, one item per SVG a vectorization made;
 * `jsonPrompt`, one item with the JSON prompt (keeping the
 * input item's files when asked); `usage`, Get Usage's rows; `list`, one item per entry of the
 * answer's `field`, called `what` in messages.
 */
export type OutputShape =
	| { kind: 'images' | 'videos' | 'svg' | 'describe' | 'layerize' | 'layerizedDesign' | 'usage' }
	| { kind: 'jsonPrompt'; keepInputFiles: boolean }
	| { kind: 'list'; field: string; what: string };

/**
 * A resource: its operations (in the order the Operation list shows them), the operation it
 * starts with, and how the Resource list of each node version names it (a version without an
 * entry lacks it).
 */
export interface ResourceDefinition {
	value: string;
	operations: OperationDefinition[];
	defaultOperation: string;
	listed: Partial<Record<NodeVersion, { name: string; description: string }>>;
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
	/** Models of an `asyncField` operation whose endpoint has no `async` field: they always answer with a job (Reframe's partner models). */
	noAsyncModels?: readonly string[];
}

/** Where a field sits in the n8n parameters, for messages: "Additional Fields → Seed". */
export function fieldLocation(def: OperationDefinition, spec: FieldSpec): string {
	return def.required.includes(spec) ? spec.displayName : `Additional Fields → ${spec.displayName}`;
}
