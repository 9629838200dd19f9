import type { INodeProperties, INodePropertyOptions, PostReceiveAction } from 'n8n-workflow';

import { NODE_VERSIONS, type NodeVersion } from '../versions';
import type { FieldSpec } from './fields';
import type { OperationDefinition, ResourceDefinition } from './operation';
import { mergeCollections, mergeCopies } from './merge';
import { COST_OPTIONS, jobOptionsFor, outputOptions } from './options';

/**
 * The node's properties, built from the resource table. The description layer imports no runtime
 * code: the one runtime piece the routing names, the postReceive actions that turn an operation's
 * answer into items, comes in as `answerActions` from Ideogram.node.ts.
 */

/** The postReceive actions of one operation (runtime/answer.ts). */
export type AnswerActions = (def: OperationDefinition) => PostReceiveAction[];

/**
 * Every Resource selector (one per node version) first, then every Operation selector (each shows
 * for its own resource only, so every operation still shows Resource, then Operation), then the
 * fields of all operations, copies shared across resources.
 */
export function nodeProperties(resources: ResourceDefinition[], answerActions: AnswerActions): INodeProperties[] {
	return [
		...NODE_VERSIONS.map((version) => resourceSelector(resources, version)),
		...resources.map((resource) => operationSelector(resource, answerActions)),
		...operationProperties(resources.flatMap((resource) => resource.operations)),
	];
}

/**
 * The canvas subtitle, "Generate: Image": the operation and resource as the panel names them, for
 * the node's version (version 2 names the Ideogram 3.0 resource "Image (Ideogram 3.0, v1 API)",
 * version 1 "Image"). An expression over two lookup tables built from the resource table; a
 * value it does not know (from a newer node, or an expression) is shown as it is.
 */
export function nodeSubtitle(resources: ResourceDefinition[]): string {
	const operations = Object.fromEntries(resources.flatMap((r) => r.operations.map((o) => [`${r.value}/${o.value}`, o.name])));
	const names = Object.fromEntries(
		resources.flatMap((r) => NODE_VERSIONS.filter((v) => r.listed[v]).map((v) => [`${v}/${r.value}`, r.listed[v]!.name])),
	);
	const resource = '$parameter["resource"]';
	const operation = '$parameter["operation"]';
	return `={{ (${JSON.stringify(operations)}[${resource} + "/" + ${operation}] || ${operation}) + ": " + (${JSON.stringify(names)}[$nodeVersion + "/" + ${resource}] || ${resource}) }}`;
}

/** One Resource parameter per node version, each with its own list and default. */
function resourceSelector(resources: ResourceDefinition[], version: NodeVersion): INodeProperties {
	const listed = resources.filter((r) => r.listed[version]);
	const first = listed[0].value;
	return {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { '@version': [version] } },
		options: listed.map((r) => ({ ...r.listed[version]!, value: r.value })),
		default: first,
	};
}

function operationSelector(resource: ResourceDefinition, answerActions: AnswerActions): INodeProperties {
	const first = resource.defaultOperation;
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.value] } },
		options: resource.operations.map((def) => operationOption(def, answerActions)),
		default: first,
	};
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

function operationOption(def: OperationDefinition, answerActions: AnswerActions): INodePropertyOptions {
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
			output: { postReceive: answerActions(def) },
		},
	};
}

/** One operation's properties in four groups: required fields, input files, Additional Fields, Options. */
export function operationGroups(def: OperationDefinition): INodeProperties[][] {
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
function operationProperties(defs: OperationDefinition[]): INodeProperties[] {
	const groups: INodeProperties[][] = [[], [], [], []];
	for (const def of defs) operationGroups(def).forEach((group, i) => groups[i].push(...group));
	const operations = defs.map((def): [string, string] => [def.resource, def.value]);
	// Required fields keep each operation's order; the other groups may also fold collections.
	return groups.flatMap((group, i) => (i === 0 ? mergeCopies(group, operations, true) : mergeCollections(mergeCopies(group, operations, false), operations)));
}
