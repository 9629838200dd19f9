/**
 * Request validation for the stub, derived from Ideogram's OpenAPI schemas: each route's request body
 * schema is dereferenced, closed (additionalProperties: false) and compiled with ajv once per process.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';

import { V4_V1_ROUTE_PATHS } from './ideogram4';
import { imageSize, sniffImageType } from './png';
import { MultipartError, parseMultipart, type MultipartPart } from './multipart';
import { fromMoreExtract, isVideoRoute, loadMoreOpenApi, MORE_IMAGE_JOB_PATHS, MORE_ROUTE_PATHS, videoFilePart, videoRuleProblem } from './video';

/** Ideogram's published schemas, kept in the repository (test/contract/README.md says where from). */
export const CONTRACT_DIR = path.resolve(__dirname, '..', 'contract');
export const OPENAPI_PATH = path.join(CONTRACT_DIR, 'ideogram-openapi.json');
export const DOCS_OPENAPI_PATH = path.join(CONTRACT_DIR, 'ideogram-openapi-docs.yml');
/** An extract of Ideogram's current spec: the v2 API and Ideogram 4. */
export const V2_OPENAPI_PATH = path.join(CONTRACT_DIR, 'ideogram-v2-openapi.json');

/** The image- and text-producing POST routes of §2 (custom-model routes are out of scope). */
export const ROUTE_PATHS = [
	'/v1/ideogram-v3/generate',
	'/v1/ideogram-v3/generate-transparent',
	'/v1/ideogram-v3/remix',
	'/v1/ideogram-v3/edit',
	'/v1/ideogram-v3/inpaint',
	'/v1/ideogram-v3/reframe',
	'/v1/ideogram-v3/replace-background',
	'/v1/ideogram-v3/layerize-text',
	'/v1/remove-background',
	'/v1/edit',
	'/generate',
	'/remix',
	'/edit',
	'/reframe',
	'/upscale',
	'/describe',
] as const;

/** The routes of Ideogram's current API (v2) the stub serves, from ideogram-v2-openapi.json. */
export const V2_ROUTE_PATHS = [
	'/v2/image/generate/auto',
	'/v2/image/generate/ideogram-3',
	'/v2/image/generate/ideogram-3-character',
	'/v2/image/generate/ideogram-3-transparent',
	'/v2/image/generate/ideogram-4',
	'/v2/image/generate/ideogram-4-5',
	'/v2/image/generate/ideogram-4-transparent',
	'/v2/image/remix/auto',
	'/v2/image/remix/ideogram-3',
	'/v2/image/remix/ideogram-3-character',
	'/v2/image/remix/ideogram-3-custom-model',
	'/v2/image/remix/ideogram-4',
	'/v2/image/inpaint/ideogram-3',
	'/v2/image/precise-edit/ideogram-4-5',
	'/v2/image/reframe/ideogram-3',
	'/v2/image/remove-background/ideogram-1',
	'/v2/image/upscale/auto',
	'/v2/image/upscale/nano-banana-pro',
	'/v2/image/upscale/topaz-bloom-2',
	'/v2/image/upscale/topaz-redefine',
	'/v2/image/upscale/topaz-standard-2',
	'/v2/image/upscale/topaz-text-refine',
	'/v2/image/upscale/topaz-wonder-3-5',
	'/v2/image/describe/ideogram-3',
	'/v2/image/describe/ideogram-4',
	'/v2/design/layerize/ideogram-3',
	'/v2/image/remove-object/ideogram-1',
	'/v2/image/replace-background/ideogram-3',
] as const;

/** v2 routes Ideogram runs only as jobs: they always answer with a generation id (no `async` field). */
export const V2_ASYNC_ONLY_PATHS: readonly string[] = ['/v2/image/remove-object/ideogram-1', '/v2/image/replace-background/ideogram-3', ...MORE_IMAGE_JOB_PATHS];
export type RoutePath = (typeof ROUTE_PATHS)[number] | (typeof V2_ROUTE_PATHS)[number] | (typeof V4_V1_ROUTE_PATHS)[number] | (typeof MORE_ROUTE_PATHS)[number];
/** Routes whose schema is in the v2 extract: v2, and Ideogram 4's v1 endpoints. */
export const fromV2Extract = (p: string) => p.startsWith('/v2/') || p.startsWith('/v1/ideogram-v4/');

/**
 * The `format`s the contract files use, checked as Ideogram checks them (the project has no
 * ajv-formats): `uri` (webhook_url, image URLs) an absolute URI, `date-time` and `date` RFC 3339.
 * binary (file parts, checked by the multipart decoder) and the number formats carry no rule.
 */
export const FORMATS = {
	uri: (text: string): boolean => {
		if (!/^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/.test(text)) return false;
		try {
			new URL(text);
			return true;
		} catch {
			return false;
		}
	},
	'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
	date: /^\d{4}-\d{2}-\d{2}$/,
	binary: true,
	float: true,
	double: true,
	int64: true,
} as const;

/** One ajv for the stub's schemas: formats checked; unoptimised code compiles twice as fast. */
export function stubAjv(): Ajv {
	return new Ajv({ strict: false, allErrors: true, verbose: true, formats: FORMATS, code: { optimize: false } });
}

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Reference-image sets (style / character) may total at most this much. */
export const MAX_REFERENCE_SET_BYTES = 10 * 1024 * 1024;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;

