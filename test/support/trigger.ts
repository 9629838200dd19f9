/**
 * The Ideogram Trigger in-process, as n8n runs a webhook trigger: a real HTTP server on 127.0.0.1
 * stands in for n8n's webhook server, reads the body the way n8n's body parser does (raw bytes
 * kept as `rawBody`, JSON parsed for a JSON content type, 422 when that fails), calls the node's
 * `webhook()` through n8n-core's own WebhookContext, and then does what n8n's webhook helpers do
 * with the answer (webhook-helpers.js, executeWebhook): nothing more when the node answered
 * itself (`noWebhookResponse`), the node's `webhookResponse` with 200 when there is no
 * `workflowData`, else 200 and one execution of the workflow through WorkflowExecute, starting at
 * the trigger with its webhook data, as n8n's prepareExecutionData sets it up. A `webhook()` that
 * throws gets 500 and an execution, as in n8n, so a test that expects none also catches that.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import path from 'node:path';

import './n8n';
import { BinaryDataService, ExecutionLifecycleHooks, WebhookContext, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IWebhookData,
	type IConnections,
} from 'n8n-workflow';

import { IdeogramTrigger } from '../../nodes/IdeogramTrigger/IdeogramTrigger.node';
import { additionalDataFor, MapCredentialsHelper, useBinaryMode } from './n8n';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Container } = require(require.resolve('@n8n/di', { paths: [path.dirname(require.resolve('n8n-core'))] })) as typeof import('@n8n/di');

export const TRIGGER_TYPE = 'n8n-nodes-ideogram.ideogramTrigger';
/** n8n's default payloadSizeMax (N8N_PAYLOAD_SIZE_MAX, 16 MB): bodies beyond it never reach a node. */
const N8N_PAYLOAD_MAX = 16 * 1024 * 1024;

/** A node after the trigger, so a test sees what a downstream node receives. */
class CollectNode implements INodeType {
	description = {
		displayName: 'Test Collect',
		name: 'testCollect',
		group: ['transform'],
		version: 1,
		description: 'Passes its items on',
		defaults: { name: 'Collect' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData().map((item, i) => ({ ...item, pairedItem: { item: i } }))];
	}
}

const nodeTypeMap: Record<string, INodeType> = { [TRIGGER_TYPE]: new IdeogramTrigger(), 'test.collect': new CollectNode() };
const nodeTypes: INodeTypes = {
	getByName: (type) => nodeTypeMap[type],
	getByNameAndVersion: (type) => nodeTypeMap[type],
	getKnownTypes: () => ({}),
} as INodeTypes;

export interface Execution {
	run: IRun;
	/** The trigger's output items (after its downloads); undefined when it failed. */
	output?: INodeExecutionData[];
	/** What the node after it received. */
	collected?: INodeExecutionData[];
	error?: { message: string; description?: string | null };
}

export interface LogLine {
	level: 'error' | 'warn' | 'info' | 'debug';
	message: string;
}

export interface TriggerServer {
	/** The trigger's URL (what would be its production URL). */
	url: string;
	executions: Execution[];
	log: LogLine[];
	/** Every answer the server sent: status and body text. */
	answers: Array<{ status: number; body: string }>;
	/** Settles once every execution started so far has finished. */
	idle(): Promise<void>;
	getBinary(item: INodeExecutionData, field?: string): Promise<Buffer>;
	close(): Promise<void>;
}

export interface TriggerOptions {
	credentials: ICredentialDataDecryptedObject;
	parameters?: IDataObject;
	/** Workflow and node ids: a different pair is another trigger (its own duplicate list). */
	workflowId?: string;
	nodeId?: string;
	onError?: 'continueRegularOutput';
}

type ExpressLikeResponse = http.ServerResponse & { status(code: number): ExpressLikeResponse; json(body: unknown): void; send(body: unknown): void };

function expressLike(res: http.ServerResponse, answers: TriggerServer['answers']): ExpressLikeResponse {
	const r = res as ExpressLikeResponse;
	const finish = (text: string, type: string) => {
		answers.push({ status: r.statusCode, body: text });
		if (!r.headersSent) r.setHeader('Content-Type', type);
		r.end(text);
	};
	r.status = (code: number) => {
		r.statusCode = code;
		return r;
	};
	r.json = (body: unknown) => finish(JSON.stringify(body), 'application/json');
	r.send = (body: unknown) => (typeof body === 'string' ? finish(body, 'text/plain') : r.json(body));
	return r;
}

