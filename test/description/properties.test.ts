import { NodeHelpers, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';

import { Ideogram } from '../../nodes/Ideogram/Ideogram.node';
import { RESOURCES } from '../../nodes/Ideogram/resources';

const description: INodeTypeDescription = new Ideogram().description;
const properties = description.properties;

/** What n8n's editor shows for one resource/operation pair, in order. */
function shownFor(resource: string, operation: string): INodeProperties[] {
	const parameters = { resource, operation };
	return properties.filter((p) => NodeHelpers.displayParameter(parameters, p, { typeVersion: 1 } as never, description));
}

const pairs = RESOURCES.flatMap((r) => r.operations.map((o) => [r.value, o.value, o] as const));

test.each(pairs)('%s / %s shows each parameter once, in the usual order', (resource, operation, def) => {
	const shown = shownFor(resource, operation);
	const names = shown.map((p) => p.name);
	expect(new Set(names).size).toBe(names.length);
	expect(names.slice(0, 2)).toEqual(['resource', 'operation']);
	expect(names.at(-1)).toBe('options');
	const required = def.required.map((f) => f.name);
	expect(names.slice(2, 2 + required.length)).toEqual(required);
	if (def.optional.length) expect(names.at(-2)).toBe('additionalFields');
});

// Required fields may stay apart where one copy would change the order an operation shows its
// required fields in (Legacy Reframe's Model comes after Resolution, Generate's after Prompt).
test('no two optional properties are copies that differ only in the operations showing them', () => {
	const shapes = properties.filter((p) => !p.required).map((p) => {
		const { displayOptions, ...rest } = p;
		return `${JSON.stringify(displayOptions?.show?.resource)}|${JSON.stringify(displayOptions?.hide)}|${JSON.stringify(rest)}`;
	});
	expect(new Set(shapes).size).toBe(shapes.length);
});

test('every operation the selectors offer has its definition, and the reverse', () => {
	for (const resource of RESOURCES) {
		const selector = properties.find((p) => p.name === 'operation' && (p.displayOptions?.show?.resource as string[] | undefined)?.[0] === resource.value);
		const offered = (selector!.options as Array<{ value: string }>).map((o) => o.value).sort();
		expect(offered).toEqual(resource.operations.map((o) => o.value).sort());
	}
});