export type FieldKind =
	| { kind: 'file' }
	| { kind: 'files' }
	| { kind: 'scalar'; type: 'string' | 'integer' | 'number' | 'boolean' }
	| { kind: 'array'; itemType: 'string' | 'integer' | 'number' | 'boolean' }
	| { kind: 'object' };

export interface RouteSpec {
	path: RoutePath;
	/** Request content types the schema lists for this path. */
	contentTypes: Array<'application/json' | 'multipart/form-data'>;
	/** 403 where the spec lists 403 (and no 401) as the auth failure. */
	authStatus: 401 | 403;
	schema: Schema;
	fields: Record<string, FieldKind>;
	validate: ValidateFunction;
	/** Name of the JSON object field holding the real parameters (legacy remix/upscale/generate). */
	requestObjectField?: string;
	/** The spec declares the `dry_run` query parameter: `?dry_run=true` prices the request instead. */
	dryRun: boolean;
	/** The query parameters the spec declares for the route, by name: any other is refused. */
	query: Record<string, { schema: Schema; validate: ValidateFunction }>;
	/** Where multipart bodies have a schema of their own (v2 remove-background). */
	multipart?: { schema: Schema; fields: Record<string, FieldKind>; validate: ValidateFunction };
}

export interface UploadedFile {
	field: string;
	filename?: string;
	contentType?: string;
	data: Buffer;
	size: number;
	type?: string;
	width?: number;
	height?: number;
}

export class ApiError extends Error {
	constructor(
		public status: number,
		message: string,
		public extra: Record<string, unknown> = {},
	) {
		super(message);
	}
}

export interface ValidatedRequest {
	route: RouteSpec;
	data: Record<string, unknown>;
	files: Record<string, UploadedFile[]>;
}

// ---------------------------------------------------------------------------------------------
// Schema loading and closing

function resolvePointer(doc: Schema, ref: string): Schema {
	if (!ref.startsWith('#/')) throw new Error(`external $ref not supported: ${ref}`);
	let node: Schema = doc;
	for (const seg of ref.slice(2).split('/')) {
		node = node?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
	}
	if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
	return node;
}

/**
 * Deep copy with every $ref inlined (request schemas have no cycles) and annotations dropped; in a
 * `properties` map the keys are field names (the account line items have a `description` field).
 */
function deref(doc: Schema, node: unknown, seen: string[] = [], fieldNames = false): unknown {
	if (Array.isArray(node)) return node.map((n) => deref(doc, n, seen));
	if (!node || typeof node !== 'object') return node;
	const obj = node as Schema;
	if (!fieldNames && typeof obj.$ref === 'string') {
		if (seen.includes(obj.$ref)) throw new Error(`cyclic $ref ${obj.$ref}`);
		return deref(doc, resolvePointer(doc, obj.$ref), [...seen, obj.$ref]);
	}
	const out: Schema = {};
	for (const [k, v] of Object.entries(obj)) {
		if (!fieldNames && (k === 'example' || k === 'examples' || k === 'description' || k === 'externalDocs')) continue;
		out[k] = deref(doc, v, seen, !fieldNames && k === 'properties');
	}
	return out;
}

/**
 * Flattens object allOf (InitialImageRequest = ImageRequest + image_weight) and closes every object
 * schema that lists properties: Ideogram rejects fields an endpoint does not take.
 */
function close(node: unknown): unknown {
	if (Array.isArray(node)) return node.map(close);
	if (!node || typeof node !== 'object') return node;
	let s: Schema = { ...(node as Schema) };
	if (Array.isArray(s.allOf) && s.allOf.every((p: Schema) => p.properties || p.type === 'object')) {
		const merged: Schema = { ...s, properties: { ...(s.properties ?? {}) }, required: [...(s.required ?? [])] };
		delete merged.allOf;
		for (const part of s.allOf as Schema[]) {
			Object.assign(merged.properties, part.properties ?? {});
			merged.required.push(...(part.required ?? []));
		}
		merged.type = 'object';
		if (!merged.required.length) delete merged.required;
		s = merged;
	}
	for (const [k, v] of Object.entries(s)) {
		if (k === 'enum' || k === 'required' || k === 'default') continue;
		if (k === 'properties') {
			s.properties = Object.fromEntries(Object.entries(v as Schema).map(([pk, pv]) => [pk, close(pv)]));
		} else if (v && typeof v === 'object') {
			s[k] = close(v);
		}
	}
	if (s.properties && s.additionalProperties === undefined) s.additionalProperties = false;
	return s;
}

function scalarType(s: Schema): 'string' | 'integer' | 'number' | 'boolean' {
	const t = Array.isArray(s.type) ? s.type.find((x: string) => x !== 'null') : s.type;
	if (t === 'integer' || t === 'number' || t === 'boolean') return t;
	return 'string';
}

