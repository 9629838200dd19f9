import type { INodeProperties } from 'n8n-workflow';

/**
 * How the copies each operation makes of a property become as few top-level properties as n8n
 * allows. Why it matters: n8n's RoutingNode reads and resolves the value of every top-level
 * property for every item, twice (once more to find the base URL), before the first request
 * leaves, whether or not the property is shown. Each copy of a name costs a walk per item, and an
 * expression inside that value is evaluated once per copy, twice.
 */

type Shown = { resource: string[]; operation: string[] };

const shownFor = (property: INodeProperties): Shown | undefined => {
	const show = property.displayOptions?.show as Partial<Shown> | undefined;
	return show?.resource && show.operation ? (show as Shown) : undefined;
};

/** The resources and operations of both, each once: what a merged property would list. */
const unionOf = (a: Shown, b: Shown): Shown => ({
	resource: [...new Set([...a.resource, ...b.resource])],
	operation: [...new Set([...a.operation, ...b.operation])],
});

/** The existing resource/operation pairs a property with these lists would show for. */
function pairsAmong(operations: Array<[string, string]>): (shown: Shown) => Set<string> {
	const exists = new Set(operations.map(([r, o]) => `${r}/${o}`));
	return (shown) => new Set(shown.resource.flatMap((r) => shown.operation.map((o) => `${r}/${o}`)).filter((p) => exists.has(p)));
}

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
export function mergeCopies(properties: INodeProperties[], operations: Array<[string, string]>, keepOrder: boolean): INodeProperties[] {
	return mergePass(mergePass(properties, operations, keepOrder, false), operations, keepOrder, true);
}

function mergePass(properties: INodeProperties[], operations: Array<[string, string]>, keepOrder: boolean, acrossResources: boolean): INodeProperties[] {
	const pairs = pairsAmong(operations);
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
		const mine = pairs(shown);
		const shape = shapeOf(property);
		const at = merged.findIndex((twin) => {
			const theirs = owners.get(twin);
			if (!theirs || shapeOf(twin) !== shape) return false;
			const union = shownFor(twin)!;
			if (!acrossResources && union.resource.join() !== shown.resource.join()) return false;
			if ([...pairs(unionOf(union, shown))].some((p) => !theirs.has(p) && !mine.has(p))) return false;
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

/** A child of a folded collection and the pairs it shows for. */
type Child = { child: INodeProperties; pairs: Set<string> };
/** Copies folded into one collection: the first copy's shell, the lists and pairs of all, their children. */
type Fold = { shell: INodeProperties; shown: Shown; pairs: Set<string>; children: Child[] };

/**
 * Folds the copies of a collection (Additional Fields, Options, the reference-image lists) that
 * different operations show into few top-level properties, each child carrying the resources and
 * operations it belongs to as its own condition, on '/resource' and '/operation' (a leading slash
 * reads the node's root parameters, in the editor and in RoutingNode alike, which checks each
 * child's conditions before it routes the child's value). With one copy per operation, one
 * expression in Additional Fields was evaluated 60 times per item before the first request.
 *
 * n8n sets its limits here:
 * - the merged collection must not appear on an operation that had none of it (mergeCopies' rule);
 * - the editor adds a child with the default of the first child of that name in the list, shown or
 *   not (CollectionParameter.vue, optionSelected), so children of one name must share their type
 *   and default: Options' Timeout is 180 s for images and 900 s for videos, so those stay apart;
 * - a child's condition is a cross product too, so a child whose operations are not one is split
 *   into copies that never show together (same default, so the editor adds the right one).
 * Children stay alphabetical, as n8n lists a collection's options.
 */
export function mergeCollections(properties: INodeProperties[], operations: Array<[string, string]>): INodeProperties[] {
	const pairsOf = pairsAmong(operations);
	// What a copy is apart from where it shows and what it holds.
	const shellOf = (property: INodeProperties) => JSON.stringify({ ...property, displayOptions: undefined, options: undefined });
	const isFold = (entry: INodeProperties | Fold): entry is Fold => 'shell' in entry;
	const canFold = (into: Fold, other: Fold) => {
		if (shellOf(into.shell) !== shellOf(other.shell)) return false;
		if ([...pairsOf(unionOf(into.shown, other.shown))].some((p) => !into.pairs.has(p) && !other.pairs.has(p))) return false;
		return other.children.every(({ child }) =>
			into.children.every(({ child: seen }) => seen.name !== child.name || (seen.type === child.type && JSON.stringify(seen.default) === JSON.stringify(child.default))),
		);
	};
	let entries: Array<INodeProperties | Fold> = properties.map((property) => {
		const shown = shownFor(property);
		const plain = shown && property.type === 'collection' && Object.keys(property.displayOptions!.show!).length === 2 && !property.displayOptions!.hide;
		if (!plain) return property;
		// The copy's own pairs stay with its children; the fold's set grows as copies join it.
		const own = pairsOf(shown);
		return { shell: property, shown, pairs: new Set(own), children: (property.options as INodeProperties[]).map((child) => ({ child, pairs: own })) };
	});
	// Within each resource first, as mergeCopies does: a resource's operations share most of their
	// children and defaults (v1's upper-case values, v2's lower-case), so folding them first leaves
	// one collection per API generation to fold across resources.
	for (const sameResources of [true, false]) {
		const kept: Array<INodeProperties | Fold> = [];
		for (const entry of entries) {
			const into = isFold(entry) ? kept.find((k): k is Fold => isFold(k) && (!sameResources || k.shown.resource.join() === entry.shown.resource.join()) && canFold(k, entry)) : undefined;
			if (!into || !isFold(entry)) {
				kept.push(entry);
				continue;
			}
			into.shown = unionOf(into.shown, entry.shown);
			for (const p of entry.pairs) into.pairs.add(p);
			into.children.push(...entry.children);
		}
		entries = kept;
	}
	return entries.map((entry) => (isFold(entry) ? foldedCollection(entry) : entry));
}

/** One collection for all the copies folded into it; see mergeCollections. */
function foldedCollection({ shell, shown, pairs, children }: Fold): INodeProperties {
	// The same child from several copies is one child shown wherever any of them was.
	const same = new Map<string, Child>();
	for (const { child, pairs: where } of children) {
		const key = JSON.stringify(child);
		const known = same.get(key);
		if (known) for (const p of where) known.pairs.add(p);
		else same.set(key, { child, pairs: new Set(where) });
	}
	const options: INodeProperties[] = [];
	for (const { child, pairs: where } of same.values()) {
		if (where.size === pairs.size) {
			options.push(child);
			continue;
		}
		// One copy per set of operations: resources showing the child on the same operations share it.
		const byResource = new Map<string, string[]>();
		for (const pair of where) {
			const [resource, operation] = pair.split('/');
			byResource.set(resource, [...(byResource.get(resource) ?? []), operation]);
		}
		const byOperations = new Map<string, string[]>();
		for (const [resource, ops] of byResource) {
			const key = ops.sort().join();
			byOperations.set(key, [...(byOperations.get(key) ?? []), resource]);
		}
		for (const [ops, resources] of byOperations) {
			const own = child.displayOptions;
			options.push({ ...child, displayOptions: { ...own, show: { ...own?.show, '/resource': resources, '/operation': ops.split(',') } } });
		}
	}
	options.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return { ...shell, displayOptions: { show: { resource: shown.resource, operation: shown.operation } }, options };
}
