/**
 * Runs workflows through n8n's real engine in-process: n8n-core's WorkflowExecute, which hands our
 * declarative node to RoutingNode exactly as a running n8n does. Only the outside world is ours:
 * the credential store (a map), the lifecycle hooks (to collect the run) and a source node that
 * feeds items and files into the workflow. Modelled on n8n's NodeTestHarness, which is not
 * published in the n8n-core tarball.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'ideogram-n8n-'));
process.env.N8N_ENCRYPTION_KEY ??= 'in-process-test-key';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';

import { BinaryDataConfig, BinaryDataService, DirectoryLoader, ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	ICredentialsHelper,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IWorkflowExecuteAdditionalData,
	type IConnections,
} from 'n8n-workflow';

import { IdeogramApi } from '../../credentials/IdeogramApi.credentials';

// n8n-core registers its services in its own copy of @n8n/di; take that one, wherever npm put it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Container } = require(require.resolve('@n8n/di', { paths: [path.dirname(require.resolve('n8n-core'))] })) as typeof import('@n8n/di');
import { Ideogram } from '../../nodes/Ideogram/Ideogram.node';

export const IDEOGRAM_TYPE = 'n8n-nodes-ideogram.ideogram';

/** Input file for the source node: raw bytes plus what n8n records about them. */
export interface InputFile {
	data: Buffer;
	mimeType?: string;
	fileName?: string;
}
export interface InputItem {
	json?: IDataObject;
	binary?: Record<string, InputFile>;
}

/** Emits the items given in its parameters, storing files through n8n's binary data service. */
class SourceNode implements INodeType {
	description = {
		displayName: 'Test Source',
		name: 'testSource',
		group: ['input'],
		version: 1,
		description: 'Feeds items into a test workflow',
		defaults: { name: 'Source' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = JSON.parse(this.getNodeParameter('items', 0) as string) as Array<{
			json?: IDataObject;
			binary?: Record<string, { base64: string; mimeType?: string; fileName?: string }>;
		}>;
		const out: INodeExecutionData[] = [];
		for (const [index, item] of items.entries()) {
			const binary: INodeExecutionData['binary'] = {};
			for (const [field, file] of Object.entries(item.binary ?? {})) {
				binary[field] = await this.helpers.prepareBinaryData(Buffer.from(file.base64, 'base64'), file.fileName, file.mimeType);
			}
			out.push({ json: item.json ?? {}, ...(item.binary ? { binary } : {}), pairedItem: { item: index } });
		}
		return [out];
	}
}

/** Evaluates its `value` parameter per item: a downstream node that uses expressions like $('Ideogram').item. */
class EchoNode implements INodeType {
	description = {
		displayName: 'Test Echo',
		name: 'testEcho',
		group: ['transform'],
		version: 1,
		description: 'Evaluates an expression for each item',
		defaults: { name: 'Echo' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Value', name: 'value', type: 'string', default: '' }],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().map((item, i) => ({
				json: { ...item.json, echo: this.getNodeParameter('value', i) as IDataObject[string] },
				pairedItem: { item: i },
			})),
		];
	}
}

/** The node as n8n's loader hands it over: with the "Request Options" every declarative node gets. */
function loaded(nodeType: INodeType): INodeType {
	DirectoryLoader.applyDeclarativeNodeOptionParameters(nodeType);
	return nodeType;
}

const nodeTypeMap: Record<string, INodeType> = {
	[IDEOGRAM_TYPE]: loaded(new Ideogram()),
	'test.source': new SourceNode(),
	'test.echo': new EchoNode(),
};

const nodeTypes: INodeTypes = {
	getByName: (type) => nodeTypeMap[type],
	getByNameAndVersion: (type) => nodeTypeMap[type],
	getKnownTypes: () => ({}),
} as INodeTypes;

const credentialTypes: Record<string, ICredentialType> = { ideogramApi: new IdeogramApi() };

export class MapCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}
	getParentTypes() {
		return [];
	}
	async authenticate(credentials: ICredentialDataDecryptedObject, typeName: string, request: IHttpRequestOptions) {
		const type = credentialTypes[typeName];
		return typeof type.authenticate === 'function' ? await type.authenticate(credentials, request) : request;
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	async getCredentials(): Promise<never> {
		throw new Error('not used by these tests');
	}
	async getDecrypted(_a: unknown, _n: unknown, type: string) {
		return this.data[type] ?? {};
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties() {
		return [];
	}
	isCredentialUsableByNode() {
		return true;
	}
}

let binaryModeReady: string | undefined;
/** n8n 2.x keeps binaries on disk by default; 'default' keeps them in memory (base64 in the item). */
export async function useBinaryMode(mode: 'filesystem' | 'default'): Promise<void> {
	if (binaryModeReady === mode) return;
	const config = Container.get(BinaryDataConfig);
	config.mode = mode;
	config.localStoragePath = path.join(process.env.N8N_USER_FOLDER!, 'binaryData');
	await Container.get(BinaryDataService).init();
	binaryModeReady = mode;
}

export interface RunOptions {
	/** Node parameters of the Ideogram node. */
	parameters: IDataObject;
	/** The Ideogram node's version; 1 unless given (the suites written for version 1 stay on it). */
	typeVersion?: number;
	items?: InputItem[];
	credentials?: ICredentialDataDecryptedObject;
	continueOnFail?: boolean;
	/** The node's "On Error" setting; continueOnFail is the same as 'continueRegularOutput'. */
	onError?: 'continueRegularOutput' | 'continueErrorOutput';
	/** Optional downstream echo node with this expression. */
	echo?: string;
	/** Parameters of a second Ideogram node (same credential, same version) fed by the first one's output. */
	then?: IDataObject;
	binaryMode?: 'filesystem' | 'default';
}

export interface RunResult {
	run: IRun;
	/** Items the Ideogram node output; undefined when the node failed. */
	output?: INodeExecutionData[];
	/** The node's error output (On Error: Continue (using error output)). */
	errorOutput?: INodeExecutionData[];
	echo?: INodeExecutionData[];
	/** The second Ideogram node's items (RunOptions.then). */
	thenOutput?: INodeExecutionData[];
	/** The error the workflow stopped with, if any; `name` is its class (NodeApiError, NodeOperationError). */
	error?: { name?: string; message: string; description?: string | null; httpCode?: string | null };
	getBinary(item: INodeExecutionData, field?: string): Promise<Buffer>;
}

/**
 * What n8n-core needs around an execution, as a running n8n would give it (URLs of a local
 * instance, the test's credentials, no UI to report to); `extra` adds the lifecycle hooks.
 */
export function additionalDataFor(credentialsHelper: MapCredentialsHelper, executionId: string, extra: object = {}): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		executionId,
		currentNodeParameters: undefined,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		variables: {},
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
		logAiEvent: () => {},
		...extra,
	} as unknown as IWorkflowExecuteAdditionalData;
}

