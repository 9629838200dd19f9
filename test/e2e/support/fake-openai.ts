/**
 * A scripted stand-in for OpenAI's chat completions API, so the AI Agent example runs in the
 * real n8n without a model: the first call asks for the "Generate image" tool, the second for
 * "Describe image" with the link the first tool returned, the third answers in text. Every
 * request is recorded, so a test can read exactly what the agent (the model) saw of each tool's
 * output. Answers in plain JSON or, when asked to stream, as server-sent events.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface ChatMessage {
	role: string;
	content?: string | null | Array<{ type: string; text?: string }>;
	tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
	name?: string;
}

export interface ChatRequest {
	model?: string;
	messages: ChatMessage[];
	tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: unknown } }>;
	stream?: boolean;
}

export interface FakeOpenAi {
	/** Base URL for the openAiApi credential (…/v1). */
	baseUrl: string;
	requests: ChatRequest[];
	/** Text of every tool result message the model was sent, in order. */
	toolResults(): string[];
	close(): Promise<void>;
}

export const AGENT_PROMPT = 'Make a square poster that says "Hello from the e2e test" (e2e agent)';

const text = (m: ChatMessage): string =>
	typeof m.content === 'string' ? m.content : Array.isArray(m.content) ? m.content.map((c) => c.text ?? '').join('') : '';

/** The next assistant message for this conversation. */
function nextMessage(req: ChatRequest): { content: string | null; toolCall?: { name: string; args: object } } {
	const toolNames = (req.tools ?? []).map((t) => t.function.name);
	const find = (re: RegExp) => toolNames.find((n) => re.test(n));
	const results = req.messages.filter((m) => m.role === 'tool');
	if (results.length === 0) {
		const name = find(/generate/i);
		if (!name) return { content: `No generate tool among: ${toolNames.join(', ')}` };
		return { content: null, toolCall: { name, args: { prompt: AGENT_PROMPT } } };
	}
	if (results.length === 1) {
		const name = find(/describe/i);
		const url = /https?:\/\/[^\s"\\]+/.exec(text(results[0]))?.[0];
		if (!name || !url) return { content: `Cannot go on: tool ${name ?? '(none)'}, url ${url ?? '(none)'}` };
		return { content: null, toolCall: { name, args: { imageUrl: url } } };
	}
	return { content: `Here is your poster: ${/https?:\/\/[^\s"\\]+/.exec(text(results[0]))?.[0] ?? '(no link)'}` };
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
	const requests: ChatRequest[] = [];
	let calls = 0;
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://fake');
			if (req.method === 'GET' && url.pathname.endsWith('/models')) {
				res.writeHead(200, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model', owned_by: 'fake' }] }));
				return;
			}
			if (req.method !== 'POST' || !url.pathname.endsWith('/chat/completions')) {
				res.writeHead(404, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ error: { message: `fake OpenAI has no ${req.method} ${url.pathname}` } }));
				return;
			}
			const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
			requests.push(body);
			const id = `chatcmpl-fake-${++calls}`;
			const created = Math.floor(Date.now() / 1000);
			const next = nextMessage(body);
			const toolCalls = next.toolCall
				? [{ id: `call_${calls}`, type: 'function', function: { name: next.toolCall.name, arguments: JSON.stringify(next.toolCall.args) } }]
				: undefined;
			const finish = toolCalls ? 'tool_calls' : 'stop';
			const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
			if (body.stream) {
				res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
				const send = (delta: object, finishReason: string | null) =>
					res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`);
				send({ role: 'assistant', content: next.content ?? '' }, null);
				if (toolCalls) send({ tool_calls: toolCalls.map((t, index) => ({ index, ...t })) }, null);
				send({}, finish);
				res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [], usage })}\n\n`);
				res.end('data: [DONE]\n\n');
				return;
			}
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end(
				JSON.stringify({
					id,
					object: 'chat.completion',
					created,
					model: body.model,
					choices: [{ index: 0, message: { role: 'assistant', content: next.content, ...(toolCalls ? { tool_calls: toolCalls } : {}) }, finish_reason: finish }],
					usage,
				}),
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}/v1`,
		requests,
		toolResults: () => {
			// Each request repeats the conversation so far; the last one holds every tool result.
			const last = requests[requests.length - 1];
			return (last?.messages ?? []).filter((m) => m.role === 'tool').map(text);
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