function fieldKinds(schema: Schema): Record<string, FieldKind> {
	const out: Record<string, FieldKind> = {};
	for (const [name, wrapped] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
		// v2 wraps a referenced enum in a one-part allOf (magic_prompt, resolution): a text field.
		const p: Schema = wrapped.allOf?.length === 1 ? { ...wrapped.allOf[0], ...wrapped, allOf: undefined } : wrapped;
		if (p.format === 'binary') out[name] = { kind: 'file' };
		else if (p.type === 'array' && p.items?.format === 'binary') out[name] = { kind: 'files' };
		else if (p.type === 'array') out[name] = { kind: 'array', itemType: scalarType(p.items ?? {}) };
		else if (p.type === 'object' || p.properties || p.oneOf || p.anyOf || p.allOf) out[name] = { kind: 'object' };
		else out[name] = { kind: 'scalar', type: scalarType(p) };
	}
	return out;
}

let cachedRoutes: Map<string, RouteSpec> | undefined;
let cachedEnums: { resolutionV3: string[]; legacyResolution: string[] } | undefined;

let cachedJson: Schema | undefined;
let cachedDocs: Schema | undefined;
/** The server schema (test/contract/ideogram-openapi.json), parsed once per process. */
export function loadOpenApi(): Schema {
	return (cachedJson ??= JSON.parse(fs.readFileSync(OPENAPI_PATH, 'utf8')) as Schema);
}
let cachedV2: Schema | undefined;
/** The v2 spec extract (test/contract/ideogram-v2-openapi.json), parsed once per process. */
export function loadV2OpenApi(): Schema {
	return (cachedV2 ??= JSON.parse(fs.readFileSync(V2_OPENAPI_PATH, 'utf8')) as Schema);
}
function docsSpec(): Schema {
	return (cachedDocs ??= parseYaml(fs.readFileSync(DOCS_OPENAPI_PATH, 'utf8')) as Schema);
}

/**
 * One path item of the docs spec. Parsing the whole 100 kB YAML costs ~250 ms per process, so the
 * path's own block is parsed alone when it needs no $ref; otherwise the whole file.
 */
function docsPathItem(p: string): { doc: Schema; item: Schema } | undefined {
	if (!cachedDocs) {
		const text = fs.readFileSync(DOCS_OPENAPI_PATH, 'utf8');
		const start = text.indexOf(`\n  ${p}:\n`);
		if (start >= 0) {
			const rest = text.slice(start + 1);
			const end = rest.slice(1).search(/\n(?: {2}\S|\S)/);
			const block = end < 0 ? rest : rest.slice(0, end + 1);
			const parsed = parseYaml(`paths:\n${block}`) as Schema;
			const item = parsed?.paths?.[p];
			if (item && !JSON.stringify(item.post?.requestBody ?? {}).includes('$ref')) return { doc: parsed, item };
		}
	}
	const doc = docsSpec();
	return doc.paths?.[p] ? { doc, item: doc.paths[p] } : undefined;
}

/** A component schema of the server spec (docs spec as fallback) with $refs inlined, not closed. */
export function componentSchema(name: string): Schema {
	const json = loadOpenApi();
	const doc = json.components.schemas[name] ? json : docsSpec();
	if (!doc.components.schemas[name]) throw new Error(`no component schema ${name}`);
	return deref(doc, doc.components.schemas[name]) as Schema;
}

/** Compiles one validator per route; cached for the process. */
export function loadRoutes(): Map<string, RouteSpec> {
	if (cachedRoutes) return cachedRoutes;
	const json = loadOpenApi();
	const ajv = stubAjv();
	const routes = new Map<string, RouteSpec>();
	const v2 = loadV2OpenApi();
	for (const p of [...ROUTE_PATHS, ...V2_ROUTE_PATHS, ...V4_V1_ROUTE_PATHS, ...MORE_ROUTE_PATHS]) {
		// The server schema wins; /v1/remove-background exists only in the docs schema.
		const found = fromMoreExtract(p)
			? { doc: loadMoreOpenApi(), item: loadMoreOpenApi().paths[p] as Schema }
			: fromV2Extract(p)
			? { doc: v2, item: v2.paths[p] as Schema }
			: json.paths?.[p]?.post
				? { doc: json, item: json.paths[p] as Schema }
				: docsPathItem(p);
		const doc = found?.doc ?? json;
		const op = found?.item.post as Schema | undefined;
		if (!op?.requestBody?.content) throw new Error(`no request body schema for ${p}`);
		const content = op.requestBody.content as Record<string, { schema: Schema }>;
		const contentTypes = Object.keys(content).filter(
			(c): c is 'application/json' | 'multipart/form-data' =>
				c === 'application/json' || c === 'multipart/form-data',
		);
		const first = content[contentTypes[0]].schema;
		const schema = close(deref(doc, first)) as Schema;
		// v2 remove-background has one schema per content type (JSON: an asset; multipart: the file).
		const multipartSchema = content['multipart/form-data']?.schema;
		const ownMultipart =
			contentTypes[0] !== 'multipart/form-data' && multipartSchema && JSON.stringify(multipartSchema) !== JSON.stringify(first)
				? (close(deref(doc, multipartSchema)) as Schema)
				: undefined;
		const responses = Object.keys(op.responses ?? {});
		const authStatus = responses.includes('403') && !responses.includes('401') ? 403 : 401;
		const fields = fieldKinds(schema);
		const requestObjectField = fields.image_request?.kind === 'object' ? 'image_request' : undefined;
		const parameters = (op.parameters ?? []) as Schema[];
		const declared = parameters.map((x) => (x.$ref ? resolvePointer(doc, x.$ref as string) : x)).filter((x) => x.in === 'query');
		const query = Object.fromEntries(
			declared.map((x) => {
				const schema = close(deref(doc, x.schema ?? {})) as Schema;
				return [x.name as string, { schema, validate: ajv.compile(schema) }];
			}),
		);
		const dryRun = 'dry_run' in query;
		routes.set(p, {
			path: p,
			dryRun,
			query,
			contentTypes,
			authStatus,
			schema,
			fields,
			validate: ajv.compile(schema),
			requestObjectField,
			...(ownMultipart
				? { multipart: { schema: ownMultipart, fields: fieldKinds(ownMultipart), validate: ajv.compile(ownMultipart) } }
				: {}),
		});
	}
	const schemas = json.components.schemas as Schema;
	cachedEnums = { resolutionV3: schemas.ResolutionV3.enum, legacyResolution: schemas.Resolution.enum };
	cachedRoutes = routes;
	return routes;
}

