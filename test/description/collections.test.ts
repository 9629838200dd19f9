/**
 * The folded collections (description/merge.ts, mergeCollections) show every operation exactly the
 * Additional Fields and Options it had as its own copy, judged by n8n-workflow's own display rules
 * the way the editor calls them, and the editor's parameter clean-up keeps an operation's own
 * children and drops those of other operations. The fold is worth nothing if it changes what a
 * user sees or saves.
 */
import { NodeHelpers, type INode, type INodeParameters, type INodeProperties } from 'n8n-workflow';

import { Ideogram } from '../../nodes/Ideogram/Ideogram.node';
import { operationGroups } from '../../nodes/Ideogram/description/properties';
import { RESOURCES } from '../../nodes/Ideogram/resources';
import { NODE_VERSIONS } from '../../nodes/Ideogram/versions';

const description = new Ideogram().description;
const properties = description.properties;

/** A child as its operation defined it: without the fold's '/resource' and '/operation' conditions. */
function unfolded(child: INodeProperties): INodeProperties {
	const show = { ...child.displayOptions?.show };
	delete show['/resource'];
	delete show['/operation'];
	const { displayOptions, ...rest } = child;
	const kept = Object.keys(show).length || displayOptions?.hide ? { ...displayOptions, show } : undefined;
	return kept ? { ...rest, displayOptions: kept } : rest;
}

const byName = (a: INodeProperties, b: INodeProperties) => a.name.localeCompare(b.name);

const cases = RESOURCES.flatMap((resource) =>
	NODE_VERSIONS.filter((version) => resource.listed[version]).flatMap((version) =>
		resource.operations.flatMap((def) =>
			operationGroups(def)
				.flat()
				.filter((own) => own.type === 'collection')
				.map((own) => [`v${version} ${resource.value}/${def.value} ${own.name}`, version, def, own] as const),
		),
	),
);

describe.each(cases)('%s', (_title, version, def, own) => {
	const node = { typeVersion: version } as INode;
	// The parameters the editor gives a new node on this operation: every shown default filled in.
	const parameters = NodeHelpers.getNodeParameters(properties, { resource: def.resource, operation: def.value }, true, false, node, description)!;

	const shownCollections = properties.filter((p) => p.name === own.name && NodeHelpers.displayParameter(parameters, p, node, description));
	const shownChildren = () =>
		(shownCollections[0].options as INodeProperties[]).filter((child) =>
			// As the editor asks for a collection's children: the collection's own values, the root beside them.
			NodeHelpers.displayParameterPath({ parameters } as INodeParameters, child, `parameters.${own.name}`, node, description),
		);

	test('one collection of that name is shown, and it shows exactly the operation’s own children', () => {
		expect(shownCollections).toHaveLength(1);
		expect(shownChildren().map(unfolded).sort(byName)).toEqual([...(own.options as INodeProperties[])].sort(byName));
	});

	test('the editor’s clean-up keeps what the operation’s own copy kept, and drops another operation’s children', () => {
		const mine: INodeParameters = Object.fromEntries((own.options as INodeProperties[]).map((child) => [child.name, child.default]));
		const alien = (shownCollections[0].options as INodeProperties[]).find((child) => !(child.name in mine));
		const cleanUp = (props: INodeProperties[], value: INodeParameters) =>
			Object.keys((NodeHelpers.getNodeParameters(props, { ...parameters, [own.name]: value }, false, false, node, description)![own.name] ?? {}) as object).sort();
		// The operation's own copy in place of the folded collection: what the editor kept before the fold.
		const before = cleanUp(properties.map((p) => (p === shownCollections[0] ? own : p)), mine);
		expect(cleanUp(properties, { ...mine, ...(alien ? { [alien.name]: alien.default } : {}) })).toEqual(before);
	});
});

test('children of one name in one collection share their type and default (the editor adds the first one’s)', () => {
	for (const collection of properties.filter((p) => p.type === 'collection')) {
		const first = new Map<string, INodeProperties>();
		for (const child of collection.options as INodeProperties[]) {
			const seen = first.get(child.name) ?? child;
			first.set(child.name, seen);
			expect([collection.name, child.name, child.type, child.default]).toEqual([collection.name, child.name, seen.type, seen.default]);
		}
	}
});

test('the fold leaves few copies of each collection (each copy is walked for every item, twice)', () => {
	const copies = (name: string) => properties.filter((p) => p.name === name).length;
	// 30 and 9 before the fold; what remains is held apart by defaults that differ between API
	// generations (v1's upper-case values, video's 900 s Timeout).
	expect({ additionalFields: copies('additionalFields'), options: copies('options') }).toEqual({ additionalFields: 6, options: 3 });
});
