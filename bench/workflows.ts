/**
 * The workflows the benchmark runs. Each starts the same way: a manual trigger, a Set node with
 * the N prompts as literal JSON (no expression, so nothing is evaluated before the measured part)
 * and Split Out, giving N items with `json.prompt`. Then either our node, or the HTTP Request
 * recipe users build today: HTTP Request (POST generate) → Split Out `data` → HTTP Request (GET url,
 * response as file).
 */
import { createHash } from 'crypto';

export const IDEOGRAM_CREDENTIAL = { id: 'benchIdeogram01', name: 'Ideogram (bench stub)' };
export const HEADER_AUTH_CREDENTIAL = { id: 'benchHeaderAuth1', name: 'Ideogram Api-Key header (bench stub)' };

/**
 * Every request asks for the same seed, so the stub encodes one PNG and serves it from its cache;
 * otherwise it would spend ~0.1 s of CPU per image making 1.5 MB of noise, on the same two cores
 * n8n runs on. It changes nothing on n8n's side (every image is still sent and stored).
 */
export const SEED = 424242;

export type Variant =
	| 'node'
	| 'nodeV2Mapped'
	| 'nodeLinks'
	| 'recipeDefaults'
	| 'recipeCareful'
	| 'edit'
	| 'nodeV2'
	| 'nodeV2Collect'
	| 'video'
	| 'videoMemory'
	| 'videoMemoryLinks';

export interface RecipeSettings {
	/** Batching: items per batch and the pause between batches (ms). */
	batchSize: number;
	batchIntervalMs: number;
	/** n8n's node setting "Retry On Fail" (re-runs the whole node, all items, on an error). */
	maxTries: number;
	waitBetweenTriesMs: number;
}

export interface BenchWorkflow {
	id: string;
	variant: Variant;
	n: number;
	/** The node whose output items are the images. */
	outputNode: string;
	/** The nodes doing the work being compared (their own times are reported too). */
	workNodes: string[];
	json: object;
	/** Video rows: the size of each MP4 the stub makes for this run. */
	videoBytes?: number;
}

/** A stable uuid-shaped node id, so repeated imports of a workflow look the same. */
function nodeId(workflowId: string, name: string): string {
	const h = createHash('sha1').update(`${workflowId}/${name}`).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface NodeSpec {
	name: string;
	type: string;
	typeVersion: number;
	parameters: object;
	credentials?: object;
	[setting: string]: unknown;
}

function workflow(id: string, name: string, nodes: NodeSpec[]): object {
	const connections: Record<string, object> = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		connections,
		nodes: nodes.map((n, i) => ({ id: nodeId(id, n.name), position: [i * 220, 0], ...n })),
	};
}

export function prompts(n: number): string[] {
	return Array.from({ length: n }, (_, i) => `A lighthouse on a cliff at dusk, poster style, variation ${i + 1}`);
}

function inputNodes(n: number): NodeSpec[] {
	return [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
		{
			name: 'Prompts',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ prompt: prompts(n) }), options: {} },
		},
		{
			name: 'One Item per Prompt',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			parameters: { fieldToSplitOut: 'prompt', options: {} },
		},
	];
}

const pad = (n: number) => String(n).padStart(4, '0');

/**
 * N items → our node's Generate (num_images 1, every option at its default). `linksOnly` turns
 * Download Images off: a control run that shows what the downloads themselves cost.
 */
export function nodeWorkflow(packageName: string, n: number, linksOnly = false): BenchWorkflow {
	const id = `${linksOnly ? 'benchLinks' : 'benchNode'}${pad(n)}`;
	return {
		id,
		variant: linksOnly ? 'nodeLinks' : 'node',
		n,
		outputNode: 'Ideogram',
		workNodes: ['Ideogram'],
		json: workflow(id, `bench: node${linksOnly ? ', links only' : ''}, N=${n}`, [
			...inputNodes(n),
			{
				name: 'Ideogram',
				type: `${packageName}.ideogram`,
				typeVersion: 1,
				parameters: {
					resource: 'image',
					operation: 'generate',
					prompt: '={{ $json.prompt }}',
					additionalFields: { numImages: 1, seed: SEED },
					options: linksOnly ? { downloadImages: false } : {},
				},
				credentials: { ideogramApi: IDEOGRAM_CREDENTIAL },
			},
		]),
	};
}