export function resolutionEnums(): { resolutionV3: string[]; legacyResolution: string[] } {
	loadRoutes();
	return cachedEnums!;
}

// ---------------------------------------------------------------------------------------------
// Error messages

function fieldPath(instancePath: string, prop?: string): string {
	const segs = instancePath.split('/').slice(1);
	if (prop !== undefined) segs.push(prop);
	let out = '';
	for (const s of segs) out += /^\d+$/.test(s) ? `[${s}]` : out ? `.${s}` : s;
	return out || '(body)';
}

function short(v: unknown): string {
	const s = JSON.stringify(v);
	return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function describeError(e: ErrorObject): string {
	const f = fieldPath(e.instancePath);
	const p = e.params as Record<string, unknown>;
	switch (e.keyword) {
		case 'additionalProperties':
			return unknownFieldMessage(fieldPath(e.instancePath, String(p.additionalProperty)));
		case 'required':
			return `Missing required field '${fieldPath(e.instancePath, String(p.missingProperty))}'`;
		case 'enum': {
			const allowed = p.allowedValues as unknown[];
			const list = allowed.length > 16 ? `${allowed.slice(0, 16).join(', ')}, ... (${allowed.length} values)` : allowed.join(', ');
			return `Invalid value ${short(e.data)} for '${f}': must be one of ${list}`;
		}
		case 'type':
			return `Invalid value ${short(e.data)} for '${f}': must be ${String(p.type)}`;
		case 'minimum':
		case 'maximum':
		case 'exclusiveMinimum':
		case 'exclusiveMaximum':
			return `Invalid value ${short(e.data)} for '${f}': must be ${String(p.comparison)} ${String(p.limit)}`;
		case 'pattern':
			return `Invalid value ${short(e.data)} for '${f}': must match ${String(p.pattern)}`;
		case 'minItems':
		case 'maxItems':
			return `'${f}' ${e.message ?? 'has the wrong number of items'}`;
		default:
			return `Invalid '${f}': ${e.message ?? e.keyword}`;
	}
}

/** Folds ajv's errors (oneOf branches included) into one message that names the fields. */
function ajvMessage(errors: ErrorObject[]): string {
	const oneOfs = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
	const inside = (e: ErrorObject, o: ErrorObject) =>
		e !== o && e.schemaPath.startsWith(`${o.schemaPath}/`) && e.instancePath.startsWith(o.instancePath);
	const messages: string[] = [];
	for (const e of errors) {
		if (oneOfs.some((o) => inside(e, o))) continue;
		if (e.keyword === 'oneOf' || e.keyword === 'anyOf') {
			const f = fieldPath(e.instancePath);
			const branches = (e.schema as Schema[]).map((b) =>
				`{${(b.required ?? Object.keys(b.properties ?? {})).join(', ')}}`,
			);
			// Report the branch(es) that came closest: fewest errors.
			const byBranch = new Map<string, string[]>();
			for (const x of errors.filter((x) => inside(x, e))) {
				const branch = x.schemaPath.slice(e.schemaPath.length + 1).split('/')[0];
				byBranch.set(branch, [...(byBranch.get(branch) ?? []), describeError(x)]);
			}
			const fewest = Math.min(...[...byBranch.values()].map((v) => v.length));
			const detail = [...byBranch.values()].filter((v) => v.length === fewest).flat();
			const uniq = [...new Set(detail)].slice(0, 3);
			messages.push(
				`Invalid '${f}': must match exactly one of ${branches.join(' or ')}` + (uniq.length ? ` (${uniq.join('; ')})` : ''),
			);
			continue;
		}
		messages.push(describeError(e));
	}
	return [...new Set(messages)].slice(0, 4).join('; ');
}

export function unknownFieldMessage(field: string): string {
	return `Unknown field '${field}': this endpoint does not accept it`;
}

// ---------------------------------------------------------------------------------------------
// Body decoding

function mediaType(contentType: string | undefined): string {
	return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

const INT_RE = /^[+-]?\d+$/;
const NUM_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function coerceScalar(field: string, type: 'string' | 'integer' | 'number' | 'boolean', text: string): unknown {
	switch (type) {
		case 'integer':
			if (!INT_RE.test(text.trim())) throw new ApiError(400, `Invalid value ${short(text)} for '${field}': must be an integer`);
			return Number(text.trim());
		case 'number':
			if (!NUM_RE.test(text.trim())) throw new ApiError(400, `Invalid value ${short(text)} for '${field}': must be a number`);
			return Number(text.trim());
		case 'boolean': {
			const t = text.trim().toLowerCase();
			if (t === 'true' || t === '1') return true;
			if (t === 'false' || t === '0') return false;
			throw new ApiError(400, `Invalid value ${short(text)} for '${field}': must be true or false`);
		}
		default:
			return text;
	}
}

function checkFilePart(part: MultipartPart): UploadedFile {
	const field = part.name;
	if (part.filename === undefined || part.filename === '') {
		throw new ApiError(400, `'${field}' must be a file part (with a filename), not a text field`);
	}
	if (part.data.length > MAX_FILE_BYTES) {
		throw new ApiError(413, `File '${field}' is ${part.data.length} bytes; the limit is 10 MB per file`);
	}
	if (!part.contentType || !mediaType(part.contentType).startsWith('image/')) {
		throw new ApiError(
			400,
			`File '${field}' has Content-Type ${part.contentType ?? '(none)'}; only image/png, image/jpeg and image/webp are supported`,
		);
	}
	const type = sniffImageType(part.data);
	if (!type) throw new ApiError(400, `File '${field}' is not a valid PNG, JPEG or WebP image`);
	// The part's declared type must be what its bytes are: a JPEG sent as image/png is refused.
	const declared = mediaType(part.contentType) === 'image/jpg' ? 'image/jpeg' : mediaType(part.contentType);
	if (declared !== type) {
		throw new ApiError(400, `File '${field}' is declared as ${declared} but its bytes are ${type}`);
	}
	const size = imageSize(part.data);
	if (!size) throw new ApiError(400, `File '${field}' could not be decoded as ${type}`);
	return {
		field,
		filename: part.filename,
		contentType: part.contentType,
		data: part.data,
		size: part.data.length,
		type,
		width: size.width,
		height: size.height,
	};
}

function pushTo(obj: Record<string, unknown>, key: string, value: unknown): void {
	((obj[key] ??= []) as unknown[]).push(value);
}

function decodeMultipart(route: RouteSpec, parts: MultipartPart[]): ValidatedRequest {
	const data: Record<string, unknown> = {};
	const files: Record<string, UploadedFile[]> = {};
	for (const part of parts) {
		const field = part.name;
		const kind = route.fields[field];
		if (!kind) throw new ApiError(400, unknownFieldMessage(field));
		if (kind.kind === 'file' || kind.kind === 'files') {
			const video = videoFilePart(route.path, part);
			if (video && 'status' in video) throw new ApiError(video.status, video.message);
			const file = video?.file ?? checkFilePart(part);
			if (kind.kind === 'file' && files[field]) throw new ApiError(400, `'${field}' was sent more than once; it takes one file`);
			(files[field] ??= []).push(file);
			const placeholder = `<file ${file.filename}>`;
			if (kind.kind === 'file') data[field] = placeholder;
			else pushTo(data, field, placeholder);
			continue;
		}
		if (part.filename !== undefined) {
			throw new ApiError(400, `'${field}' must be a text field, not a file part`);
		}
		const text = part.data.toString('utf8');
		if (text === '') {
			throw new ApiError(400, `'${field}' is an empty part; leave unset fields out instead of sending them empty`);
		}
		if (kind.kind === 'array') {
			pushTo(data, field, coerceScalar(field, kind.itemType, text));
			continue;
		}
		if (field in data) throw new ApiError(400, `'${field}' was sent more than once`);
		if (kind.kind === 'object') {
			try {
				data[field] = JSON.parse(text) as Json;
			} catch (e) {
				throw new ApiError(400, `'${field}' must be a JSON-encoded object: ${(e as Error).message}`);
			}
			continue;
		}
		data[field] = coerceScalar(field, kind.type, text);
	}
	return { route, data, files };
}

function decodeJson(route: RouteSpec, body: Buffer): ValidatedRequest {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body.toString('utf8'));
	} catch (e) {
		throw new ApiError(400, `Request body is not valid JSON: ${(e as Error).message}`);
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new ApiError(400, 'Request body must be a JSON object');
	}
	for (const [name, kind] of Object.entries(route.fields)) {
		if ((kind.kind === 'file' || kind.kind === 'files') && name in (parsed as object)) {
			throw new ApiError(400, `'${name}' is a file field; files can only be sent as multipart/form-data`);
		}
	}
	return { route, data: parsed as Record<string, unknown>, files: {} };
}