export async function startTrigger(opts: TriggerOptions): Promise<TriggerServer> {
	await useBinaryMode('filesystem');
	const workflowId = opts.workflowId ?? 'wf-trigger';
	const trigger: INode = {
		id: opts.nodeId ?? 'trigger-1',
		name: 'Ideogram Trigger',
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		webhookId: 'c0ffee00-0000-4000-8000-000000000001',
		parameters: (opts.parameters ?? {}) as INode['parameters'],
		credentials: { ideogramApi: { id: 'cred-1', name: 'Ideogram test' } },
		...(opts.onError ? { onError: opts.onError } : {}),
	};
	const collect: INode = { id: 'collect-1', name: 'Collect', type: 'test.collect', typeVersion: 1, position: [200, 0], parameters: {} };
	const connections: IConnections = { [trigger.name]: { main: [[{ node: 'Collect', type: 'main', index: 0 }]] } };
	const nodes = [trigger, collect];
	const credentialsHelper = new MapCredentialsHelper({ ideogramApi: opts.credentials });
	const executions: Execution[] = [];
	const running = new Set<Promise<void>>();
	const log: LogLine[] = [];
	const answers: TriggerServer['answers'] = [];
	let count = 0;

	const dataFor = (executionId: string, extra: object = {}) => additionalDataFor(credentialsHelper, executionId, extra);

	async function execute(workflowData: INodeExecutionData[][]): Promise<void> {
		const workflow = new Workflow({ id: workflowId, nodes, connections, nodeTypes, active: true, settings: {} });
		const executionId = `exec-${++count}`;
		const hooks = new ExecutionLifecycleHooks('webhook', executionId, { id: workflowId, name: 'trigger test', nodes, connections, active: true } as never);
		let finished!: (run: IRun) => void;
		const done = new Promise<IRun>((resolve) => (finished = resolve));
		hooks.addHandler('workflowExecuteAfter', (run) => finished(run));
		const runExecutionData = createRunExecutionData({
			executionData: { nodeExecutionStack: [{ node: trigger, data: { main: workflowData }, source: null }] },
		});
		await new WorkflowExecute(dataFor(executionId, { hooks }), 'webhook', runExecutionData).processRunExecutionData(workflow);
		const run = await done;
		const runData = run.data.resultData.runData;
		const error = (runData[trigger.name]?.[0]?.error ?? run.data.resultData.error) as Execution['error'] | undefined;
		executions.push({
			run,
			output: runData[trigger.name]?.[0]?.data?.main?.[0] ?? undefined,
			collected: runData.Collect?.[0]?.data?.main?.[0] ?? undefined,
			error: error ? { message: error.message, description: error.description } : undefined,
		});
	}

	async function handle(req: http.IncomingMessage, rawRes: http.ServerResponse): Promise<void> {
		const res = expressLike(rawRes, answers);
		const chunks: Buffer[] = [];
		let size = 0;
		for await (const chunk of req) {
			size += (chunk as Buffer).length;
			if (size > N8N_PAYLOAD_MAX) return res.status(413).json({ message: 'request entity too large' });
			chunks.push(chunk as Buffer);
		}
		const raw = Buffer.concat(chunks);
		const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
		const request = req as http.IncomingMessage & { body?: unknown; params?: object; query?: object };
		request.rawBody = raw;
		request.readRawBody = async () => {};
		request.contentType = contentType;
		request.params = {};
		request.query = {};
		request.body = {};
		if (contentType === 'application/json' && raw.length) {
			try {
				request.body = JSON.parse(raw.toString('utf8'));
			} catch {
				// n8n's parseBody: UnprocessableRequestError before any node runs.
				return res.status(422).json({ code: 422, message: 'Failed to parse request body' });
			}
		}

		const workflow = new Workflow({ id: workflowId, nodes, connections, nodeTypes, active: true, settings: {} });
		const additionalData = dataFor('', { httpRequest: request, httpResponse: res });
		const webhookData: IWebhookData = {
			httpMethod: 'POST',
			node: trigger.name,
			path: `${trigger.webhookId}/ideogram`,
			webhookDescription: new IdeogramTrigger().description.webhooks![0],
			workflowId,
			workflowExecuteAdditionalData: additionalData,
			webhookId: trigger.webhookId,
		};
		const context = new WebhookContext(workflow, trigger, additionalData, 'webhook', webhookData, [], null);
		const capture = (level: LogLine['level']) => (message: string) => void log.push({ level, message });
		Object.defineProperty(context, 'logger', {
			value: { error: capture('error'), warn: capture('warn'), info: capture('info'), debug: capture('debug') },
		});
		let result;
		try {
			result = await nodeTypeMap[TRIGGER_TYPE].webhook!.call(context);
		} catch (error) {
			res.status(500).json({ code: 500, message: 'Workflow Webhook Error: Workflow could not be started!' });
			log.push({ level: 'error', message: `webhook() threw: ${(error as Error).message}` });
			result = { noWebhookResponse: true, workflowData: [[{ json: {} }]] };
		}
		if (result.noWebhookResponse && !rawRes.writableEnded) rawRes.end();
		if (result.workflowData === undefined) {
			if (!rawRes.writableEnded) res.status(200).json(result.webhookResponse ?? { message: 'Webhook call received' });
			return;
		}
		if (!rawRes.writableEnded) res.status(200).json({ message: 'Workflow was started' });
		const work = execute(result.workflowData);
		running.add(work);
		void work.finally(() => running.delete(work));
		await work;
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			log.push({ level: 'error', message: `harness: ${(error as Error)?.stack ?? String(error)}` });
			if (!res.headersSent) {
				res.writeHead(500);
				res.end();
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/${trigger.webhookId}/ideogram`;
	return {
		url,
		executions,
		log,
		answers,
		idle: async () => {
			while (running.size) await Promise.allSettled([...running]);
		},
		getBinary: async (item, field = 'data') => {
			const binary = item.binary?.[field];
			if (!binary) throw new Error(`item has no binary field "${field}"`);
			return await Container.get(BinaryDataService).getAsBuffer(binary);
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