/**
 * N items → our node's version 2 Generate (Ideogram 4, turbo, num_images 1). Version 2 sends every
 * generation as a job, so this is also the async run: with Wait for Completion (the default) each
 * item holds its image slot while it polls. `collect`: the other shape users build, Generate with
 * Wait for Completion off (each item outputs its generation_id at once) → a second node's Get
 * Generation, which polls and downloads; measured end to end.
 */
export function nodeV2Workflow(packageName: string, n: number, collect = false, mapped = false): BenchWorkflow {
	const id = `${collect ? 'benchV2Coll' : mapped ? 'benchV2Mapd' : 'benchV2Node'}${pad(n)}`;
	const generate: NodeSpec = {
		name: 'Ideogram',
		type: `${packageName}.ideogram`,
		typeVersion: 2,
		parameters: {
			resource: 'imageV2',
			operation: 'generate',
			model: 'ideogram-4',
			prompt: '={{ $json.prompt }}',
			// `mapped`: fields set from expressions, as users map them from earlier nodes; RoutingNode
			// evaluates them once per copy of their collection in the description, per item.
			additionalFields: { renderingSpeed: 'turbo', numImages: 1, seed: mapped ? `={{ ${SEED} + $itemIndex }}` : SEED },
			options: collect ? { waitForCompletion: false } : mapped ? { binaryPropertyOutput: "={{ 'data' }}" } : {},
		},
		credentials: { ideogramApi: IDEOGRAM_CREDENTIAL },
	};
	const nodes: NodeSpec[] = [...inputNodes(n), generate];
	if (collect) {
		nodes.push({
			name: 'Get Generation',
			type: `${packageName}.ideogram`,
			typeVersion: 2,
			parameters: {
				resource: 'imageV2',
				operation: 'getGeneration',
				generationId: '={{ $json.generation_id }}',
				options: {},
			},
			credentials: { ideogramApi: IDEOGRAM_CREDENTIAL },
		});
	}
	return {
		id,
		variant: collect ? 'nodeV2Collect' : mapped ? 'nodeV2Mapped' : 'nodeV2',
		n,
		outputNode: collect ? 'Get Generation' : 'Ideogram',
		workNodes: collect ? ['Ideogram', 'Get Generation'] : ['Ideogram'],
		json: workflow(id, `bench: node v2 Generate${collect ? ' (Wait for Completion off) → Get Generation' : mapped ? ' (fields mapped by expressions)' : ''}, N=${n}`, nodes),
	};
}

/**
 * The HTTP Request recipe. `careful` undefined: every setting as a user leaves it (all items at
 * once, stop on the first error). Otherwise batching and Retry On Fail as given.
 */