/** Decodes and validates a request body for a route; throws ApiError (400/413/415) when rejected. */
export function validateRequest(spec: RouteSpec, contentType: string | undefined, body: Buffer): ValidatedRequest {
	const mt = mediaType(contentType);
	const route: RouteSpec = mt === 'multipart/form-data' && spec.multipart ? { ...spec, ...spec.multipart } : spec;
	const accepted = route.contentTypes.join(' or ');
	let req: ValidatedRequest;
	if (mt === 'application/json' && route.contentTypes.includes('application/json')) {
		req = decodeJson(route, body);
	} else if (mt === 'multipart/form-data' && route.contentTypes.includes('multipart/form-data')) {
		let parts: MultipartPart[];
		try {
			parts = parseMultipart(body, contentType);
		} catch (e) {
			if (e instanceof MultipartError) throw new ApiError(400, `Malformed multipart/form-data body: ${e.message}`);
			throw e;
		}
		req = decodeMultipart(route, parts);
	} else {
		throw new ApiError(
			415,
			`Unsupported Content-Type ${mt ? `'${mt}'` : '(none)'} for ${route.path}; this endpoint accepts ${accepted}`,
		);
	}
	if (!route.validate(req.data)) {
		throw new ApiError(400, ajvMessage(route.validate.errors ?? []));
	}
	checkNonEmptyRequired(route.schema, req.data, '');
	checkRules(req);
	return req;
}

