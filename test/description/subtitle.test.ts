/**
 * The canvas subtitle, evaluated by n8n-workflow's own expression engine as the editor evaluates
 * it (getSimpleParameterValue on the node), for saved nodes of both versions: it shows what the
 * panel shows, never internal values such as "imageV2".
 */
import { Workflow, type INode, type INodeTypes, type INodeType, type IVersionedNodeType } from 'n8n-workflow';

import { Ideogram } from '../../nodes/Ideogram/Ideogram.node';
import { RESOURCES } from '../../nodes/Ideogram/resources';
import { NODE_VERSIONS } from '../../nodes/Ideogram/versions';

const type = new Ideogram();
const nodeTypes: INodeTypes = {
	getByName: () => type as INodeType | IVersionedNodeType,
	getByNameAndVersion: () => type,
	getKnownTypes: () => ({}),
};

function subtitleOf(typeVersion: number, parameters: Record<string, string>): unknown {
	const node: INode = { id: '1', name: 'Ideogram', type: 'n8n-nodes-ideogram.ideogram', typeVersion, position: [0, 0], parameters };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(node, type.description.subtitle!, 'internal', {});
}

test.each([
	[2, 'imageV2', 'generate', 'Generate: Image'],
	[2, 'imageV2', 'getGeneration', 'Get Generation: Image'],
	[2, 'ideogram4', 'magicPrompt', 'Magic Prompt: Ideogram 4 (v1 API)'],
	[2, 'account', 'getUsage', 'Get Usage: Account'],
	[2, 'image', 'editWithPrompt', 'Edit With Prompt: Image (Ideogram 3.0, v1 API)'],
	[1, 'image', 'generate', 'Generate: Image'],
	[1, 'legacyImage', 'upscale', 'Upscale: Legacy Image'],
])('version %i, %s / %s reads "%s"', (version, resource, operation, expected) => {
	expect(subtitleOf(version, { resource, operation })).toBe(expected);
});

const shown = RESOURCES.flatMap((r) =>
	NODE_VERSIONS.filter((v) => r.listed[v]).flatMap((v) => r.operations.map((o) => [v, r.value, o.value, `${o.name}: ${r.listed[v]!.name}`] as const)),
);

test.each(shown)('every operation a version lists: version %i, %s / %s reads "%s"', (version, resource, operation, expected) => {
	expect(subtitleOf(version, { resource, operation })).toBe(expected);
});