export function recipeWorkflow(baseUrl: string, n: number, careful?: RecipeSettings): BenchWorkflow {
	const id = `${careful ? 'benchRecCare' : 'benchRecDflt'}${pad(n)}`;
	const generate: NodeSpec = {
		name: 'Generate (HTTP Request)',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url: `${baseUrl}/v1/ideogram-v3/generate`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendBody: true,
			contentType: 'multipart-form-data',
			bodyParameters: {
				parameters: [
					{ parameterType: 'formData', name: 'prompt', value: '={{ $json.prompt }}' },
					{ parameterType: 'formData', name: 'num_images', value: '1' },
					{ parameterType: 'formData', name: 'seed', value: String(SEED) },
				],
			},
			options: careful
				? { batching: { batch: { batchSize: careful.batchSize, batchInterval: careful.batchIntervalMs } } }
				: {},
		},
		credentials: { httpHeaderAuth: HEADER_AUTH_CREDENTIAL },
	};
	if (careful) {
		generate.retryOnFail = true;
		generate.maxTries = careful.maxTries;
		generate.waitBetweenTries = careful.waitBetweenTriesMs;
	}
	return {
		id,
		variant: careful ? 'recipeCareful' : 'recipeDefaults',
		n,
		outputNode: 'Download (HTTP Request)',
		workNodes: ['Generate (HTTP Request)', 'Split Out data', 'Download (HTTP Request)'],
		json: workflow(id, `bench: HTTP Request recipe (${careful ? 'careful' : 'defaults'}), N=${n}`, [
			...inputNodes(n),
			generate,
			{
				name: 'Split Out data',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				parameters: { fieldToSplitOut: 'data', options: {} },
			},
			{
				name: 'Download (HTTP Request)',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				parameters: {
					url: '={{ $json.url }}',
					options: { response: { response: { responseFormat: 'file' } } },
				},
			},
		]),
	};
}

/**
 * N items, each reading the same large image from disk into n8n binary data (streamed into n8n's
 * filesystem store, so reading costs no memory), then our node's Edit with that image and a mask
 * given as a link.
 */
export function editWorkflow(packageName: string, n: number, imagePath: string, maskUrl: string): BenchWorkflow {
	const id = `benchEdit${pad(n)}`;
	return {
		id,
		variant: 'edit',
		n,
		outputNode: 'Ideogram Edit',
		workNodes: ['Ideogram Edit'],
		json: workflow(id, `bench: node Edit with large inputs, N=${n}`, [
			...inputNodes(n),
			{
				name: 'Read Image',
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1.1,
				parameters: { operation: 'read', fileSelector: imagePath, options: { dataPropertyName: 'image' } },
			},
			{
				name: 'Ideogram Edit',
				type: `${packageName}.ideogram`,
				typeVersion: 1,
				parameters: {
					resource: 'image',
					operation: 'edit',
					prompt: 'Replace the sky with a starry night',
					image: 'image',
					mask: maskUrl,
					additionalFields: { numImages: 1, seed: SEED },
					options: {},
				},
				credentials: { ideogramApi: IDEOGRAM_CREDENTIAL },
			},
		]),
	};
}

/** The video model of the video rows: Seedance 2, a listed model, text to video. */
export const VIDEO_MODEL = 'seedance-2';

/**
 * N items → our node's version 2 Video → Generate (Seedance 2, text to video, 5 s, Wait for
 * Completion on, Download Videos on: each MP4 streamed into n8n's binary data). `video`: the
 * throughput row; `videoMemory`: the memory row (large videos); `videoMemoryLinks`: its control,
 * Download Videos off, so no video byte reaches n8n and what remains of the growth is not videos.
 */
export function videoWorkflow(
	packageName: string,
	n: number,
	videoBytes: number,
	variant: 'video' | 'videoMemory' | 'videoMemoryLinks',
): BenchWorkflow {
	const prefix = { video: 'benchVideo', videoMemory: 'benchVidMem', videoMemoryLinks: 'benchVidLnk' }[variant];
	const id = `${prefix}${pad(n)}`;
	return {
		id,
		variant,
		n,
		videoBytes,
		outputNode: 'Ideogram Video',
		workNodes: ['Ideogram Video'],
		json: workflow(id, `bench: node v2 Video → Generate (${variant}), N=${n}, ${(videoBytes / 1e6).toFixed(1)} MB videos`, [
			...inputNodes(n),
			{
				name: 'Ideogram Video',
				type: `${packageName}.ideogram`,
				typeVersion: 2,
				parameters: {
					resource: 'video',
					operation: 'generate',
					model: VIDEO_MODEL,
					prompt: '={{ $json.prompt }}',
					additionalFields: { duration: 5 },
					options: variant === 'videoMemoryLinks' ? { downloadVideos: false } : {},
				},
				credentials: { ideogramApi: IDEOGRAM_CREDENTIAL },
			},
		]),
	};
}
