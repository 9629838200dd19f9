import type { INodeProperties, INodePropertyOptions, PostReceiveAction } from 'n8n-workflow';

import { NODE_VERSIONS, type NodeVersion } from '../versions';
import type { FieldSpec } from './fields';
import type { OperationDefinition, ResourceDefinition } from './operation';
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
function operationProperties(defs: OperationDefinition[]): INodeProperties[] {
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
