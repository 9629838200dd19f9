/**
 * Generate → Edit → Replace Background, each step taking the previous step's output file as it
 * comes (binary field "data", no conversion in between), the Edit mask read from a file fixture.
 * The steps are three runs of the node: each run's output item, bytes and binary metadata as n8n
 * stored them, becomes the next run's input item. Once in n8n's filesystem binary mode (the n8n
 * 2.x default), once in the in-memory mode.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeExecutionData } from 'n8n-workflow';

import { imageSize } from '../stub/png';
import { sha256 } from '../support/images';
import { runIdeogram, type InputItem, type RunResult } from '../support/n8n';
import { useStub } from '../support/useStub';

const KEY = 'sk-test-image-chain-0123456789abcdef';
const MASK_FILE = path.join(__dirname, '../fixtures/mask-1024-center.png');
const stub = useStub({ apiKey: KEY });

/** The next node's input: the output item unchanged, its file as n8n stored it, plus any extra files. */
async function handOn(result: RunResult, extra: InputItem['binary'] = {}): Promise<InputItem> {
	expect(result.error).toBeUndefined();
	expect(result.output).toHaveLength(1);
	const item: INodeExecutionData = result.output![0];
	const meta = item.binary!.data;
	return {
		json: item.json,
		binary: { data: { data: await result.getBinary(item), fileName: meta.fileName, mimeType: meta.mimeType }, ...extra },
	};
}

describe.each(['filesystem', 'default'] as const)('binary mode %s', (binaryMode) => {
	test('Generate → Edit (mask from a file) → Replace Background', async () => {
		const run = (parameters: Record<string, unknown>, items?: InputItem[]) =>
			runIdeogram({
				parameters: { resource: 'image', ...parameters },
				items,
				credentials: { provider: 'ideogram', apiKey: KEY, baseUrl: stub.baseUrl },
				binaryMode,
			});

		const generated = await run({ operation: 'generate', prompt: 'a fox on a chair', additionalFields: { resolution: '1024x1024' } });
		const stored = generated.output![0].binary!.data;
		// Filesystem mode keeps only a reference in the item; the in-memory mode keeps the bytes.
		if (binaryMode === 'filesystem') expect(stored.id).toMatch(/^filesystem/);
		else expect(stored.id).toBeUndefined();

		const mask = readFileSync(MASK_FILE);
		const editInput = await handOn(generated, { mask: { data: mask, fileName: 'mask-1024-center.png', mimeType: 'image/png' } });
		const edited = await run({ operation: 'edit', prompt: 'a fox wearing a top hat', image: 'data', mask: 'mask' }, [editInput]);

		const backgroundInput = await handOn(edited);
		const final = await run({ operation: 'replaceBackground', prompt: 'a library with tall shelves', image: 'data' }, [backgroundInput]);
		const [out] = final.output!;
		expect(final.error).toBeUndefined();
		expect(out.pairedItem).toEqual({ item: 0 });
		expect(out.json).toMatchObject({ prompt: 'a library with tall shelves', resolution: '1024x1024', is_image_safe: true });
		const finalBytes = await final.getBinary(out);
		expect(imageSize(finalBytes)).toEqual({ width: 1024, height: 1024 });

		expect(stub.requests.map((r) => [r.path, r.status])).toEqual([
			['/v1/ideogram-v3/generate', 200],
			['/v1/ideogram-v3/inpaint', 200],
			['/v1/ideogram-v3/replace-background', 200],
		]);
		const [, editRequest, backgroundRequest] = stub.requests;
		// Each step uploaded exactly the bytes the step before it produced.
		expect(editRequest.files!.map((f) => [f.field, f.sha256, f.contentType])).toEqual([
			['image', sha256(editInput.binary!.data.data), 'image/png'],
			['mask', sha256(mask), 'image/png'],
		]);
		expect(editRequest.files![0].filename).toBe(stored.fileName);
		expect(backgroundRequest.files!.map((f) => [f.field, f.sha256, f.contentType])).toEqual([
			['image', sha256(backgroundInput.binary!.data.data), 'image/png'],
		]);
		expect(new Set([sha256(editInput.binary!.data.data), sha256(backgroundInput.binary!.data.data), sha256(finalBytes)]).size).toBe(3);
	});
});