export async function runIdeogram(opts: RunOptions): Promise<RunResult> {
	await useBinaryMode(opts.binaryMode ?? 'filesystem');
	const items = opts.items ?? [{ json: {} }];
	const sourceItems = items.map((item) => ({
		json: item.json ?? {},
		binary: item.binary
			? Object.fromEntries(
					Object.entries(item.binary).map(([k, f]) => [k, { base64: f.data.toString('base64'), mimeType: f.mimeType, fileName: f.fileName }]),
				)
			: undefined,
	}));
	const nodes: INode[] = [
		{ id: '1', name: 'Source', type: 'test.source', typeVersion: 1, position: [0, 0], parameters: { items: JSON.stringify(sourceItems) } },
		{
			id: '2',
			name: 'Ideogram',
			type: IDEOGRAM_TYPE,
			typeVersion: opts.typeVersion ?? 1,
			position: [200, 0],
			parameters: opts.parameters as INode['parameters'],
			credentials: { ideogramApi: { id: 'cred-1', name: 'Ideogram test' } },
			...(opts.onError || opts.continueOnFail ? { onError: opts.onError ?? ('continueRegularOutput' as const) } : {}),
		},
	];
	const connections: IConnections = {
		Source: { main: [[{ node: 'Ideogram', type: 'main', index: 0 }]] },
	};
	if (opts.then) {
		nodes.push({ ...nodes[1], id: '4', name: 'Ideogram 2', position: [400, 0], parameters: opts.then as INode['parameters'] });
		connections.Ideogram = { main: [[{ node: 'Ideogram 2', type: 'main', index: 0 }]] };
	}
	if (opts.echo !== undefined) {
		nodes.push({ id: '3', name: 'Echo', type: 'test.echo', typeVersion: 1, position: [400, 0], parameters: { value: opts.echo } });
		connections.Ideogram = { main: [[{ node: 'Echo', type: 'main', index: 0 }]] };
	}
	const workflow = new Workflow({ id: 'wf-test', nodes, connections, nodeTypes, active: false, settings: {} });

	const hooks = new ExecutionLifecycleHooks('manual', 'exec-1', { id: 'wf-test', name: 'test', nodes, connections, active: false } as never);
	let finished!: (run: IRun) => void;
	const done = new Promise<IRun>((resolve) => (finished = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => finished(run));
	const credentialsHelper = new MapCredentialsHelper({ ideogramApi: opts.credentials ?? {} });
	const additionalData = additionalDataFor(credentialsHelper, 'exec-1', { hooks });

	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: nodes[0], data: { main: [[{ json: {} }]] }, source: null }] },
	});
	await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	const run = await done;
	const runData = run.data.resultData.runData;
	if (!runData.Ideogram) {
		// The Ideogram node never ran (e.g. the source node failed): a test must not read that as
		// "nothing was sent" and pass.
		const cause = run.data.resultData.error ?? runData.Source?.[0]?.error;
		throw new Error(`The workflow stopped before the Ideogram node ran: ${cause?.message ?? 'no error recorded'}`);
	}
	const nodeError = runData.Ideogram?.[0]?.error as RunResult['error'] | undefined;
	const binaryService = Container.get(BinaryDataService);
	return {
		run,
		output: runData.Ideogram?.[0]?.data?.main?.[0] ?? undefined,
		errorOutput: runData.Ideogram?.[0]?.data?.main?.[1] ?? undefined,
		echo: runData.Echo?.[0]?.data?.main?.[0] ?? undefined,
		thenOutput: runData['Ideogram 2']?.[0]?.data?.main?.[0] ?? undefined,
		error: nodeError
			? { name: nodeError.name, message: nodeError.message, description: nodeError.description, httpCode: nodeError.httpCode }
			: undefined,
		getBinary: async (item, field = 'data') => {
			const binary = item.binary?.[field];
			if (!binary) throw new Error(`item has no binary field "${field}"`);
			return await binaryService.getAsBuffer(binary);
		},
	};
}
