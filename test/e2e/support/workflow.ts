/**
 * Builds n8n workflow JSON for the real-n8n suite: nodes with stable ids and readable positions,
 * connections from a list of links (or a plain chain), settings as the editor saves them.
 */
import { createHash } from 'crypto';

/** The node type our package registers, as a Community Nodes install names it. */
export const IDEOGRAM = 'n8n-nodes-ideogram.ideogram';

export interface NodeSpec {
	name: string;
	type: string;
	typeVersion: number;
	parameters?: object;
	credentials?: Record<string, { id: string; name: string }>;
	/** 'continueRegularOutput' is the editor's "On Error: Continue". */
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	position?: [number, number];
	[setting: string]: unknown;
}

/** A connection: `from`'s output `output` (default 0) to `to`'s input `input` (default 0). */
export interface Link {
	from: string;
	to: string;
	output?: number;
	input?: number;
	/** 'main' unless it is an AI sub-node connection such as 'ai_tool'. */
	type?: string;
}

export interface WorkflowJson {
	id: string;
	name: string;
	active: boolean;
	nodes: Array<NodeSpec & { id: string; position: [number, number]; parameters: object }>;
	connections: Record<string, Record<string, Array<Array<{ node: string; type: string; index: number }>>>>;
	settings: Record<string, unknown>;
	[key: string]: unknown;
}

/** A stable uuid-shaped node id, so repeated imports of a workflow look the same. */
export function nodeId(workflowId: string, name: string): string {
	const h = createHash('sha1').update(`${workflowId}/${name}`).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Links along the nodes in order (each node's output 0 to the next node's input 0). */
export function chainLinks(names: string[]): Link[] {
	return names.slice(1).map((to, i) => ({ from: names[i], to }));
}

/**
 * A workflow. `links` defaults to a chain through the nodes in order. Ids must be at most 16
 * characters (n8n 1.x's limit) and contain a digit (`n8n execute-batch` selects those only).
 */
export function workflow(id: string, name: string, nodes: NodeSpec[], links: Link[] = chainLinks(nodes.map((n) => n.name))): WorkflowJson {
	if (id.length > 16 || !/\d/.test(id)) throw new Error(`workflow id ${id}: at most 16 characters, with a digit`);
	const names = new Set(nodes.map((n) => n.name));
	const connections: WorkflowJson['connections'] = {};
	for (const l of links) {
		if (!names.has(l.from) || !names.has(l.to)) throw new Error(`workflow ${id}: link ${l.from} → ${l.to} names an unknown node`);
		const type = l.type ?? 'main';
		const outputs = ((connections[l.from] ??= {})[type] ??= []);
		const output = l.output ?? 0;
		while (outputs.length <= output) outputs.push([]);
		outputs[output].push({ node: l.to, type, index: l.input ?? 0 });
	}
	// Columns by distance from a node without inputs, so the editor shows the flow left to right.
	const depth = new Map<string, number>();
	const place = (name: string, d: number) => {
		if ((depth.get(name) ?? -1) >= d || d > nodes.length) return;
		depth.set(name, d);
		for (const l of links) if (l.from === name) place(l.to, d + 1);
	};
	for (const n of nodes) if (!links.some((l) => l.to === n.name)) place(n.name, 0);
	const rows = new Map<number, number>();
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		connections,
		nodes: nodes.map((n) => {
			const col = depth.get(n.name) ?? 0;
			const row = rows.get(col) ?? 0;
			rows.set(col, row + 1);
			return {
				id: nodeId(id, n.name),
				position: n.position ?? [col * 240, row * 180],
				...n,
				parameters: n.parameters ?? {},
			};
		}),
	};
}

export const manualTrigger = (name = 'Start'): NodeSpec => ({ name, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1 });

/** Set node (raw JSON mode) that outputs one item per element of `rows`, via Split Out. */
export function rowsNodes(name: string, rows: object[]): NodeSpec[] {
	return [
		{
			name: `${name} (list)`,
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ rows }), options: {} },
		},
		{
			name,
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			parameters: { fieldToSplitOut: 'rows', options: {} },
		},
	];
}

/** Read/Write Files from Disk, read: the files matching `path` into binary field `field`. */
export const readFile = (name: string, path: string, field = 'data'): NodeSpec => ({
	name,
	type: 'n8n-nodes-base.readWriteFile',
	typeVersion: 1,
	parameters: { operation: 'read', fileSelector: path, options: { dataPropertyName: field } },
});

/** Read/Write Files from Disk, write: binary field `field` to `fileName` (an expression is fine). */
export const writeFile = (name: string, fileName: string, field = 'data'): NodeSpec => ({
	name,
	type: 'n8n-nodes-base.readWriteFile',
	typeVersion: 1,
	parameters: { operation: 'write', fileName, dataPropertyName: field, options: {} },
});

/** Merge, "Combine by Position": item i of input 1 and item i of input 2 become one item (json and files). */
export const mergeByPosition = (name: string): NodeSpec => ({
	name,
	type: 'n8n-nodes-base.merge',
	typeVersion: 3.2,
	parameters: { mode: 'combine', combineBy: 'combineByPosition', options: {} },
});