/** Required string fields (prompt, ...) must not be blank. */
function checkNonEmptyRequired(schema: Schema, data: unknown, prefix: string): void {
	if (!data || typeof data !== 'object') return;
	for (const name of (schema.required ?? []) as string[]) {
		const p = schema.properties?.[name] as Schema | undefined;
		const v = (data as Record<string, unknown>)[name];
		if (p?.type === 'string' && p.format !== 'binary' && typeof v === 'string' && v.trim() === '') {
			throw new ApiError(400, `'${prefix}${name}' must not be empty`);
		}
		if (p?.properties) checkNonEmptyRequired(p, v, `${prefix}${name}.`);
	}
	for (const [name, p] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
		if (p.properties && !(schema.required ?? []).includes(name)) {
			checkNonEmptyRequired(p, (data as Record<string, unknown>)[name], `${prefix}${name}.`);
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Cross-field rules (§3, §5 of the reference)

const LEGACY_NO_STYLE_TYPE = ['V_1', 'V_1_TURBO'];
const LEGACY_NEGATIVE_PROMPT_OK = ['V_1', 'V_1_TURBO', 'V_2', 'V_2_TURBO'];
const LEGACY_NO_COLOR_PALETTE = ['V_1', 'V_1_TURBO', 'V_2A', 'V_2A_TURBO'];
const LEGACY_EDIT_MODELS = ['V_2', 'V_2_TURBO'];

function bad(message: string): never {
	throw new ApiError(400, message);
}

/** The object holding the parameters: image_request for legacy JSON-in-part routes, else the body. */
export function paramsOf(req: ValidatedRequest): Record<string, unknown> {
	const f = req.route.requestObjectField;
	return f ? ((req.data[f] as Record<string, unknown>) ?? {}) : req.data;
}

/** The v2 models whose prompt may hold a JSON prompt (their spec says so). */
const JSON_PROMPT_ROUTES = ['/v2/image/generate/ideogram-4', '/v2/image/generate/ideogram-4-5', '/v2/image/generate/ideogram-4-transparent'];
let jsonPromptValidator: ValidateFunction | undefined;

/**
 * v2 types `prompt` as a string; a model that takes JSON prompts reads one that is JSON as a
 * V4JsonPrompt. The stub holds such a prompt to that schema, closed like the request schemas.
 */
function checkJsonPromptString(route: RouteSpec, prompt: unknown): void {
	if (!JSON_PROMPT_ROUTES.includes(route.path) || typeof prompt !== 'string' || !prompt.trimStart().startsWith('{')) return;
	let parsed: unknown;
	try {
		parsed = JSON.parse(prompt);
	} catch (e) {
		bad(`'prompt' starts like a JSON prompt but is not valid JSON: ${(e as Error).message}`);
	}
	const v2 = loadV2OpenApi();
	jsonPromptValidator ??= stubAjv().compile(close(deref(v2, v2.components.schemas.V4JsonPrompt)) as Schema);
	if (!jsonPromptValidator(parsed)) bad(`'prompt' is not a valid JSON prompt: ${ajvMessage(jsonPromptValidator.errors ?? [])}`);
}

function checkRules(req: ValidatedRequest): void {
	const { route, files } = req;
	const p = paramsOf(req);
	checkJsonPromptString(route, p.prompt);
	if (route.path === '/v1/ideogram-v4/generate' && (p.text_prompt === undefined) === (p.json_prompt === undefined)) {
		bad(`Supply exactly one of 'text_prompt' or 'json_prompt'`);
	}
	const pre = route.requestObjectField ? `${route.requestObjectField}.` : '';
	const has = (k: string) => p[k] !== undefined;

	if (has('resolution') && has('aspect_ratio') && !isVideoRoute(route.path)) {
		bad(`'${pre}resolution' and '${pre}aspect_ratio' cannot be used together`);
	}
	if (has('style_codes') && has('style_type')) bad(`'style_codes' cannot be combined with 'style_type'`);
	if (has('style_codes') && files.style_reference_images?.length) {
		bad(`'style_codes' cannot be combined with 'style_reference_images'`);
	}
	if (route.path === '/v1/ideogram-v3/generate-transparent' && p.rendering_speed === 'FLASH') {
		bad(`'rendering_speed' FLASH is not supported by generate-transparent (use TURBO, DEFAULT or QUALITY)`);
	}
	const refs = files.character_reference_images ?? [];
	const refMasks = files.character_reference_images_mask ?? [];
	if (refs.length > 1) bad(`'character_reference_images': only 1 image is currently supported, got ${refs.length}`);
	if (refMasks.length && refMasks.length !== refs.length) {
		bad(
			`'character_reference_images_mask' count (${refMasks.length}) must equal 'character_reference_images' count (${refs.length})`,
		);
	}
	refMasks.forEach((m, i) => sameSize(m, refs[i], 'character_reference_images_mask', 'character_reference_images'));
	// v1 limits a reference set to 10 MB in all; v2 takes up to 25 MB per file instead.
	for (const set of route.path.startsWith('/v2/') ? [] : ['style_reference_images', 'character_reference_images']) {
		const total = (files[set] ?? []).reduce((n, f) => n + f.size, 0);
		if (total > MAX_REFERENCE_SET_BYTES) throw new ApiError(413, `'${set}' total ${total} bytes; the limit is 10 MB per set`);
	}
	if (route.path === '/v2/image/generate/ideogram-3-character' && !refs.length && !has('character_reference_asset_identifiers')) {
		bad(`'ideogram-3-character' needs a character reference ('character_reference_images' or 'character_reference_asset_identifiers')`);
	}
	if (files.mask) {
		const img = files.image?.[0] ?? files.image_file?.[0];
		if (img) sameSize(files.mask[0], img, 'mask', img.field);
	}
	if (route.path.startsWith('/v2/')) checkV2Rules(req);
	const videoProblem = videoRuleProblem(req);
	if (videoProblem) bad(videoProblem);
	if (route.path === '/v1/edit' && !files.images?.length && !(p.image_urls as unknown[] | undefined)?.length) {
		bad(`'/v1/edit' needs 'images' or 'image_urls'`);
	}
	// Legacy model rules: the model defaults to V_2 where the schema has a model field.
	const modelSchema = route.requestObjectField
		? route.schema.properties?.[route.requestObjectField]?.properties?.model
		: route.schema.properties?.model;
	if (modelSchema) {
		const model = (p.model as string | undefined) ?? 'V_2';
		if (has('style_type') && LEGACY_NO_STYLE_TYPE.includes(model)) {
			bad(`'${pre}style_type' is not supported with model ${model} (only V_2 and above)`);
		}
		if (has('negative_prompt') && !LEGACY_NEGATIVE_PROMPT_OK.includes(model)) {
			bad(`'${pre}negative_prompt' is only supported with models ${LEGACY_NEGATIVE_PROMPT_OK.join(', ')}, not ${model}`);
		}
		if (has('color_palette') && LEGACY_NO_COLOR_PALETTE.includes(model)) {
			bad(`'${pre}color_palette' is not supported with model ${model}`);
		}
		if (route.path === '/edit' && !LEGACY_EDIT_MODELS.includes(model)) {
			bad(`'model' ${model} is not supported by /edit; use V_2 or V_2_TURBO`);
		}
	}
}

function sameSize(a: UploadedFile, b: UploadedFile | undefined, an: string, bn: string): void {
	if (!b) return;
	if (a.width !== b.width || a.height !== b.height) {
		bad(`'${an}' must have the same pixel size as '${bn}' (${a.width}x${a.height} vs ${b.width}x${b.height})`);
	}
}

/**
 * The v2 rules the spec states in prose, not in the schema: the image to work on as a file or an
 * asset (one, not both), inpaint's mask, precise edit's reference count and context window, the
 * character models' reference, and each Topaz face-recovery pair.
 */
function checkV2Rules(req: ValidatedRequest): void {
	const { route, files, data } = req;
	const has = (k: string) => data[k] !== undefined;
	if ('image' in route.fields) {
		const given = (files.image?.length ? 1 : 0) + (has('image_asset_identifier') ? 1 : 0);
		if (given === 0) bad(`'image' or 'image_asset_identifier' is required`);
		if (given === 2 && !route.path.includes('precise-edit')) bad(`supply 'image' or 'image_asset_identifier', never both`);
	}
	if (route.path === '/v2/image/inpaint/ideogram-3' && !files.mask?.length && !has('mask_asset_identifier')) {
		bad(`'mask' is required: black marks the region to repaint`);
	}
	if (route.path === '/v2/image/precise-edit/ideogram-4-5') {
		const refs = files.reference_images?.length ?? 0;
		if (files.mask?.length && refs > 3) bad(`a request with a 'mask' can include at most three 'reference_images', got ${refs}`);
		if (data.context_window === 'auto' && !files.mask?.length) bad(`'context_window' auto requires a 'mask'`);
	}
	if (route.path === '/v2/image/remix/ideogram-3-character' && !files.character_reference_images?.length && !has('character_reference_asset_identifiers') && !has('character_reference_collection_id')) {
		bad(`'ideogram-3-character' needs a character reference ('character_reference_images' or 'character_reference_asset_identifiers')`);
	}
	if (files.character_reference_mask?.length) {
		const ref = files.character_reference_images?.[0];
		if (!ref) bad(`'character_reference_mask' applies only with 'character_reference_images'`);
		sameSize(files.character_reference_mask[0], ref, 'character_reference_mask', 'character_reference_images');
	}
	if (data.face_enhancement === true && (!has('face_enhancement_strength') || !has('face_enhancement_creativity'))) {
		bad(`'face_enhancement' true requires 'face_enhancement_strength' and 'face_enhancement_creativity'`);
	}
	if (has('style_preset') && (has('style_codes') || files.style_reference_images?.length)) {
		bad(`'style_preset' cannot be combined with style codes or style references`);
	}
}

/** A component schema of the v2 extract (PriceQuote), closed like the request schemas. */
export function v2ComponentValidator(name: string): ValidateFunction {
	const doc = loadV2OpenApi();
	if (!doc.components.schemas[name]) throw new Error(`no component schema ${name}`);
	return stubAjv().compile(close(deref(doc, doc.components.schemas[name])) as Schema);
}

let cachedResponseValidators: Map<string, ValidateFunction> | undefined;
/**
 * The spec's 200 response schema of a v2 route, closed like the request schemas, so a test can hold
 * what the stub answers to what Ideogram documents.
 */
export function v2ResponseValidator(routePath: string): ValidateFunction {
	cachedResponseValidators ??= new Map();
	const cached = cachedResponseValidators.get(routePath);
	if (cached) return cached;
	const doc = loadV2OpenApi();
	const operation = doc.paths[routePath]?.post ?? doc.paths[routePath]?.get;
	const schema = operation?.responses?.['200']?.content?.['application/json']?.schema;
	if (!schema) throw new Error(`no 200 response schema for ${routePath}`);
	const validate = stubAjv().compile(close(deref(doc, schema)) as Schema);
	cachedResponseValidators.set(routePath, validate);
	return validate;
}

// ---------------------------------------------------------------------------------------------
// Query parameters

/**
 * Refuses a query parameter the route does not declare (dry_run where the spec has none, or a
 * made-up one), and a declared one whose value its schema refuses. Booleans are `true` or `false`:
 * the spec types dry_run as a boolean, and the stub reads `dry_run=1` as a mistake, not as yes.
 */
export function checkQuery(route: RouteSpec, query: URLSearchParams): void {
	for (const [name, text] of query) {
		const param = route.query[name];
		if (!param) {
			const known = Object.keys(route.query);
			throw new ApiError(400, `Unknown query parameter '${name}': ${route.path} takes ${known.length ? known.join(', ') : 'none'}`);
		}
		const type = scalarType(param.schema);
		let value: unknown = text;
		if (type === 'boolean') {
			if (text !== 'true' && text !== 'false') throw new ApiError(400, `Invalid value ${short(text)} for query parameter '${name}': must be true or false`);
			value = text === 'true';
		} else if (type !== 'string') {
			value = coerceScalar(name, type, text);
		}
		if (!param.validate(value)) throw new ApiError(400, `Query parameter ${ajvMessage(param.validate.errors ?? []).replace(`'(body)'`, `'${name}'`)}`);
	}
}

// ---------------------------------------------------------------------------------------------
// The stub's own answers, held to the spec

/** The spec path a request path answers under: its own, or the template it fills in. */
function specPathOf(requestPath: string): string {
	if (requestPath.startsWith('/v2/generations/')) return '/v2/generations/{generation_id}';
	return requestPath;
}

const answerValidators = new Map<string, ValidateFunction | undefined>();

/**
 * The spec's 200 answer schema for a method and path, closed like the request schemas (the stub
 * must not answer a field Ideogram does not document); undefined where the spec has none.
 */
export function answerValidator(method: string, requestPath: string): ValidateFunction | undefined {
	const specPath = specPathOf(requestPath);
	const key = `${method.toUpperCase()} ${specPath}`;
	if (answerValidators.has(key)) return answerValidators.get(key);
	const v2 = loadV2OpenApi();
	const more = loadMoreOpenApi();
	const json = loadOpenApi();
	// The second extract's routes (video, Vectorize, partner models) answer under its own schemas.
	const doc = v2.paths[specPath] ? v2 : more.paths?.[specPath] ? more : json.paths[specPath] ? json : docsSpec();
	const schema = doc.paths?.[specPath]?.[method.toLowerCase()]?.responses?.['200']?.content?.['application/json']?.schema as Schema | undefined;
	const validate = schema ? stubAjv().compile(close(deref(doc, schema)) as Schema) : undefined;
	answerValidators.set(key, validate);
	return validate;
}

/**
 * Why the stub's answer breaks the spec, or undefined when it keeps to it. A path the spec gives no
 * 200 schema is a stub bug too: the stub serves only what the contract files describe.
 */
export function answerProblem(method: string, requestPath: string, body: unknown, schema?: ValidateFunction): string | undefined {
	const validate = schema ?? answerValidator(method, requestPath);
	if (!validate) return `the contract files give no 200 answer schema for ${method} ${requestPath}`;
	return validate(body) ? undefined : ajvMessage(validate.errors ?? []);
}

let priceQuoteValidator: ValidateFunction | undefined;
/** What `?dry_run=true` answers: the spec's PriceQuote (the dry_run parameter says so). */
export function priceQuoteSchema(): ValidateFunction {
	return (priceQuoteValidator ??= v2ComponentValidator('PriceQuote'));
}
