import { NodeOperationError, type DeclarativeRestApiSettings, type IDataObject, type IExecuteSingleFunctions } from 'n8n-workflow';

import type { FieldSpec } from '../description/fields';
import { fieldLocation, type OperationDefinition } from '../description/operation';
import { deletePath, getPath, setPath } from '../description/objectPath';

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** Whether the node's parameters hide a field (a hidden required field is not asked for). */
function hiddenBy(ctx: IExecuteSingleFunctions, hide: Record<string, string[]>): boolean {
	return Object.entries(hide).some(([parameter, values]) => values.includes(String(ctx.getNodeParameter(parameter, ''))));
}

/**
 * Checks every field RoutingNode put into the body against its definition and turns n8n values
 * into wire values, before anything is sent: a request Ideogram would reject costs the user a
 * round trip and, on some resellers, money. Throws a NodeOperationError naming the field.
 * Returns the body and the item's model (read once here for the rules; the caller needs it too).
 */
export function prepareBody(
	this: IExecuteSingleFunctions,
	def: OperationDefinition,
	body: IDataObject,
): { fields: IDataObject; model?: string } {
	const prefix = def.bodyPrefix ?? '';
	const fail = (spec: FieldSpec, problem: string, fix: string) =>
		new NodeOperationError(this.getNode(), `${fieldLocation(def, spec)} ${problem}`, {
			itemIndex: this.getItemIndex(),
			description: fix,
		});

	// Required fields are top-level parameters without routing (description/operation.ts, fieldProperty).
	const shown = def.required.filter((spec) => !(spec.hide && hiddenBy(this, spec.hide)));
	for (const spec of shown) setPath(body, prefix + spec.wire, this.getNodeParameter(spec.name, spec.default));
	def.fillBody?.call(this, body);
	for (const spec of shown) {
		if (isBlank(getPath(body, prefix + spec.wire)))
			throw fail(spec, 'is required but empty', `Enter a value for "${spec.displayName}", or map one with an expression that is not empty for this item.`);
	}
	for (const spec of [...def.required, ...def.optional]) {
		const path = prefix + spec.wire;
		const value = getPath(body, path);
		if (value === undefined) continue;
		// An optional field whose expression came out empty for this item counts as not set:
		// Ideogram rejects empty values, and the user's intent is "nothing here".
		if (isBlank(value) && !def.required.includes(spec)) {
			deletePath(body, path);
			continue;
		}
		const problem = spec.check?.(value);
		if (problem)
			throw fail(spec, problem, `Change "${spec.displayName}" to a value Ideogram accepts, or remove it from ${def.required.includes(spec) ? 'the expression' : 'Additional Fields'}.`);
		if (spec.toWire) setPath(body, path, spec.toWire(value));
	}
	for (const rule of def.exclusive ?? []) {
		const [a, b] = rule.fields;
		if (getPath(body, prefix + a) !== undefined && getPath(body, prefix + b) !== undefined) {
			const spec = [...def.required, ...def.optional].find((s) => s.wire === a)!;
			const other = [...def.required, ...def.optional].find((s) => s.wire === b)!;
			throw fail(spec, `cannot be combined with "${other.displayName}"`, rule.fix);
		}
	}
	const fields = (prefix ? getPath(body, prefix.replace(/\.$/, '')) : body) as IDataObject | undefined;
	const model = def.model?.call(this);
	for (const rule of def.rules ?? []) {
		const violation = rule(fields ?? {}, model);
		if (!violation) continue;
		// A rule may name a whole object field (color_palette) that specs fill part by part.
		const spec = [...def.required, ...def.optional].find((s) => s.wire === violation.field || s.wire.startsWith(`${violation.field}.`))!;
		throw fail(spec, violation.problem, violation.fix);
	}
	if (fields) def.modelWire?.(fields, model);
	return { fields: body, model };
}

export interface FilePart {
	field: string;
	data: Buffer;
	fileName: string;
	mimeType: string;
}

/**
 * A multipart body the way Ideogram reads it: scalars as text parts, arrays as repeated parts of
 * the same name, objects (color_palette, image_request) as one JSON text part, files with a name
 * and content type. Node's own FormData/Blob, so the package needs no runtime dependency.
 */
export function toMultipart(body: IDataObject, files: FilePart[]): FormData {
	const form = new FormData();
	for (const [name, value] of Object.entries(body)) {
		if (value === undefined || value === null) continue;
		if (Array.isArray(value)) for (const v of value) form.append(name, typeof v === 'object' ? JSON.stringify(v) : String(v));
		else form.append(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
	}
	for (const file of files) {
		form.append(file.field, new Blob([new Uint8Array(file.data)], { type: file.mimeType }), file.fileName);
	}
	return form;
}

/** Puts the body on the request: JSON, or multipart when the operation says so or files are attached. */
export function encodeBody(
	def: OperationDefinition,
	options: DeclarativeRestApiSettings.ResultOptions['options'],
	body: IDataObject,
	files: FilePart[],
): void {
	if (def.method === 'GET') {
		delete options.body;
		return;
	}
	if (def.encoding === 'multipart' || files.length) {
		options.body = toMultipart(body, files) as unknown as IDataObject;
		// A leftover JSON content type makes axios serialise the form as JSON and drop the files.
		for (const header of Object.keys(options.headers ?? {}))
			if (header.toLowerCase() === 'content-type') delete options.headers![header];
		delete options.json;
	} else {
		options.body = body;
		options.json = true;
	}
}
