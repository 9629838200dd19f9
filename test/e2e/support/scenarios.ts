/**
 * The real-n8n scenarios: each a workflow (built for a runtime's folders and credentials) and a
 * check of what n8n output and what the stubs received. All of them run in one
 * `n8n execute-batch`; checks tell their requests apart by the image links in the answers, a
 * tag in the prompt, or the uploaded file's hash.
 */
import { promises as fs } from 'fs';
import * as path from 'path';

import { imageSize, sniffImageType } from '../../stub/png';
import { sha256 } from '../../support/images';
import { CheckContext, fetchBuffer, filesOf, type RunItem } from './check';
import { adaptExample, EXAMPLE_FILES, loadExample, RESELLER_EXAMPLE_FILES, VIDEO_EXAMPLE_FILES } from './examples';
import { FIXTURES, type Dirs } from './harness';
import { AGENT_PROMPT } from './fake-openai';
import type { CredentialRef, Providers, ProviderStub } from './providers';
import { IDEOGRAM, manualTrigger, mergeByPosition, readFile, rowsNodes, workflow, writeFile, type NodeSpec, type WorkflowJson } from './workflow';

export interface BuildContext {
	providers: Providers;
	dirs: Dirs;
	openAiCredential: CredentialRef;
}

export interface Scenario {
	/** Workflow id: at most 16 characters, with a digit. */
	id: string;
	title: string;
	/** The (resource, operation) pairs this scenario proves, for the coverage test. */
	covers: Array<[string, string]>;
	/** 'error' when the workflow is meant to fail (n8n then prints no run data). Default 'success'. */
	expectStatus?: 'success' | 'error';
	/** Folders to create under Dirs.out before the run (n8n 1.x does not create them). */
	outFolders?: string[];
	build(b: BuildContext): WorkflowJson;
	check(c: CheckContext): Promise<void> | void;
}

const fixtureSha = (name: string) => sha256(FIXTURES[name]());
const js = (s: string) => JSON.stringify(s);

function ideogram(name: string, p: ProviderStub, parameters: object, extra: Partial<NodeSpec> = {}): NodeSpec {
	return { name, type: IDEOGRAM, typeVersion: 1, parameters: { options: {}, ...parameters }, credentials: p.nodeCredentials, ...extra };
}

/** Start → Read image (field data) and Start → Read mask (field mask) → Merge: one item with both files. */
function imageAndMask(b: BuildContext, second: { file: string; field: string } = { file: 'mask.png', field: 'mask' }, first = { file: 'photo.png', field: 'data' }) {
	const nodes: NodeSpec[] = [
		manualTrigger(),
		readFile('Read image', path.join(b.dirs.files, first.file), first.field),
		readFile('Read second file', path.join(b.dirs.files, second.file), second.field),
		mergeByPosition('Both files'),
	];
	const links = [
		{ from: 'Start', to: 'Read image' },
		{ from: 'Start', to: 'Read second file' },
		{ from: 'Read image', to: 'Both files', input: 0 },
		{ from: 'Read second file', to: 'Both files', input: 1 },
	];
	return { nodes, links };
}

/** Start → Read `file` → the given nodes, in a chain. */
function fromFile(id: string, title: string, b: BuildContext, file: string, nodes: NodeSpec[]): WorkflowJson {
	return workflow(id, title, [manualTrigger(), readFile('Read image', path.join(b.dirs.files, file)), ...nodes]);
}

/**
 * Every item carries a PNG in binary field `field` and a stub image link, named for its seed
 * (`ideogram-<seed>-<n>.png`), or `ideogram-image-<n>.png` for answers whose images have no seed
 * in the spec (v2 Upscale and Remove Background).
 */
function expectImages(items: RunItem[], count: number, field = 'data', fileName = /^ideogram-\d+-\d+\.png$/): void {
	expect(items).toHaveLength(count);
	for (const item of items) {
		expect(item.json.url).toEqual(expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/images\//));
		expect(item.binary?.[field]).toMatchObject({ mimeType: 'image/png', fileExtension: 'png' });
		expect(item.binary?.[field]?.fileName).toMatch(fileName);
	}
}

/** The Ideogram node's common request assertions: path (with the personality's prefix), header style, status. */
function expectWire(p: ProviderStub, r: { path: string; rawPath: string; headers: Record<string, string>; status: number }, apiPath: string): void {
	expect(r.status).toBe(200);
	expect(r.path).toBe(apiPath);
	expect(r.rawPath).toBe(p.personality === 'official' ? apiPath : `/ideogram${apiPath}`);
	if (p.personality === 'official') {
		expect(r.headers['api-key']).toBe(p.key);
		expect(r.headers.authorization).toBeUndefined();
	} else {
		expect(r.headers['api-key']).toBeUndefined();
		expect(r.headers.authorization).toBe(p.personality === 'kkiai' ? `Bearer ${p.key}` : p.key);
	}
}

// ---------------------------------------------------------------------------------------------
// Image (Ideogram 3.0)

const generateEveryProvider: Scenario[] = (['official', 'cometapi', 'kkiai'] as const).map((personality, i) => {
	const tag = `(e2e generate ${personality})`;
	return {
		id: `e2eGenerate${i + 1}`,
		title: `Image → Generate through ${personality}: JSON body, the provider's path and header, one item per image`,
		covers: [['image', 'generate']],
		build: (b) =>
			workflow(`e2eGenerate${i + 1}`, `e2e: generate (${personality})`, [
				manualTrigger(),
				ideogram('Generate', b.providers.all[personality], {
					resource: 'image',
					operation: 'generate',
					prompt: `A lighthouse at dusk ${tag}`,
					additionalFields: { numImages: 2, seed: 1000 + i, aspectRatio: '16x9', renderingSpeed: 'TURBO', colorPaletteName: 'EMBER', styleType: 'DESIGN' },
				}),
			]),
		check: async (c) => {
			const p = c.providers.all[personality];
			const items = c.items('Generate');
			expectImages(items, 2);
			expect(items.map((it) => it.json.seed)).toEqual([1000 + i, 1001 + i]);
			expect(items.map((it) => CheckContext.pairedIndex(it))).toEqual([0, 0]);
			expect(items[0].json).toMatchObject({ prompt: `A lighthouse at dusk ${tag}`, style_type: 'DESIGN', is_image_safe: true, index: 0 });
			const r = c.onlyRequestFor(p, items);
			expectWire(p, r, '/v1/ideogram-v3/generate');
			expect(r.contentType).toBe('json');
			expect(r.json).toEqual({
				prompt: `A lighthouse at dusk ${tag}`,
				num_images: 2,
				seed: 1000 + i,
				aspect_ratio: '16x9',
				rendering_speed: 'TURBO',
				color_palette: { name: 'EMBER' },
				style_type: 'DESIGN',
			});
			// Downloaded from the image host (kkiai: another port), without the key.
			const urls = items.map((it) => it.json.url as string);
			expect(urls.every((u) => u.startsWith(`${p.stub.imageOrigin}/images/`))).toBe(true);
			if (personality === 'kkiai') expect(p.stub.imageOrigin).not.toBe(new URL(p.stub.baseUrl).origin);
			const downloads = p.stub.downloads.filter((d) => urls.some((u) => new URL(u).pathname === d.path));
			expect(downloads.map((d) => d.status)).toEqual([200, 200]);
			for (const d of downloads) {
				expect(d.headers.authorization).toBeUndefined();
				expect(d.headers['api-key']).toBeUndefined();
			}
		},
	};
});

const generateWithStyleReference: Scenario = {
	id: 'e2eGenerateRef1',
	title: 'Image → Generate with a style reference read from disk: multipart, the file byte for byte',
	covers: [['image', 'generate']],
	build: (b) =>
		fromFile('e2eGenerateRef1', 'e2e: generate with a style reference', b, 'style.jpg', [
			ideogram('Generate', b.providers.official, {
				resource: 'image',
				operation: 'generate',
				prompt: 'A poster in this style (e2e style ref)',
				referenceImages: { styleReferenceImages: 'data' },
				additionalFields: { renderingSpeed: 'FLASH' },
			}),
		]),
	check: (c) => {
		const items = c.items('Generate');
		expectImages(items, 1);
		const r = c.onlyRequestFor(c.providers.official, items);
		expectWire(c.providers.official, r, '/v1/ideogram-v3/generate');
		expect(r.contentType).toBe('multipart');
		expect(r.fields).toEqual({ prompt: ['A poster in this style (e2e style ref)'], rendering_speed: ['FLASH'] });
		expect(filesOf(r)).toEqual([['style_reference_images', fixtureSha('style.jpg'), 'image/jpeg']]);
	},
};

const editChain: Scenario = {
	id: 'e2eChain1',
	title: 'Read Files (image + mask) → Edit → Replace Background → Write Files: real PNGs on disk',
	covers: [
		['image', 'edit'],
		['image', 'replaceBackground'],
	],
	outFolders: ['chain'],
	build: (b) => {
		const { nodes, links } = imageAndMask(b);
		const p = b.providers.official;
		return workflow(
			'e2eChain1',
			'e2e: read → edit → replace background → write',
			[
				...nodes,
				ideogram('Edit', p, {
					resource: 'image',
					operation: 'edit',
					prompt: 'A red hat on the table (e2e chain edit)',
					image: 'data',
					mask: 'mask',
					additionalFields: { numImages: 2, renderingSpeed: 'TURBO' },
				}),
				ideogram('Replace Background', p, {
					resource: 'image',
					operation: 'replaceBackground',
					prompt: 'A sunny beach (e2e chain background)',
					image: 'data',
				}),
				writeFile('Write Files', `={{ ${js(path.join(b.dirs.out, 'chain'))} + "/final-" + $itemIndex + "-" + $json.seed + ".png" }}`),
			],
			[
				...links,
				{ from: 'Both files', to: 'Edit' },
				{ from: 'Edit', to: 'Replace Background' },
				{ from: 'Replace Background', to: 'Write Files' },
			],
		);
	},
	check: async (c) => {
		const p = c.providers.official;
		const edited = c.items('Edit');
		expectImages(edited, 2);
		const edit = c.onlyRequestFor(p, edited);
		expectWire(p, edit, '/v1/ideogram-v3/inpaint');
		expect(edit.fields).toEqual({ prompt: ['A red hat on the table (e2e chain edit)'], num_images: ['2'], rendering_speed: ['TURBO'] });
		expect(filesOf(edit)).toEqual([
			['image', fixtureSha('photo.png'), 'image/png'],
			['mask', fixtureSha('mask.png'), 'image/png'],
		]);

		// Each edited image went on to Replace Background as it came out of Edit (same bytes).
		const replaced = c.items('Replace Background');
		expectImages(replaced, 2);
		expect(replaced.map((it) => CheckContext.pairedIndex(it))).toEqual([0, 1]);
		const editedBytes = await Promise.all(edited.map((it) => fetchBuffer(it.json.url as string)));
		const bg = c.requestsFor(p, replaced);
		expect(bg).toHaveLength(2);
		for (const r of bg) {
			expectWire(p, r, '/v1/ideogram-v3/replace-background');
			expect(r.fields).toEqual({ prompt: ['A sunny beach (e2e chain background)'] });
		}
		expect(bg.map((r) => r.files![0].sha256).sort()).toEqual(editedBytes.map(sha256).sort());

		// And Write Files left the final images on disk, byte for byte what the stub served.
		const dir = path.join(c.dirs.out, 'chain');
		const written = (await fs.readdir(dir)).sort();
		expect(written).toEqual(replaced.map((it, i) => `final-${i}-${it.json.seed}.png`).sort());
		for (const [i, item] of replaced.entries()) {
			const file = await fs.readFile(path.join(dir, `final-${i}-${item.json.seed}.png`));
			expect(sniffImageType(file)).toBe('image/png');
			// Ideogram 3.0 answers sizes of its ResolutionV3 list only: the square nearest the 512x512 input.
			expect(imageSize(file)).toEqual({ width: 1024, height: 1024 });
			expect(sha256(file)).toBe(sha256(await fetchBuffer(item.json.url as string)));
		}
	},
};

const editResellers: Scenario[] = (['cometapi', 'kkiai'] as const).map((personality, i) => ({
	id: `e2eEditReseller${i + 1}`,
	title: `Image → Edit through ${personality}: the /edit path resellers route`,
	covers: [['image', 'edit']],
	build: (b) => {
		const { nodes, links } = imageAndMask(b);
		return workflow(
			`e2eEditReseller${i + 1}`,
			`e2e: edit (${personality})`,
			[...nodes, ideogram('Edit', b.providers.all[personality], { resource: 'image', operation: 'edit', prompt: `A blue scarf (e2e edit ${personality})`, image: 'data', mask: 'mask' })],
			[...links, { from: 'Both files', to: 'Edit' }],
		);
	},
	check: (c) => {
		const p = c.providers.all[personality];
		const items = c.items('Edit');
		expectImages(items, 1);
		const r = c.onlyRequestFor(p, items);
		expectWire(p, r, '/v1/ideogram-v3/edit');
		expect(filesOf(r)).toEqual([
			['image', fixtureSha('photo.png'), 'image/png'],
			['mask', fixtureSha('mask.png'), 'image/png'],
		]);
	},
}));

const editWithPrompt: Scenario = {
	id: 'e2eEditPrompt1',
	title: 'Image → Edit With Prompt through kkiai: two files from two binary fields, in order',
	covers: [['image', 'editWithPrompt']],
	build: (b) => {
		const { nodes, links } = imageAndMask(b, { file: 'back.png', field: 'back' }, { file: 'front.png', field: 'front' });
		return workflow(
			'e2eEditPrompt1',
			'e2e: edit with prompt (kkiai)',
			[
				...nodes,
				ideogram('Edit With Prompt', b.providers.kkiai, {
					resource: 'image',
					operation: 'editWithPrompt',
					prompt: 'Put the mug from image 1 on the table in image 2 (e2e edit with prompt)',
					images: 'front, back',
					additionalFields: { numImages: 1, transparentBackground: true },
				}),
			],
			[...links, { from: 'Both files', to: 'Edit With Prompt' }],
		);
	},
	check: (c) => {
		const p = c.providers.kkiai;
		const items = c.items('Edit With Prompt');
		expectImages(items, 1);
		const r = c.onlyRequestFor(p, items);
		expectWire(p, r, '/v1/edit');
		expect(r.fields).toEqual({
			prompt: ['Put the mug from image 1 on the table in image 2 (e2e edit with prompt)'],
			num_images: ['1'],
			transparent_background: ['true'],
		});
		expect(filesOf(r)).toEqual([
			['images', fixtureSha('front.png'), 'image/png'],
			['images', fixtureSha('back.png'), 'image/png'],
		]);
	},
};

const remix: Scenario = {
	id: 'e2eRemix1',
	title: 'Image → Remix through CometAPI: image, weight and ratio',
	covers: [['image', 'remix']],
	build: (b) =>
		fromFile('e2eRemix1', 'e2e: remix (cometapi)', b, 'photo.png', [
			ideogram('Remix', b.providers.cometapi, {
				resource: 'image',
				operation: 'remix',
				prompt: 'The same scene as a watercolour (e2e remix)',
				image: 'data',
				additionalFields: { imageWeight: 70, aspectRatio: '3x2', seed: 7 },
			}),
		]),
	check: (c) => {
		const p = c.providers.cometapi;
		const items = c.items('Remix');
		expectImages(items, 1);
		expect(items[0].json.seed).toBe(7);
		const r = c.onlyRequestFor(p, items);
		expectWire(p, r, '/v1/ideogram-v3/remix');
		expect(r.fields).toEqual({ prompt: ['The same scene as a watercolour (e2e remix)'], image_weight: ['70'], aspect_ratio: ['3x2'], seed: ['7'] });
		expect(filesOf(r)).toEqual([['image', fixtureSha('photo.png'), 'image/png']]);
	},
};

const reframe: Scenario = {
	id: 'e2eReframe1',
	title: 'Image → Reframe through kkiai: a square image to 1536x640, two results',
	covers: [['image', 'reframe']],
	build: (b) =>
		fromFile('e2eReframe1', 'e2e: reframe (kkiai)', b, 'poster.png', [
			ideogram('Reframe', b.providers.kkiai, { resource: 'image', operation: 'reframe', image: 'data', resolution: '1536x640', additionalFields: { numImages: 2 } }),
		]),
	check: (c) => {
		const p = c.providers.kkiai;
		const items = c.items('Reframe');
		expectImages(items, 2);
		expect(items.map((it) => it.json.resolution)).toEqual(['1536x640', '1536x640']);
		const r = c.onlyRequestFor(p, items);
		expectWire(p, r, '/v1/ideogram-v3/reframe');
		expect(r.fields).toEqual({ resolution: ['1536x640'], num_images: ['2'] });
		expect(filesOf(r)).toEqual([['image', fixtureSha('poster.png'), 'image/png']]);
	},
};

const removeBackground: Scenario = {
	id: 'e2eRemoveBg1',
	title: 'Image → Remove Background through CometAPI: one transparent PNG',
	covers: [['image', 'removeBackground']],
	build: (b) =>
		fromFile('e2eRemoveBg1', 'e2e: remove background (cometapi)', b, 'photo.png', [
			ideogram('Remove Background', b.providers.cometapi, { resource: 'image', operation: 'removeBackground', image: 'data' }),
		]),
	check: async (c) => {
		const p = c.providers.cometapi;
		const items = c.items('Remove Background');
		expect(items).toHaveLength(1);
		expect(items[0].binary?.data?.mimeType).toBe('image/png');
		const r = c.onlyRequestFor(p, items);
		expectWire(p, r, '/v1/remove-background');
		expect(filesOf(r)).toEqual([['image', fixtureSha('photo.png'), 'image/png']]);
		const png = await fetchBuffer(items[0].json.url as string);
		expect(png[25]).toBe(6); // colour type 6: RGBA
	},
};

const generateTransparent: Scenario = {
	id: 'e2eTransparent1',
	title: 'Image → Generate Transparent through the official API: multipart, upscaled',
	covers: [['image', 'generateTransparent']],
	build: (b) =>
		workflow('e2eTransparent1', 'e2e: generate transparent (official)', [
			manualTrigger(),
			ideogram('Generate Transparent', b.providers.official, {
				resource: 'image',
				operation: 'generateTransparent',
				prompt: 'A sticker of a fox (e2e transparent)',
				additionalFields: { upscaleFactor: 'X2', aspectRatio: '1x1' },
			}),
		]),
	check: (c) => {
		const p = c.providers.official;
		const items = c.items('Generate Transparent');
		expectImages(items, 1);
		expect(items[0].json).toMatchObject({ resolution: '1024x1024', upscaled_resolution: '2048x2048' });
		const r = c.onlyRequestFor(p, items);
		expectWire(p, r, '/v1/ideogram-v3/generate-transparent');
		expect(r.contentType).toBe('multipart');
		expect(r.fields).toEqual({ prompt: ['A sticker of a fox (e2e transparent)'], upscale_factor: ['X2'], aspect_ratio: ['1x1'] });
	},
};

const layerizeText: Scenario = {
	id: 'e2eLayerize1',
	title: 'Image → Layerize Text through the official API: text blocks in JSON, the base image as a file',
	covers: [['image', 'layerizeText']],
	build: (b) =>
		fromFile('e2eLayerize1', 'e2e: layerize text (official)', b, 'poster.png', [
			ideogram('Layerize Text', b.providers.official, {
				resource: 'image',
				operation: 'layerizeText',
				image: 'data',
				additionalFields: { prompt: 'A poster saying hello (e2e layerize)', seed: 42 },
			}),
		]),
	check: (c) => {
		const p = c.providers.official;
		const items = c.items('Layerize Text');
		expect(items).toHaveLength(1);
		const json = items[0].json as { text_blocks?: Array<Record<string, unknown>>; seed?: number; original_image_url?: string };
		expect(json.seed).toBe(42);
		expect(json.text_blocks?.map((t) => t.text)).toEqual(['HELLO WORLD', 'Made with the stub']);
		expect(json.original_image_url).toEqual(expect.stringContaining('/images/'));
		expect(items[0].binary?.data?.mimeType).toBe('image/png');
		const r = c.onlyRequestFor(p, items);
		expectWire(p, r, '/v1/ideogram-v3/layerize-text');
		expect(filesOf(r)).toEqual([['image', fixtureSha('poster.png'), 'image/png']]);
	},
};

// ---------------------------------------------------------------------------------------------
// Legacy Image

const legacyGenerate: Scenario[] = (['official', 'cometapi', 'kkiai'] as const).map((personality, i) => ({
	id: `e2eLegacyGen${i + 1}`,
	title: `Legacy Image → Generate through ${personality}: {"image_request": …}`,
	covers: [['legacyImage', 'generate']],
	build: (b) =>
		workflow(`e2eLegacyGen${i + 1}`, `e2e: legacy generate (${personality})`, [
			manualTrigger(),
			ideogram('Legacy Generate', b.providers.all[personality], {
				resource: 'legacyImage',
				operation: 'generate',
				prompt: `A red fox reading a newspaper (e2e legacy ${personality})`,
				model: 'V_2_TURBO',
				additionalFields: { aspectRatio: 'ASPECT_16_9', magicPromptOption: 'OFF', seed: 300 + i },
			}),
		]),
	check: (c) => {
		const p = c.providers.all[personality];
		const items = c.items('Legacy Generate');
		expectImages(items, 1);
		expect(items[0].json).toMatchObject({ seed: 300 + i, resolution: '1280x720' });
		const r = c.onlyRequestFor(p, items);
		expectWire(p, r, '/generate');
		expect(r.json).toEqual({
			image_request: {
				prompt: `A red fox reading a newspaper (e2e legacy ${personality})`,
				model: 'V_2_TURBO',
				aspect_ratio: 'ASPECT_16_9',
				magic_prompt_option: 'OFF',
				seed: 300 + i,
			},
		});
	},
}));

const legacyRemix: Scenario = {
	id: 'e2eLegacyRemix1',
	title: 'Legacy Image → Remix through kkiai: image_request part and image_file',
	covers: [['legacyImage', 'remix']],
	build: (b) =>
		fromFile('e2eLegacyRemix1', 'e2e: legacy remix (kkiai)', b, 'photo.png', [
			ideogram('Legacy Remix', b.providers.kkiai, {
				resource: 'legacyImage',
				operation: 'remix',
				prompt: 'The same scene at night (e2e legacy remix)',
				model: 'V_2',
				image: 'data',
				additionalFields: { imageWeight: 60 },
			}),
		]),
	check: (c) => {
		const p = c.providers.kkiai;
		const items = c.items('Legacy Remix');
		expectImages(items, 1);
		const r = c.onlyRequestFor(p, items);
		expectWire(p, r, '/remix');
		expect(JSON.parse(r.fields!.image_request[0])).toEqual({ prompt: 'The same scene at night (e2e legacy remix)', model: 'V_2', image_weight: 60 });
		expect(filesOf(r)).toEqual([['image_file', fixtureSha('photo.png'), 'image/png']]);
	},
};

const legacyEdit: Scenario = {
	id: 'e2eLegacyEdit1',
	title: 'Legacy Image → Edit through CometAPI: image and mask',
	covers: [['legacyImage', 'edit']],
	build: (b) => {
		const { nodes, links } = imageAndMask(b);
		return workflow(
			'e2eLegacyEdit1',
			'e2e: legacy edit (cometapi)',
			[
				...nodes,
				ideogram('Legacy Edit', b.providers.cometapi, {
					resource: 'legacyImage',
					operation: 'edit',
					prompt: 'A green umbrella (e2e legacy edit)',
					model: 'V_2',
					image: 'data',
					mask: 'mask',
				}),
			],
			[...links, { from: 'Both files', to: 'Legacy Edit' }],
		);
	},
	check: (c) => {
		const p = c.providers.cometapi;
		const items = c.items('Legacy Edit');
		expectImages(items, 1);
		const r = c.onlyRequestFor(p, items);
		expectWire(p, r, '/edit');
		expect(r.fields).toEqual({ prompt: ['A green umbrella (e2e legacy edit)'], model: ['V_2'] });
		expect(filesOf(r)).toEqual([
			['image_file', fixtureSha('photo.png'), 'image/png'],
			['mask', fixtureSha('mask.png'), 'image/png'],
		]);
	},
};

const legacyReframe: Scenario = {
	id: 'e2eLegacyFrame1',
	title: 'Legacy Image → Reframe through the official API',
	covers: [['legacyImage', 'reframe']],
	build: (b) =>
		fromFile('e2eLegacyFrame1', 'e2e: legacy reframe (official)', b, 'photo.png', [
			ideogram('Legacy Reframe', b.providers.official, {
				resource: 'legacyImage',
				operation: 'reframe',
				resolution: 'RESOLUTION_1280_720',
				model: 'V_2',
				image: 'data',
			}),
		]),
	check: (c) => {
		const p = c.providers.official;
		const items = c.items('Legacy Reframe');
		expectImages(items, 1);
		expect(items[0].json.resolution).toBe('1280x720');
		const r = c.onlyRequestFor(p, items);
		expectWire(p, r, '/reframe');
		expect(r.fields).toEqual({ resolution: ['RESOLUTION_1280_720'], model: ['V_2'] });
		expect(filesOf(r)).toEqual([['image_file', fixtureSha('photo.png'), 'image/png']]);
	},
};

const legacyUpscale: Scenario = {
	id: 'e2eLegacyUp1',
	title: 'Legacy Image → Upscale through kkiai: twice the size',
	covers: [['legacyImage', 'upscale']],
	build: (b) =>
		fromFile('e2eLegacyUp1', 'e2e: legacy upscale (kkiai)', b, 'photo.png', [
			ideogram('Upscale', b.providers.kkiai, {
				resource: 'legacyImage',
				operation: 'upscale',
				image: 'data',
				resemblance: 80,
				detail: 40,
				additionalFields: { prompt: 'A sharp photo (e2e upscale)' },
			}),
		]),
	check: async (c) => {
		const p = c.providers.kkiai;
		const items = c.items('Upscale');
		expectImages(items, 1);
		expect(items[0].json).toMatchObject({ resolution: '512x512', upscaled_resolution: '1024x1024' });
		const r = c.onlyRequestFor(p, items);
		expectWire(p, r, '/upscale');
		expect(JSON.parse(r.fields!.image_request[0])).toEqual({ resemblance: 80, detail: 40, prompt: 'A sharp photo (e2e upscale)' });
		expect(imageSize(await fetchBuffer(items[0].json.url as string))).toEqual({ width: 1024, height: 1024 });
	},
};

const legacyDescribe: Scenario = {
	id: 'e2eDescribe1',
	title: 'Legacy Image → Describe through CometAPI: the description as text, the input file passed through',
	covers: [['legacyImage', 'describe']],
	build: (b) =>
		fromFile('e2eDescribe1', 'e2e: describe (cometapi)', b, 'front.png', [
			ideogram('Describe', b.providers.cometapi, { resource: 'legacyImage', operation: 'describe', image: 'data' }),
		]),
	check: (c) => {
		const p = c.providers.cometapi;
		const items = c.items('Describe');
		expect(items).toHaveLength(1);
		expect(items[0].json.description).toBe('A 600x600 image of colourful vertical stripes in four horizontal bands.');
		expect(items[0].json.descriptions).toHaveLength(2);
		expect(items[0].binary?.data).toMatchObject({ mimeType: 'image/png', fileName: 'front.png' });
		const [r, ...more] = c.requestsWithFile(p, fixtureSha('front.png'));
		expect(more).toHaveLength(0);
		expectWire(p, r, '/describe');
		expect(filesOf(r)).toEqual([['image_file', fixtureSha('front.png'), 'image/png']]);
	},
};

// ---------------------------------------------------------------------------------------------
// Items, pairing and errors

const TOPICS = ['a red bicycle', 'a blue kettle', 'a green lamp'];

const pairedItems: Scenario = {
	id: 'e2ePaired1',
	title: '3 input items × 2 images = 6 items, each paired to its input: a Set node reads $("Topics").item',
	covers: [['image', 'generate']],
	build: (b) =>
		workflow('e2ePaired1', 'e2e: pairing', [
			manualTrigger(),
			...rowsNodes(
				'Topics',
				TOPICS.map((topic) => ({ topic })),
			),
			ideogram('Generate', b.providers.official, {
				resource: 'image',
				operation: 'generate',
				prompt: '={{ "Product photo of " + $json.topic + " (e2e paired)" }}',
				additionalFields: { numImages: 2 },
			}),
			{
				name: 'Check pairing',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: {
					mode: 'manual',
					includeOtherFields: true,
					assignments: {
						assignments: [
							{ id: 'a1', name: 'topic', value: "={{ $('Topics').item.json.topic }}", type: 'string' },
							{ id: 'a2', name: 'seedFromGenerate', value: "={{ $('Generate').item.json.seed }}", type: 'number' },
						],
					},
					options: {},
				},
			},
		]),
	check: (c) => {
		const generated = c.items('Generate');
		expectImages(generated, 6);
		expect(generated.map((it) => CheckContext.pairedIndex(it))).toEqual([0, 0, 1, 1, 2, 2]);
		const checked = c.items('Check pairing');
		expect(checked).toHaveLength(6);
		for (const [i, item] of checked.entries()) {
			const topic = TOPICS[Math.floor(i / 2)];
			expect(item.json.topic).toBe(topic);
			// The image really came from that topic's request: Ideogram echoes the prompt.
			expect(item.json.prompt).toBe(`Product photo of ${topic} (e2e paired)`);
			expect(item.json.seedFromGenerate).toBe(generated[i].json.seed);
			expect(item.binary?.data?.mimeType).toBe('image/png');
		}
		expect(c.requestsTagged(c.providers.official, '(e2e paired)')).toHaveLength(3);
	},
};

const continueOnFail: Scenario = {
	id: 'e2eContinue1',
	title: 'On Error: Continue: the failing item becomes one error item, the others keep their images (kkiai envelope)',
	covers: [['image', 'generate']],
	build: (b) =>
		workflow('e2eContinue1', 'e2e: continue on fail', [
			manualTrigger(),
			...rowsNodes('Topics', [{ topic: 'a red bicycle' }, { topic: 'a blue kettle [[status:402]]' }, { topic: 'a green lamp' }]),
			ideogram(
				'Generate',
				b.providers.kkiai,
				{ resource: 'image', operation: 'generate', prompt: '={{ "Photo of " + $json.topic + " (e2e continue)" }}', additionalFields: { numImages: 2 } },
				{ onError: 'continueRegularOutput' },
			),
			{
				name: 'After',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: {
					mode: 'manual',
					includeOtherFields: true,
					assignments: { assignments: [{ id: 'a1', name: 'topic', value: "={{ $('Topics').item.json.topic }}", type: 'string' }] },
					options: {},
				},
			},
		]),
	check: (c) => {
		const out = c.items('Generate');
		expect(out).toHaveLength(5);
		expect(out.map((it) => CheckContext.pairedIndex(it))).toEqual([0, 0, 1, 2, 2]);
		const [failed] = out.filter((it) => it.json.error);
		expect(failed.json).toMatchObject({ httpCode: '402' });
		expect(failed.json.error).toMatch(/credits/i);
		expect(failed.binary).toBeUndefined();
		expectImages(
			out.filter((it) => !it.json.error),
			4,
		);
		expect(c.items('After').map((it) => it.json.topic)).toEqual([
			'a red bicycle',
			'a red bicycle',
			'a blue kettle [[status:402]]',
			'a green lamp',
			'a green lamp',
		]);
		const requests = c.requestsTagged(c.providers.kkiai, '(e2e continue)');
		expect(requests.map((r) => r.status).sort()).toEqual([200, 200, 402]);
		expect(requests.find((r) => r.status === 402)?.response).toEqual({ code: 402, message: expect.any(String), data: null });
	},
};

/** A Set node that keeps the item's fields and adds `assignments` (name → expression). */
const setFields = (name: string, assignments: Record<string, string>): NodeSpec => ({
	name,
	type: 'n8n-nodes-base.set',
	typeVersion: 3.4,
	parameters: {
		mode: 'manual',
		includeOtherFields: true,
		assignments: {
			assignments: Object.entries(assignments).map(([field, value], i) => ({ id: `a${i + 1}`, name: field, value, type: 'string' })),
		},
		options: {},
	},
});

const errorOutput: Scenario = {
	id: 'e2eErrorOut1',
	title: 'On Error: Continue (using error output): images on output 0, each failed item once on output 1 with its message, code and input',
	covers: [['image', 'generate']],
	build: (b) =>
		workflow(
			'e2eErrorOut1',
			'e2e: error output',
			[
				manualTrigger(),
				...rowsNodes('Topics', [
					{ topic: 'a red bicycle', seed: 1 },
					{ topic: 'a blue kettle [[unsafe-prompt]]', seed: 2 },
					{ topic: 'a broken seed', seed: -1 },
					{ topic: 'a green lamp', seed: 4 },
				]),
				ideogram(
					'Generate',
					b.providers.official,
					{
						resource: 'image',
						operation: 'generate',
						prompt: '={{ "Photo of " + $json.topic + " (e2e error output)" }}',
						additionalFields: { seed: '={{ $json.seed }}' },
					},
					{ onError: 'continueErrorOutput' },
				),
				setFields('Succeeded', { topic: "={{ $('Topics').item.json.topic }}" }),
				setFields('Failed', { what: '={{ $json.error.message }}', code: '={{ $json.error.httpCode }}', topicSeen: '={{ $json.topic }}' }),
			],
			[
				{ from: 'Start', to: 'Topics (list)' },
				{ from: 'Topics (list)', to: 'Topics' },
				{ from: 'Topics', to: 'Generate' },
				{ from: 'Generate', to: 'Succeeded', output: 0 },
				{ from: 'Generate', to: 'Failed', output: 1 },
			],
		),
	check: (c) => {
		const images = c.items('Generate', 0);
		expect(images.map((it) => CheckContext.pairedIndex(it))).toEqual([0, 3]);
		expectImages(images, 2);
		expect(images.some((it) => it.json.error !== undefined)).toBe(false);
		expect(c.items('Succeeded').map((it) => it.json.topic)).toEqual(['a red bicycle', 'a green lamp']);

		const failed = c.items('Generate', 1);
		expect(failed.map((it) => CheckContext.pairedIndex(it))).toEqual([1, 2]);
		const [unsafe, badSeed] = failed.map((it) => it.json.error as unknown as Record<string, unknown>);
		expect(unsafe).toMatchObject({ message: expect.stringMatching(/safety/), description: expect.stringMatching(/Reword/), httpCode: '422' });
		expect(badSeed).toMatchObject({ message: expect.stringMatching(/Seed/), description: expect.any(String) });
		expect(badSeed.httpCode).toBeUndefined();
		// What the node on the error branch saw: the message, the code, and the input item's own fields.
		expect(c.items('Failed').map((it) => [it.json.what, it.json.code, it.json.topicSeen])).toEqual([
			[unsafe.message, '422', 'a blue kettle [[unsafe-prompt]]'],
			[badSeed.message, null, 'a broken seed'],
		]);
		// The bad seed was refused before sending; the unsafe prompt was sent once and not retried.
		expect(c.requestsTagged(c.providers.official, '(e2e error output)').map((r) => r.status).sort()).toEqual([200, 200, 422]);
	},
};

const stopOnError: Scenario = {
	id: 'e2eStop1',
	title: 'Without Continue On Fail, a refused prompt fails the workflow with a message naming the cause',
	covers: [],
	expectStatus: 'error',
	build: (b) =>
		workflow('e2eStop1', 'e2e: stop on error', [
			manualTrigger(),
			ideogram('Generate', b.providers.official, { resource: 'image', operation: 'generate', prompt: 'Something [[unsafe-prompt]] (e2e stop)' }),
		]),
	check: (c) => {
		expect(c.entry?.status).toBe('error');
		expect(c.entry?.error).toMatch(/safety/i);
		expect(c.entry?.error).toMatch(/on node Generate$/);
		expect(c.requestsTagged(c.providers.official, '(e2e stop)').map((r) => r.status)).toEqual([422]);
	},
};

// ---------------------------------------------------------------------------------------------
// Node version 2: Ideogram's current API, and version 1 kept as it was

const v2Generate: Scenario = {
	id: 'e2eV2Generate1',
	title: 'Version 2, Image → Generate: the model from an expression per item, /v2/image/generate/<model>, lowercase fields, generation_id',
	covers: [['imageV2', 'generate']],
	build: (b) =>
		workflow('e2eV2Generate1', 'e2e: v2 generate', [
			manualTrigger(),
			...rowsNodes('Jobs', [
				{ model: 'ideogram-4', speed: 'turbo' },
				{ model: 'ideogram-3', speed: 'quality' },
				{ model: 'auto', speed: '' },
			]),
			ideogram(
				'Generate',
				b.providers.official,
				{
					resource: 'imageV2',
					operation: 'generate',
					model: '={{ $json.model }}',
					prompt: '={{ "A kite festival, model " + $json.model + " (e2e v2)" }}',
					additionalFields: { renderingSpeed: '={{ $json.speed }}', numImages: 2, magicPrompt: 'off' },
				},
				{ typeVersion: 2 },
			),
		]),
	check: (c) => {
		const items = c.items('Generate');
		expectImages(items, 6);
		expect(items.map((it) => CheckContext.pairedIndex(it))).toEqual([0, 0, 1, 1, 2, 2]);
		for (const item of items) expect(item.json.generation_id).toEqual(expect.any(String));
		const p = c.providers.official;
		const requests = c.requestsTagged(p, '(e2e v2)');
		expect(requests.map((r) => r.path).sort()).toEqual(['/v2/image/generate/auto', '/v2/image/generate/ideogram-3', '/v2/image/generate/ideogram-4']);
		for (const r of requests) expectWire(p, r, r.path);
		// The empty speed of the auto row counts as not set (auto takes no rendering_speed).
		expect(requests.find((r) => r.path.endsWith('/auto'))?.json).toEqual({ prompt: expect.any(String), num_images: 2, magic_prompt: 'off', async: true });
		// Sent as jobs and polled: each job was read at GET /v2/generations/{id} until completed.
		const ids = new Set(items.map((it) => it.json.generation_id));
		expect(ids.size).toBe(3);
		for (const id of ids) expect(p.stub.requests.some((r) => r.method === 'GET' && r.path === `/v2/generations/${id}` && (r.response as { status?: string })?.status === 'completed')).toBe(true);
		expect(requests.find((r) => r.path.endsWith('/ideogram-4'))?.json).toMatchObject({ rendering_speed: 'turbo' });
	},
};

/** Prices in the stub's table (test/stub/ideogram-stub.ts priceQuote): Ideogram 4 is $0.06 an image, $0.03 at turbo. */
const v2Costs: Scenario = {
	id: 'e2eV2Costs1',
	title: 'Version 2 costs: Price Quote Only outputs the quote and generates nothing; under Max Spend per Execution 5 items at $0.03 with a cap of $0.09 give 3 images and 2 refusals, unsent',
	covers: [['imageV2', 'generate']],
	build: (b) => {
		const generate = (name: string, prompt: string, additionalFields: object, options: object) =>
			ideogram(name, b.providers.official, { resource: 'imageV2', operation: 'generate', model: 'ideogram-4', prompt, additionalFields, options }, { typeVersion: 2, onError: 'continueRegularOutput' });
		return workflow(
			'e2eV2Costs1',
			'e2e: v2 quotes and cap',
			[
				manualTrigger(),
				generate('Quote', 'A lighthouse at dusk (e2e quote)', { renderingSpeed: 'quality', numImages: 2 }, { priceQuoteOnly: true }),
				...rowsNodes('Posters', [1, 2, 3, 4, 5].map((n) => ({ n }))),
				generate('Capped', '={{ "Poster " + $json.n + " (e2e cap)" }}', { renderingSpeed: 'turbo' }, { maxSpendUsd: 0.09, downloadImages: false }),
			],
			[
				{ from: 'Start', to: 'Quote' },
				{ from: 'Start', to: 'Posters (list)' },
				{ from: 'Posters (list)', to: 'Posters' },
				{ from: 'Posters', to: 'Capped' },
			],
		);
	},
	check: (c) => {
		const p = c.providers.official;
		const [quote, ...more] = c.items('Quote');
		expect(more).toHaveLength(0);
		expect(quote.binary).toBeUndefined();
		expect(quote.json).toEqual({
			usd: '0.180000',
			usd_micros: 180000,
			credits: '18.000',
			credit_millis: 18000,
			qualifier: 'exact',
			billing_identifier: 'ideogram_4_generate',
			quantity: 2,
			endpoint: '/v2/image/generate/ideogram-4',
		});
		// The quote was the only request: priced with dry_run, never generated, polled or downloaded.
		const quoted = c.requestsTagged(p, '(e2e quote)');
		expect(quoted.map((r) => r.rawPath)).toEqual(['/v2/image/generate/ideogram-4?dry_run=true']);

		const capped = c.items('Capped');
		expect(capped.map((it) => CheckContext.pairedIndex(it))).toEqual([0, 1, 2, 3, 4]);
		expect(capped.slice(0, 3).map((it) => it.json.cost)).toEqual(Array(3).fill({ usd: '0.030000', usd_micros: 30000, source: 'quote', qualifier: 'exact' }));
		for (const refused of capped.slice(3)) {
			expect(refused.json.error).toBe('Max Spend per Execution of $0.090000 would be crossed: $0.090000 is already committed in this execution, and this item costs $0.030000');
		}
		const requests = c.requestsTagged(p, '(e2e cap)');
		expect(requests.filter((r) => r.dryRun)).toHaveLength(5);
		const sent = requests.filter((r) => !r.dryRun).map((r) => (r.json as { prompt: string }).prompt);
		expect(sent.sort()).toEqual(['Poster 1 (e2e cap)', 'Poster 2 (e2e cap)', 'Poster 3 (e2e cap)']);
	},
};

const v2CapStops: Scenario = {
	id: 'e2eV2CapStop1',
	title: 'Version 2, Max Spend per Execution without Continue On Fail: the workflow fails at the first item over the cap, and nothing past it is sent',
	covers: [],
	expectStatus: 'error',
	build: (b) =>
		workflow('e2eV2CapStop1', 'e2e: v2 cap stops', [
			manualTrigger(),
			...rowsNodes('Posters', [1, 2, 3].map((n) => ({ n }))),
			ideogram(
				'Capped',
				b.providers.official,
				{ resource: 'imageV2', operation: 'generate', model: 'ideogram-4', prompt: '={{ "Poster " + $json.n + " (e2e cap stop)" }}', additionalFields: { renderingSpeed: 'turbo' }, options: { maxSpendUsd: 0.03 } },
				{ typeVersion: 2 },
			),
		]),
	check: (c) => {
		expect(c.entry?.status).toBe('error');
		// n8n's CLI reports a NodeOperationError by its description (the message is checked in-process).
		expect(c.entry?.error).toMatch(/^The item was not sent, and not billed; items already sent are unaffected\. .*Max Spend per Execution.* on node Capped$/);
		const sent = c.requestsTagged(c.providers.official, '(e2e cap stop)').filter((r) => !r.dryRun);
		expect(sent.map((r) => (r.json as { prompt: string }).prompt)).toEqual(['Poster 1 (e2e cap stop)']);
	},
};

/** Version 2 operations in one chain, each taking the file the one before made (official only: v2 is Ideogram's own). */
const v2Chain: Scenario = {
	id: 'e2eV2Chain1',
	title: 'Version 2, Image: Generate → Remix → Edit → Describe → Remove Background → Upscale, each on /v2/…/<model> with the file the step before made',
	covers: [
		['imageV2', 'generate'],
		['imageV2', 'remix'],
		['imageV2', 'edit'],
		['imageV2', 'describe'],
		['imageV2', 'removeBackground'],
		['imageV2', 'upscale'],
	],
	build: (b) => {
		const v2 = (name: string, parameters: object) => ideogram(name, b.providers.official, { resource: 'imageV2', ...parameters }, { typeVersion: 2 });
		return workflow('e2eV2Chain1', 'e2e: v2 chain', [
			manualTrigger(),
			v2('Generate', { operation: 'generate', model: 'ideogram-4', prompt: 'A shop sign (e2e v2 chain)', additionalFields: { resolution: '1024x1024' } }),
			v2('Remix', { operation: 'remix', model: 'ideogram-3', image: 'data', prompt: 'The sign at night (e2e v2 chain)', additionalFields: { imageWeight: 60, styleType: 'design' } }),
			v2('Edit', { operation: 'edit', model: 'ideogram-4-5', image: 'data', prompt: 'Make the sign red (e2e v2 chain)', additionalFields: { quality: 'low' } }),
			v2('Describe', { operation: 'describe', model: 'ideogram-4', image: 'data', additionalFields: { includeTags: true } }),
			v2('Remove Background', { operation: 'removeBackground', model: 'ideogram-1', image: 'data' }),
			v2('Upscale', { operation: 'upscale', model: 'topaz-standard-2', image: 'data', additionalFields: { upscaleBy: 'x2', denoise: 0.2 } }),
		]);
	},
	check: async (c) => {
		const p = c.providers.official;
		const sha = async (item: RunItem) => sha256(await fetchBuffer(item.json.url as string));
		/** The request of `path` uploaded exactly the image `from` made, as its `image`. */
		const tookFileOf = async (from: RunItem, apiPath: string) => {
			const requests = c.requestsWithFile(p, await sha(from));
			const r = requests.find((x) => x.path === apiPath);
			expect([apiPath, r?.files?.find((f) => f.field === 'image') !== undefined]).toEqual([apiPath, true]);
			expectWire(p, r!, apiPath);
			return r!;
		};
		const [generated] = c.items('Generate');
		expectImages([generated], 1);
		// Generate runs as a job (its answer links come from the poll), so its request is found by prompt.
		expectWire(p, c.requestsTagged(p, 'A shop sign (e2e v2 chain)')[0], '/v2/image/generate/ideogram-4');
		const [remixed] = c.items('Remix');
		expectImages([remixed], 1);
		expect(remixed.json.generation_id).toEqual(expect.any(String));
		expect((await tookFileOf(generated, '/v2/image/remix/ideogram-3')).fields).toMatchObject({ image_weight: ['60'], style_type: ['design'] });
		const [edited] = c.items('Edit');
		expectImages([edited], 1);
		expect((await tookFileOf(remixed, '/v2/image/precise-edit/ideogram-4-5')).fields).toMatchObject({ quality: ['low'] });
		const [described] = c.items('Describe');
		expect(described.json).toMatchObject({ json_prompt: expect.objectContaining({ tags: expect.any(Array) }), description_id: expect.any(String) });
		expect(JSON.parse(described.json.prompt as string)).toEqual(described.json.json_prompt);
		expect((await tookFileOf(edited, '/v2/image/describe/ideogram-4')).fields).toEqual({ include_tags: ['true'] });
		// Describe kept the edited file on the item, so Remove Background got it.
		const [cutOut] = c.items('Remove Background');
		// No seed in this answer, so the file is named ideogram-image-1.png.
		expect(cutOut.binary?.data).toMatchObject({ mimeType: 'image/png', fileName: 'ideogram-image-1.png' });
		await tookFileOf(edited, '/v2/image/remove-background/ideogram-1');
		expect((await fetchBuffer(cutOut.json.url as string))[25]).toBe(6); // RGBA
		const [upscaled] = c.items('Upscale');
		// A finished upscale job lists its image without prompt or seed (ImageObjectWithoutPromptOrSeed),
		// so, as for Remove Background, the file is named ideogram-image-1.png.
		expect(upscaled.json.url).toEqual(expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/images\//));
		expect(upscaled.binary?.data).toMatchObject({ mimeType: 'image/png', fileExtension: 'png', fileName: 'ideogram-image-1.png' });
		expect(upscaled.json.resolution).toBe('2048x2048');
		expect((await tookFileOf(cutOut, '/v2/image/upscale/topaz-standard-2')).fields).toEqual({ upscale_factor: ['x2'], denoise: ['0.2'], async: ['true'] });
	},
};

/** Version 2 Reframe and Layerize on a file read from disk. */
const v2FromFile: Scenario = {
	id: 'e2eV2Files1',
	title: 'Version 2, Image: Reframe a poster to 1536x640, then Layerize it: the text-free base image as the file, the text blocks as JSON',
	covers: [
		['imageV2', 'reframe'],
		['imageV2', 'layerize'],
	],
	build: (b) =>
		fromFile('e2eV2Files1', 'e2e: v2 reframe and layerize', b, 'poster.png', [
			ideogram('Reframe', b.providers.official, { resource: 'imageV2', operation: 'reframe', model: 'ideogram-3', image: 'data', resolution: '1536x640' }, { typeVersion: 2 }),
			ideogram('Layerize', b.providers.official, { resource: 'imageV2', operation: 'layerize', model: 'ideogram-3', image: 'data', additionalFields: { guidance: 'A poster (e2e v2 layerize)' } }, { typeVersion: 2 }),
		]),
	check: async (c) => {
		const p = c.providers.official;
		const [reframed] = c.items('Reframe');
		expectImages([reframed], 1);
		expect(reframed.json.resolution).toBe('1536x640');
		const r = c.onlyRequestFor(p, [reframed]);
		expectWire(p, r, '/v2/image/reframe/ideogram-3');
		expect(r.fields).toEqual({ resolution: ['1536x640'], async: ['true'] });
		expect(filesOf(r)).toEqual([['image', fixtureSha('poster.png'), 'image/png']]);
		const [layers] = c.items('Layerize');
		expectImages([layers], 1);
		expect(layers.json.text_blocks).toEqual([expect.objectContaining({ text: expect.any(String), x: expect.any(Number) })]);
		expect(layers.json.design_url).toEqual(expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/images\//));
		const [l] = c.requestsTagged(p, '(e2e v2 layerize)');
		expectWire(p, l, '/v2/design/layerize/ideogram-3');
		expect(l.files?.[0].sha256).toBe(sha256(await fetchBuffer(reframed.json.url as string)));
	},
};

const v2CollectLater: Scenario = {
	id: 'e2eV2Collect1',
	title: 'Version 2: Generate with Wait for Completion off outputs generation ids; Get Generation collects the images',
	covers: [['imageV2', 'getGeneration']],
	build: (b) =>
		workflow('e2eV2Collect1', 'e2e: v2 collect later', [
			manualTrigger(),
			ideogram(
				'Submit',
				b.providers.official,
				{ resource: 'imageV2', operation: 'generate', model: 'ideogram-4-5', prompt: 'A paper boat (e2e collect)', additionalFields: { numImages: 2 }, options: { waitForCompletion: false } },
				{ typeVersion: 2 },
			),
			ideogram('Collect', b.providers.official, { resource: 'imageV2', operation: 'getGeneration', generationId: '={{ $json.generation_id }}' }, { typeVersion: 2 }),
		]),
	check: (c) => {
		const [submitted] = c.items('Submit');
		expect(submitted.json).toEqual({ generation_id: expect.any(String), status: 'pending', seed: expect.any(Number) });
		expect(submitted.binary).toBeUndefined();
		const collected = c.items('Collect');
		expectImages(collected, 2);
		for (const item of collected) expect(item.json.generation_id).toBe(submitted.json.generation_id);
		// One job sent; the collecting node only read it.
		expect(c.requestsTagged(c.providers.official, '(e2e collect)').map((r) => r.method)).toEqual(['POST']);
	},
};

const videoFromImage: Scenario = {
	id: 'e2eVideo1',
	title: 'Version 2: Read image → Video → Generate (image to video, Seedance 2): the first frame uploaded, the job polled, an MP4 streamed into binary data → Write file; Get Generation of a video job',
	covers: [['video', 'generate']],
	outFolders: ['video'],
	build: (b) => {
		const p = b.providers.official;
		return workflow('e2eVideo1', 'e2e: video from an image', [
			manualTrigger(),
			readFile('Read image', path.join(b.dirs.files, 'photo.png')),
			ideogram(
				'Video',
				p,
				{ resource: 'video', operation: 'generate', mode: 'image', model: 'seedance-2', image: 'data', prompt: 'The photo comes alive (e2e video)', additionalFields: { duration: 5, resolution: '480p' } },
				{ typeVersion: 2 },
			),
			writeFile('Write video', path.join(b.dirs.out, 'video', 'clip.mp4')),
			ideogram('Submit video', p, { resource: 'video', operation: 'generate', prompt: 'A kite over a beach (e2e video later)', options: { waitForCompletion: false } }, { typeVersion: 2 }),
			ideogram('Collect video', p, { resource: 'imageV2', operation: 'getGeneration', generationId: '={{ $json.generation_id }}' }, { typeVersion: 2 }),
		]);
	},
	check: async (c) => {
		const p = c.providers.official;
		const [made] = c.items('Video');
		expect(made.json).toMatchObject({ object_type: 'video.generation', duration: 5, resolution: '480p', aspect_ratio: '1:1', index: 0 });
		expect(made.binary?.data).toMatchObject({ mimeType: 'video/mp4', fileExtension: 'mp4' });
		const r = c.onlyRequestFor(p, [made]);
		expectWire(p, r, '/v2/video/generate/seedance-2-image-to-video');
		expect(r.contentType).toBe('multipart');
		expect(r.fields).toEqual({ prompt: ['The photo comes alive (e2e video)'], duration: ['5'], resolution: ['480p'] });
		expect(filesOf(r)).toEqual([['image', fixtureSha('photo.png'), 'image/png']]);
		// The file on disk is the MP4 the stub served, byte for byte.
		const written = await fs.readFile(path.join(c.dirs.out, 'video', 'clip.mp4'));
		expect(written.toString('latin1', 4, 8)).toBe('ftyp');
		expect(sha256(written)).toBe(sha256(await fetchBuffer(made.json.url as string)));
		// Sent without waiting, then collected by Image → Get Generation: the video, once sent.
		const [collected] = c.items('Collect video');
		expect(collected.json).toMatchObject({ object_type: 'video.generation', generation_id: c.items('Submit video')[0].json.generation_id });
		expect(collected.binary?.data).toMatchObject({ mimeType: 'video/mp4' });
		expect(c.requestsTagged(p, '(e2e video later)').map((req) => req.method)).toEqual(['POST']);
	},
};

const videoFromAssets: Scenario = {
	id: 'e2eVideo2',
	title: 'Version 2: Video → Edit, Living Image and Product 360 Video take asset identifiers (JSON), run as jobs, output MP4s',
	covers: [
		['video', 'edit'],
		['video', 'livingImage'],
		['video', 'product360'],
	],
	build: (b) => {
		const p = b.providers.official;
		const v = (name: string, parameters: object) => ideogram(name, p, { resource: 'video', ...parameters }, { typeVersion: 2 });
		return workflow('e2eVideo2', 'e2e: video from assets', [
			manualTrigger(),
			v('Edit video', { operation: 'edit', prompt: 'The dancer turns (e2e video edit)', assetType: 'RESPONSE', videoAssetId: 'e2eVideoAsset0000000001', startFrameTime: 1, endFrameTime: 2.5, additionalFields: { isEndFrameIncluded: true } }),
			v('Living image', { operation: 'livingImage', assetType: 'UPLOAD', imageAssetId: 'e2eImageAsset0000000001', additionalFields: { duration: 6 } }),
			v('Spin', { operation: 'product360', assetType: 'RESPONSE', imageAssetId: 'e2eImageAsset0000000002', direction: 'counter-clockwise' }),
		]);
	},
	check: (c) => {
		const p = c.providers.official;
		for (const [node, path] of [['Edit video', '/v2/video/edit/seedance-2'], ['Living image', '/v2/tool/living-image'], ['Spin', '/v2/tool/product-360-video']]) {
			const [item] = c.items(node);
			expect(item.json.object_type).toBe('video.generation');
			expect(item.binary?.data).toMatchObject({ mimeType: 'video/mp4', fileExtension: 'mp4' });
			const r = c.onlyRequestFor(p, [item]);
			expectWire(p, r, path);
			expect(r.contentType).toBe('json');
		}
		const edit = c.onlyRequestFor(p, c.items('Edit video'));
		expect(edit.json).toEqual({
			prompt: 'The dancer turns (e2e video edit)',
			video_asset_identifier: { asset_type: 'RESPONSE', asset_id: 'e2eVideoAsset0000000001' },
			start_frame_time: 1,
			end_frame_time: 2.5,
			is_end_frame_included: true,
		});
		expect(c.onlyRequestFor(p, c.items('Living image')).json).toEqual({ image_asset_identifier: { asset_type: 'UPLOAD', asset_id: 'e2eImageAsset0000000001' }, duration: 6 });
		expect(c.onlyRequestFor(p, c.items('Spin')).json).toEqual({ image_asset_identifier: { asset_type: 'RESPONSE', asset_id: 'e2eImageAsset0000000002' }, direction: 'counter-clockwise' });
	},
};

const vectorizeToSvg: Scenario = {
	id: 'e2eVectorize1',
	title: 'Version 2: Read image → Image → Vectorize → Write file: the image uploaded, the job polled, an SVG (image/svg+xml) written to disk byte for byte',
	covers: [['imageV2', 'vectorize']],
	outFolders: ['svg'],
	build: (b) =>
		workflow('e2eVectorize1', 'e2e: vectorize', [
			manualTrigger(),
			readFile('Read image', path.join(b.dirs.files, 'poster.png')),
			ideogram('Vectorize', b.providers.official, { resource: 'imageV2', operation: 'vectorize', image: 'data' }, { typeVersion: 2 }),
			writeFile('Write SVG', path.join(b.dirs.out, 'svg', 'poster.svg')),
		]),
	check: async (c) => {
		const p = c.providers.official;
		const [svg] = c.items('Vectorize');
		expect(svg.json).toMatchObject({ object_type: 'svg.generation', width: 768, height: 768, mime_type: 'image/svg+xml' });
		expect(svg.binary?.data).toMatchObject({ mimeType: 'image/svg+xml' });
		const r = c.onlyRequestFor(p, [svg]);
		expectWire(p, r, '/v2/tool/vectorizer');
		expect(filesOf(r)).toEqual([['image', fixtureSha('poster.png'), 'image/png']]);
		const written = await fs.readFile(path.join(c.dirs.out, 'svg', 'poster.svg'));
		expect(written.toString('utf8')).toMatch(/<svg [^>]*width="768" height="768"/);
		expect(sha256(written)).toBe(sha256(await fetchBuffer(svg.json.url as string)));
	},
};

const partnerModels: Scenario = {
	id: 'e2ePartners1',
	title: 'Version 2, models of the second extract: Generate with Ideogram 2, Edit with Ideogram 3 Character (inpaint), Replace Background with GPT Image 2, Reframe with Bria Expand, each on its own path with its own fields',
	covers: [
		['imageV2', 'generate'],
		['imageV2', 'edit'],
		['imageV2', 'replaceBackground'],
		['imageV2', 'reframe'],
	],
	build: (b) => {
		const { nodes, links } = imageAndMask(b);
		const p = b.providers.official;
		const v2 = (name: string, parameters: object) => ideogram(name, p, { resource: 'imageV2', ...parameters }, { typeVersion: 2 });
		return workflow(
			'e2ePartners1',
			'e2e: partner models',
			[
				...nodes,
				v2('Character inpaint', { operation: 'edit', model: 'ideogram-3-character', prompt: 'The same person in a red coat (e2e partner edit)', image: 'data', mask: 'mask', referenceImages: { characterReferenceImages: 'data' } }),
				v2('GPT background', { operation: 'replaceBackground', model: 'gpt-image-2', prompt: 'A beach at dusk (e2e partner background)', image: 'data', additionalFields: { quality: 'low' } }),
				v2('Ideogram 2', { operation: 'generate', model: 'ideogram-2', prompt: 'A neon sign (e2e partner generate)', additionalFields: { styleType: 'design', negativePrompt: 'blur' } }),
				// No Resolution: Bria Expand takes an aspect ratio instead, written 16:9 on its wire.
				v2('Bria reframe', { operation: 'reframe', model: 'bria-expand', image: 'data', additionalFields: { aspectRatio: '16x9' } }),
			],
			[
				...links,
				{ from: 'Both files', to: 'Character inpaint' },
				{ from: 'Character inpaint', to: 'GPT background' },
				{ from: 'GPT background', to: 'Ideogram 2' },
				{ from: 'Ideogram 2', to: 'Bria reframe' },
			],
		);
	},
	check: (c) => {
		const p = c.providers.official;
		const expectOne = (node: string, path: string) => {
			const items = c.items(node);
			expectImages(items, 1);
			const r = c.onlyRequestFor(p, items);
			expectWire(p, r, path);
			return r;
		};
		const edit = expectOne('Character inpaint', '/v2/image/inpaint/ideogram-3-character');
		expect(filesOf(edit).map(([field]) => field)).toEqual(['image', 'mask', 'character_reference_images']);
		const background = expectOne('GPT background', '/v2/image/replace-background/gpt-image-2');
		expect(background.fields).toMatchObject({ quality: ['low'] });
		const generated = expectOne('Ideogram 2', '/v2/image/generate/ideogram-2');
		expect(generated.json).toMatchObject({ style_type: 'design', negative_prompt: 'blur', async: true });
		const reframed = expectOne('Bria reframe', '/v2/image/reframe/bria-expand');
		expect(reframed.fields).toMatchObject({ aspect_ratio: ['16:9'] });
		expect(reframed.fields?.resolution).toBeUndefined();
		expect(filesOf(reframed).map(([field]) => field)).toEqual(['image']);
	},
};

const v2ObjectAndBackground: Scenario = {
	id: 'e2eV2Jobs1',
	title: 'Version 2: Read Files (image + mask) → Remove Object → Replace Background, both run as jobs only (no async field), polled',
	covers: [
		['imageV2', 'removeObject'],
		['imageV2', 'replaceBackground'],
	],
	build: (b) => {
		const { nodes, links } = imageAndMask(b);
		const p = b.providers.official;
		return workflow(
			'e2eV2Jobs1',
			'e2e: v2 remove object → replace background',
			[
				...nodes,
				ideogram('Remove Object', p, { resource: 'imageV2', operation: 'removeObject', image: 'data', mask: 'mask' }, { typeVersion: 2 }),
				ideogram(
					'Replace Background',
					p,
					{ resource: 'imageV2', operation: 'replaceBackground', prompt: 'A night sky (e2e v2 background)', image: 'data', additionalFields: { numImages: 2 } },
					{ typeVersion: 2 },
				),
			],
			[...links, { from: 'Both files', to: 'Remove Object' }, { from: 'Remove Object', to: 'Replace Background' }],
		);
	},
	check: (c) => {
		const p = c.providers.official;
		const [removed] = c.items('Remove Object');
		expectImages([removed], 1);
		expect(removed.json.resolution).toBe('512x512');
		const replaced = c.items('Replace Background');
		expectImages(replaced, 2);
		// By exact path: other scenarios on this stub post to /v2/image/remix, /reframe and /remove-background.
		const jobPaths = ['/v2/image/remove-object/ideogram-1', '/v2/image/replace-background/ideogram-3'];
		const posts = p.stub.requests.filter((r) => r.method === 'POST' && jobPaths.includes(r.path));
		expect(posts.map((r) => r.path).sort()).toEqual(['/v2/image/remove-object/ideogram-1', '/v2/image/replace-background/ideogram-3']);
		const remove = posts.find((r) => r.path.includes('remove-object'))!;
		expect(filesOf(remove)).toEqual([
			['image', fixtureSha('photo.png'), 'image/png'],
			['mask', fixtureSha('mask.png'), 'image/png'],
		]);
		for (const r of posts) expect(r.fields?.async).toBeUndefined();
		const background = posts.find((r) => r.path.includes('replace-background'))!;
		// The second step uploaded what the first one made: the stub's own image, not the photo.
		expect(filesOf(background)[0][1]).not.toBe(fixtureSha('photo.png'));
	},
};

/** A node exactly as n8n saved it before version 2 existed: version 1, only non-default parameters. */
const version1Unchanged: Scenario = {
	id: 'e2eVersion1a',
	title: 'A version-1 node saved before version 2 (no resource or operation stored) still runs 3.0 Generate on the v1 path',
	covers: [],
	build: (b) =>
		workflow('e2eVersion1a', 'e2e: version 1 unchanged', [
			manualTrigger(),
			{ name: 'Generate', type: IDEOGRAM, typeVersion: 1, parameters: { prompt: 'A saved workflow (e2e version 1)' }, credentials: b.providers.official.nodeCredentials },
		]),
	check: (c) => {
		const items = c.items('Generate');
		expectImages(items, 1);
		expect(items[0].json).toMatchObject({ style_type: 'GENERAL', created: expect.any(String) });
		expect(items[0].json.generation_id).toBeUndefined();
		const [request] = c.requestsTagged(c.providers.official, '(e2e version 1)');
		expectWire(c.providers.official, request, '/v1/ideogram-v3/generate');
		expect(request.json).toEqual({ prompt: 'A saved workflow (e2e version 1)' });
	},
};

const stopOnBadInput: Scenario = {
	id: 'e2eStopInput1',
	title: 'Without Continue On Fail, a refused input fails the workflow naming the field, and nothing is sent',
	covers: [],
	expectStatus: 'error',
	build: (b) =>
		workflow('e2eStopInput1', 'e2e: stop on bad input', [
			manualTrigger(),
			ideogram('Generate', b.providers.official, {
				resource: 'image',
				operation: 'generate',
				prompt: 'A seed out of range (e2e stop input)',
				additionalFields: { seed: -1 },
			}),
		]),
	check: (c) => {
		expect(c.entry?.status).toBe('error');
		// execute-batch's summary prints the error's description, which names the field and the fix.
		expect(c.entry?.error).toMatch(/^Change "Seed" to a value Ideogram accepts/);
		expect(c.requestsTagged(c.providers.official, '(e2e stop input)')).toEqual([]);
	},
};

const customGateways: Scenario = {
	id: 'e2eCustom1',
	title: 'Provider Custom: the chosen header style is what is sent; a gateway refusing it gives a 401 that names both headers',
	covers: [['image', 'generate']],
	build: (b) =>
		workflow(
			'e2eCustom1',
			'e2e: custom gateways',
			[
				manualTrigger(),
				{
					...ideogram('Raw header', b.providers.cometapi, { resource: 'image', operation: 'generate', prompt: 'A kite (e2e custom raw)' }),
					credentials: { ideogramApi: b.providers.custom.rawToCometapi },
				},
				{
					...ideogram(
						'Wrong header',
						b.providers.kkiai,
						{ resource: 'image', operation: 'generate', prompt: 'A kite (e2e custom wrong)' },
						{ onError: 'continueRegularOutput' },
					),
					credentials: { ideogramApi: b.providers.custom.apiKeyToKkiai },
				},
			],
			[
				{ from: 'Start', to: 'Raw header' },
				{ from: 'Start', to: 'Wrong header' },
			],
		),
	check: (c) => {
		const ok = c.items('Raw header');
		expectImages(ok, 1);
		const r = c.onlyRequestFor(c.providers.cometapi, ok);
		expect(r.headers.authorization).toBe(c.providers.cometapi.key);
		expect(r.rawPath).toBe('/ideogram/v1/ideogram-v3/generate');

		const [refused] = c.items('Wrong header');
		expect(refused.json).toMatchObject({ error: 'The API key was rejected (HTTP 401)', httpCode: '401' });
		expect(refused.json.description).toContain('This credential sends `Api-Key: <key>`');
		expect(refused.json.description).toContain('`Authorization: Bearer`');
		const [sent] = c.requestsTagged(c.providers.kkiai, '(e2e custom wrong)');
		expect(sent.status).toBe(401);
		expect(sent.headers['api-key']).toBe(c.providers.kkiai.key);
	},
};

// ---------------------------------------------------------------------------------------------
// Ideogram 4 (v1 API) and JSON prompts

interface JsonPromptShape {
	high_level_description: string;
	compositional_deconstruction: { background: string; elements: Array<Record<string, unknown>> };
}

const ideogram4MagicPrompt: Scenario = {
	id: 'e2eIdeogram4v1a',
	title: 'Version 2, Ideogram 4 (v1 API): Magic Prompt → Generate (v1) with {{ $json.json_prompt }}, the object sent as json_prompt',
	covers: [
		['ideogram4', 'magicPrompt'],
		['ideogram4', 'generate'],
	],
	build: (b) =>
		workflow('e2eIdeogram4v1a', 'e2e: Ideogram 4 magic prompt', [
			manualTrigger(),
			ideogram('Magic Prompt', b.providers.official, { resource: 'ideogram4', operation: 'magicPrompt', prompt: 'A lemonade stand poster (e2e v4)', additionalFields: { aspectRatio: '2x3' } }, { typeVersion: 2 }),
			ideogram(
				'Generate from JSON',
				b.providers.official,
				{ resource: 'ideogram4', operation: 'generate', promptType: 'json', jsonPrompt: '={{ $json.json_prompt }}', additionalFields: { resolution: '832x1248' } },
				{ typeVersion: 2 },
			),
		]),
	check: (c) => {
		const p = c.providers.official;
		// This is the batch's only workflow on these two paths.
		const onPath = (apiPath: string) => p.stub.requests.filter((r) => r.path === apiPath);
		expect(onPath('/v1/ideogram-v4/magic-prompt')).toHaveLength(1);
		expect(onPath('/v1/ideogram-v4/generate')).toHaveLength(1);
		const [magic] = onPath('/v1/ideogram-v4/magic-prompt');
		const [generate] = onPath('/v1/ideogram-v4/generate');
		expectWire(p, magic, '/v1/ideogram-v4/magic-prompt');
		expect(magic.json).toEqual({ text_prompt: 'A lemonade stand poster (e2e v4)', aspect_ratio: '2x3' });
		const [expanded] = c.items('Magic Prompt');
		expect(c.items('Magic Prompt')).toHaveLength(1);
		expect(expanded.json).toEqual(magic.response);
		expect(expanded.json.aspect_ratio).toBe('2x3');
		expectWire(p, generate, '/v1/ideogram-v4/generate');
		expect(generate.json).toEqual({ json_prompt: expanded.json.json_prompt, resolution: '832x1248' });
		const images = c.items('Generate from JSON');
		expectImages(images, 1);
		expect(images[0].json.resolution).toBe('832x1248');
	},
};

const jsonPromptExample: Scenario = {
	id: 'ideogramEx04',
	title: 'examples/ideogram-4-json-prompt.json: Describe (Ideogram 4) → one element recoloured in a Code node → v2 Generate with the JSON prompt → files',
	covers: [
		['ideogram4', 'describe'],
		['imageV2', 'generate'],
	],
	outFolders: ['variants'],
	build: (b) =>
		adaptExample(loadExample(EXAMPLE_FILES.jsonPrompt), {
			credential: b.providers.official.credential,
			settings: { photoFile: path.join(b.dirs.files, 'photo.png'), outputFolder: path.join(b.dirs.out, 'variants') },
		}),
	check: async (c) => {
		const p = c.providers.official;
		const described = c.items('Describe as JSON prompt');
		expect(described).toHaveLength(1);
		const describes = c.requestsWithFile(p, fixtureSha('photo.png')).filter((r) => r.path === '/v1/ideogram-v4/describe');
		expect(describes).toHaveLength(1);
		expectWire(p, describes[0], '/v1/ideogram-v4/describe');
		expect(filesOf(describes[0])).toEqual([['image_file', fixtureSha('photo.png'), 'image/png']]);
		const original = described[0].json.json_prompt as unknown as JsonPromptShape;
		expect(original).toEqual((describes[0].response as { json_prompt: unknown }).json_prompt);

		const generated = c.items('Generate variants');
		expectImages(generated, 2);
		// v2 Generate runs as a job: the generation requests are the POSTs that answered the items' ids.
		const ids = new Set(generated.map((g) => g.json.generation_id));
		expect(ids.size).toBe(2);
		const requests = p.stub.requests.filter((r) => r.method === 'POST' && ids.has((r.response as { generation_id?: string })?.generation_id));
		expect(requests).toHaveLength(2);
		const colours: string[] = [];
		for (const r of requests) {
			expectWire(p, r, '/v2/image/generate/ideogram-4');
			expect(r.json).toEqual({ prompt: expect.any(String), rendering_speed: 'turbo', async: true });
			const sent = JSON.parse((r.json as { prompt: string }).prompt) as JsonPromptShape;
			// One element changed; the description, background, boxes and the text element as described.
			const [product, ...rest] = sent.compositional_deconstruction.elements;
			const [before, ...restBefore] = original.compositional_deconstruction.elements;
			expect(rest).toEqual(restBefore);
			expect(product.bbox).toEqual(before.bbox);
			expect(String(product.desc).startsWith(`${String(before.desc)}, recoloured in `)).toBe(true);
			colours.push(...(product.color_palette as string[]));
			expect({ ...sent, compositional_deconstruction: { ...sent.compositional_deconstruction, elements: [] } }).toEqual({
				...original,
				compositional_deconstruction: { ...original.compositional_deconstruction, elements: [] },
			});
		}
		expect(colours.sort()).toEqual(['#8FA58C', '#C0583A']);
		const dir = path.join(c.dirs.out, 'variants');
		expect((await fs.readdir(dir)).sort()).toEqual(['sage-green.png', 'terracotta.png']);
		for (const name of ['sage-green.png', 'terracotta.png']) {
			const file = await fs.readFile(path.join(dir, name));
			expect(sniffImageType(file)).toBe('image/png');
			expect(generated.map((g) => g.json.resolution)).toContain(`${imageSize(file)!.width}x${imageSize(file)!.height}`);
		}
	},
};

/**
 * The product video example: the photo edited on Ideogram 4.5 by instruction, the edited image
 * animated as the first frame of a Seedance 2.5 video, the MP4 saved as <generation id>.mp4.
 */
const productVideoExample: Scenario = {
	id: 'ideogramEx09',
	title: 'examples/product-video.json: product photo → v2 Edit (Ideogram 4.5, instruction) → Video Generate (Seedance 2.5, image to video, the edited image as first frame) → MP4 saved to disk',
	covers: [
		['imageV2', 'edit'],
		['video', 'generate'],
	],
	outFolders: ['product-video'],
	build: (b) =>
		adaptExample(loadExample(VIDEO_EXAMPLE_FILES.productVideo), {
			credential: b.providers.official.credential,
			settings: { photoFile: path.join(b.dirs.files, 'front.png'), outputFolder: path.join(b.dirs.out, 'product-video') },
		}),
	check: async (c) => {
		const p = c.providers.official;
		const [edited] = c.items('Stage the product');
		expectImages([edited], 1);
		// The edit took the product photo, byte for byte, on Ideogram 4.5's precise-edit.
		const edit = c.onlyRequestFor(p, [edited]);
		expectWire(p, edit, '/v2/image/precise-edit/ideogram-4-5');
		expect(edit.contentType).toBe('multipart');
		expect(edit.fields).toEqual({ prompt: [expect.stringMatching(/^Place the product on a white marble counter/)], async: ['true'] });
		expect(filesOf(edit)).toEqual([['image', fixtureSha('front.png'), 'image/png']]);

		// The video started from the edited image, byte for byte, on Seedance 2.5's image-to-video.
		const editedSha = sha256(await fetchBuffer(edited.json.url as string));
		expect(editedSha).not.toBe(fixtureSha('front.png'));
		const [video] = c.items('Animate');
		expect(video.json).toMatchObject({ object_type: 'video.generation', duration: 5, resolution: '720p', generation_id: expect.any(String) });
		expect(video.binary?.data).toMatchObject({ mimeType: 'video/mp4', fileExtension: 'mp4' });
		const r = c.onlyRequestFor(p, [video]);
		expectWire(p, r, '/v2/video/generate/seedance-2-5-image-to-video');
		expect(r.contentType).toBe('multipart');
		expect(r.fields).toEqual({ prompt: [expect.stringMatching(/^Slow push-in on the product/)], duration: ['5'], resolution: ['720p'] });
		expect(filesOf(r)).toEqual([['image', editedSha, 'image/png']]);

		// Saved as <generation id>.mp4: an MP4 by its bytes, the one the stub served.
		const dir = path.join(c.dirs.out, 'product-video');
		expect(await fs.readdir(dir)).toEqual([`${String(video.json.generation_id)}.mp4`]);
		const file = await fs.readFile(path.join(dir, `${String(video.json.generation_id)}.mp4`));
		expect(file.toString('latin1', 4, 8)).toBe('ftyp');
		expect(sha256(file)).toBe(sha256(await fetchBuffer(video.json.url as string)));
	},
};

// ---------------------------------------------------------------------------------------------
// Version 2, Account (official only: Ideogram's account API)

/** The query string of a recorded request, as its parameters. */
const queryOf = (r: { rawPath: string }) => new URL(r.rawPath, 'http://stub.local').searchParams;

const accountReads: Scenario = {
	id: 'e2eAccount1',
	title: 'Version 2, Account: Get API Keys, Get Invoices, and Get Usage for a custom week in hourly buckets, totalled per API key (exact decimal strings)',
	covers: [
		['account', 'getApiKeys'],
		['account', 'getInvoices'],
		['account', 'getUsage'],
	],
	build: (b) => {
		const account = (name: string, parameters: object) => ideogram(name, b.providers.official, { resource: 'account', ...parameters }, { typeVersion: 2 });
		return workflow(
			'e2eAccount1',
			'e2e: account',
			[
				manualTrigger(),
				account('API keys', { operation: 'getApiKeys' }),
				account('Invoices', { operation: 'getInvoices' }),
				account('Usage per key', {
					operation: 'getUsage',
					range: 'custom',
					startTime: '2026-11-01T00:00:00',
					endTime: '2026-11-08T00:00:00Z',
					bucketWidth: '1h',
					sources: ['api'],
					output: 'apiKey',
				}),
			],
			[
				{ from: 'Start', to: 'API keys' },
				{ from: 'Start', to: 'Invoices' },
				{ from: 'Start', to: 'Usage per key' },
			],
		);
	},
	check: (c) => {
		const p = c.providers.official;
		// The daily usage example reads usage from this stub too, in daily buckets.
		const account = p.stub.requests.filter((r) => r.path.startsWith('/v2/account/') && queryOf(r).get('bucket_width') !== '1d');
		expect(account.map((r) => `${r.method} ${r.path} ${r.status}`).sort()).toEqual([
			'GET /v2/account/api-keys 200',
			'GET /v2/account/invoices 200',
			'GET /v2/account/usage 200',
		]);
		for (const r of account) expect(r.headers['api-key']).toBe(p.key);

		expect(c.items('API keys').map((i) => [i.json.label, i.json.status])).toEqual([
			['Production', 'active'],
			['Staging', 'active'],
			[null, 'archived'],
		]);
		expect(c.items('Invoices').map((i) => [i.json.status, i.json.total, (i.json.line_items as unknown[]).length])).toEqual([
			['paid', '87.47', 2],
			['draft', '12.16', 1],
		]);

		const usage = account.find((r) => r.path === '/v2/account/usage')!;
		// A time without a zone is read as UTC; the sources are one repeated parameter.
		expect(usage.rawPath).toBe('/v2/account/usage?start_time=2026-11-01T00%3A00%3A00Z&end_time=2026-11-08T00%3A00%3A00Z&bucket_width=1h&sources=api');
		expect((usage.response as { buckets: unknown[] }).buckets).toHaveLength(168);
		// Production: 252 v4 images at 0.06 and 21 usage-priced upscales at 0.173; Staging: 28 × 2 remixes at 0.08.
		expect(c.items('Usage per key').map((i) => [(i.json.api_key as { label?: string }).label, i.json.cost_total, i.json.quantities, i.json.line_items])).toEqual([
			['Production', '18.753', { image: '252' }, 147],
			['Staging', '4.48', { image: '56' }, 28],
		]);
	},
};

// ---------------------------------------------------------------------------------------------
// The examples, as published in examples/

/**
 * The answer of the poll that found a v2 job completed: the job was sent with `async`, and the
 * node read GET /v2/generations/{id} until it was done.
 */
function completedJob(p: ProviderStub, generationId: unknown): { data: Array<{ url: string; seed: number; resolution: string }> } {
	const done = p.stub.requests.find(
		(r) => r.method === 'GET' && r.path === `/v2/generations/${String(generationId)}` && (r.response as { status?: string } | undefined)?.status === 'completed',
	);
	if (!done) throw new Error(`no poll found job ${String(generationId)} completed`);
	return done.response as ReturnType<typeof completedJob>;
}

/** The scheduled examples: each image saved in `folder` as <date>-<seed>.png, at the size its item names. */
async function expectSavedBySeed(c: CheckContext, folder: string, generated: RunItem[]): Promise<void> {
	const dir = path.join(c.dirs.out, folder);
	const files = (await fs.readdir(dir)).sort();
	expect(files).toHaveLength(generated.length);
	for (const item of generated) {
		const name = files.find((f) => f.endsWith(`-${item.json.seed}.png`));
		expect(name).toMatch(/^\d{4}-\d{2}-\d{2}-\d+\.png$/);
		const file = await fs.readFile(path.join(dir, name!));
		const [width, height] = String(item.json.resolution).split('x').map(Number);
		expect(width / height).toBeCloseTo(16 / 9, 1);
		expect(imageSize(file)).toEqual({ width, height });
	}
}

const scheduledExample: Scenario = {
	id: 'ideogramEx01',
	title: 'examples/scheduled-content-generation.json: three prompts → v2 Generate (Ideogram 4, Turbo, 1280x720) as jobs → three 16:9 images saved to disk',
	covers: [['imageV2', 'generate']],
	outFolders: ['scheduled'],
	build: (b) =>
		adaptExample(loadExample(EXAMPLE_FILES.scheduled), {
			credential: b.providers.official.credential,
			settings: { outputFolder: path.join(b.dirs.out, 'scheduled') },
		}),
	check: async (c) => {
		const p = c.providers.official;
		const prompts = c.items('One item per prompt').map((it) => it.json.prompt as string);
		expect(prompts).toHaveLength(3);
		const generated = c.items('Generate');
		expectImages(generated, 3);
		expect(generated.map((it) => CheckContext.pairedIndex(it))).toEqual([0, 1, 2]);
		const requests = c.requestsFor(p, generated);
		expect(requests.map((r) => (r.json as { prompt: string }).prompt).sort()).toEqual([...prompts].sort());
		for (const r of requests) {
			expectWire(p, r, '/v2/image/generate/ideogram-4');
			expect(r.json).toEqual({ prompt: expect.any(String), magic_prompt: 'auto', rendering_speed: 'turbo', resolution: '1280x720', async: true });
		}
		for (const item of generated) {
			expect(item.json.resolution).toBe('1280x720');
			expect(completedJob(p, item.json.generation_id).data.map((d) => d.url)).toEqual([item.json.url]);
		}
		await expectSavedBySeed(c, 'scheduled', generated);
	},
};

/** The reseller variant: the same workflow through CometAPI, on the v1 resource it serves. */
const scheduledResellerExample: Scenario = {
	id: 'ideogramEx06',
	title: 'examples/scheduled-content-generation-reseller.json: three prompts through CometAPI → Image (Ideogram 3.0, v1 API) Generate → three 16:9 images saved to disk',
	covers: [['image', 'generate']],
	outFolders: ['scheduled-reseller'],
	build: (b) =>
		adaptExample(loadExample(RESELLER_EXAMPLE_FILES.scheduled), {
			credential: b.providers.cometapi.credential,
			settings: { outputFolder: path.join(b.dirs.out, 'scheduled-reseller') },
		}),
	check: async (c) => {
		const p = c.providers.cometapi;
		const prompts = c.items('One item per prompt').map((it) => it.json.prompt as string);
		expect(prompts).toHaveLength(3);
		const generated = c.items('Generate');
		expectImages(generated, 3);
		const requests = c.requestsFor(p, generated);
		expect(requests.map((r) => (r.json as { prompt: string }).prompt).sort()).toEqual([...prompts].sort());
		for (const r of requests) {
			expectWire(p, r, '/v1/ideogram-v3/generate');
			expect(r.json).toEqual({ prompt: expect.any(String), aspect_ratio: '16x9', rendering_speed: 'TURBO', magic_prompt: 'AUTO' });
		}
		await expectSavedBySeed(c, 'scheduled-reseller', generated);
	},
};

const marketingExample: Scenario = {
	id: 'ideogramEx02',
	title: 'examples/marketing-pipeline.json: products → v2 Generate (Ideogram 3, palette + style reference) → v2 Upscale (Topaz Standard 2) → v2 Describe (Ideogram 3, text) → files',
	covers: [
		['imageV2', 'generate'],
		['imageV2', 'upscale'],
		['imageV2', 'describe'],
	],
	outFolders: ['products'],
	build: (b) =>
		adaptExample(loadExample(EXAMPLE_FILES.marketing), {
			credential: b.providers.official.credential,
			settings: { assetsFolder: b.dirs.files, outputFolder: path.join(b.dirs.out, 'products') },
		}),
	check: async (c) => {
		const p = c.providers.official;
		const sha = async (item: RunItem) => sha256(await fetchBuffer(item.json.url as string));
		const generated = c.items('Generate on-brand image');
		expectImages(generated, 2);
		const gen = c.requestsFor(p, generated);
		expect(gen).toHaveLength(2);
		for (const r of gen) {
			expectWire(p, r, '/v2/image/generate/ideogram-3');
			// Multipart, as the style reference is a file.
			expect(r.contentType).toBe('multipart');
			expect(r.fields).toEqual({
				prompt: [expect.stringMatching(/^Product photo of a .+\. Clean, bright e-commerce style, no text\.$/)],
				aspect_ratio: ['1x1'],
				color_palette: [expect.any(String)],
				rendering_speed: ['default'],
				style_type: ['realistic'],
				async: ['true'],
			});
			expect(JSON.parse(r.fields!.color_palette[0])).toEqual({
				members: [
					{ color_hex: '#1B2A4A', color_weight: 0.6 },
					{ color_hex: '#F2B705', color_weight: 0.3 },
					{ color_hex: '#F5F5F0', color_weight: 0.1 },
				],
			});
			expect(filesOf(r)).toEqual([['style_reference_images', fixtureSha('brand-style.png'), 'image/png']]);
		}
		const upscaled = c.items('Upscale');
		expectImages(upscaled, 2, 'data', /^ideogram-image-\d+\.png$/);
		// Each Upscale took the file its Generate made, byte for byte.
		for (const [i, item] of upscaled.entries()) {
			const [r] = c.requestsFor(p, [item]);
			expectWire(p, r, '/v2/image/upscale/topaz-standard-2');
			expect(r.fields).toEqual({ upscale_factor: ['x2'], async: ['true'] });
			expect(filesOf(r)).toEqual([['image', await sha(generated[i]), 'image/png']]);
		}
		const records = c.items('Product image record');
		expect(records.map((r) => r.json.sku)).toEqual(['MUG-001', 'BAG-014']);
		for (const [i, rec] of records.entries()) {
			expect(rec.json.altText).toBe('A 2048x2048 image of colourful vertical stripes in four horizontal bands.');
			expect(rec.json.resolution).toBe('2048x2048');
			expect(rec.json.seed).toBe(generated[i].json.seed);
			const file = await fs.readFile(path.join(c.dirs.out, 'products', `${rec.json.sku}.png`));
			expect(imageSize(file)).toEqual({ width: 2048, height: 2048 });
			expect(sha256(file)).toBe(await sha(upscaled[i]));
			// Describe got the upscaled file, byte for byte, on the text model.
			const [described] = c.requestsWithFile(p, sha256(file)).filter((r) => r.path.startsWith('/v2/image/describe/'));
			expectWire(p, described, '/v2/image/describe/ideogram-3');
			expect(described.fields).toEqual({});
		}
	},
};

/**
 * The daily spend report, run by hand: yesterday's usage per endpoint, one line each with the
 * day's exact total, and the alert branch taken for a threshold just under that total. Every whole
 * day of the stub's pattern bills 3.499 USD: ideogram-4 2.34 (39 images, 3 of them in the app),
 * remix 0.64 (8), upscale 0.519.
 */
const dailyUsageExample: Scenario = {
	id: 'ideogramEx05',
	title: "examples/daily-usage-report.json: yesterday's usage per endpoint → one summary line each, exact total → alert over the threshold",
	covers: [['account', 'getUsage']],
	build: (b) => adaptExample(loadExample(EXAMPLE_FILES.dailyUsage), { credential: b.providers.official.credential, settings: { alertThresholdUsd: 3.49 } }),
	check: (c) => {
		const p = c.providers.official;
		const [request] = p.stub.requests.filter((r) => r.path === '/v2/account/usage' && queryOf(r).getAll('sources').length === 2);
		const query = queryOf(request);
		const start = query.get('start_time')!;
		// Yesterday: one whole UTC day, in daily buckets, api and app.
		expect(start).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
		expect(Date.parse(query.get('end_time')!) - Date.parse(start)).toBe(86_400_000);
		expect([query.get('bucket_width'), query.getAll('sources')]).toEqual(['1d', ['api', 'app']]);

		expect(c.items("Yesterday's usage").map((i) => [i.json.endpoint, i.json.cost_total])).toEqual([
			['/v2/image/generate/ideogram-4', '2.34'],
			['/v2/image/remix/ideogram-3', '0.64'],
			['/v2/image/upscale/topaz-standard-2', '0.519'],
		]);
		const [summary] = c.items('Summary per endpoint');
		const day = start.slice(0, 10);
		expect(summary.json).toEqual({
			day,
			total_usd: '3.499',
			lines: ['• /v2/image/generate/ideogram-4: 2.34 USD, 39 images', '• /v2/image/remix/ideogram-3: 0.64 USD, 8 images', '• /v2/image/upscale/topaz-standard-2: 0.519 USD'],
			text: `Ideogram spend on ${day} (UTC): 3.499 USD\n• /v2/image/generate/ideogram-4: 2.34 USD, 39 images\n• /v2/image/remix/ideogram-3: 0.64 USD, 8 images\n• /v2/image/upscale/topaz-standard-2: 0.519 USD`,
		});
		expect(c.items('Send the daily report')).toHaveLength(1);
		expect(c.items('Send an alert').map((i) => i.json.total_usd)).toEqual(['3.499']);
	},
};

/**
 * The AI Agent example with its chat trigger swapped for a Manual Trigger and a Set node giving
 * the chat input (the CLI cannot chat), and its model on the scripted fake: the agent calls
 * Generate image, then Describe image with the link it got. What matters is what the model was
 * sent as tool output: JSON with the link, seed and description, never file contents.
 */
const agentExample: Scenario = {
	id: 'ideogramEx03',
	title: 'examples/ai-agent-image-tool.json: the agent calls both v2 tools (Generate on Ideogram 4.5, Describe on Ideogram 3) and sees JSON (link, seed, description), no file data',
	covers: [
		['imageV2', 'generate'],
		['imageV2', 'describe'],
	],
	build: (b) => {
		const wf = adaptExample(loadExample(EXAMPLE_FILES.agent), { credential: b.providers.official.credential });
		const trigger = wf.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.chatTrigger');
		if (!trigger) throw new Error('the agent example has no chat trigger');
		const [x, y] = trigger.position;
		wf.nodes = wf.nodes.filter((n) => n !== trigger);
		wf.nodes.push(
			{ ...manualTrigger(), id: 'e2e00000-0000-4000-8000-000000000001', position: [x - 220, y], parameters: {} },
			{
				name: 'Chat input',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				id: 'e2e00000-0000-4000-8000-000000000002',
				position: [x, y],
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ chatInput: AGENT_PROMPT, sessionId: 'e2e-session' }), options: {} },
			},
		);
		const agentLinks = wf.connections[trigger.name];
		delete wf.connections[trigger.name];
		wf.connections.Start = { main: [[{ node: 'Chat input', type: 'main', index: 0 }]] };
		wf.connections['Chat input'] = agentLinks;
		for (const n of wf.nodes) if (n.credentials?.openAiApi) n.credentials.openAiApi = { ...b.openAiCredential };
		return wf;
	},
	check: async (c) => {
		const answer = c.items('AI Agent');
		expect(answer).toHaveLength(1);
		const p = c.providers.official;
		const generate = c.requestsTagged(p, '(e2e agent)');
		expect(generate).toHaveLength(1);
		expectWire(p, generate[0], '/v2/image/generate/ideogram-4-5');
		expect(generate[0].json).toEqual({ prompt: AGENT_PROMPT, num_images: 1, quality: 'medium', size: '1024x1024', async: true });
		// A job: the tool waited for it, and its link came from the poll that found it completed.
		const [image] = completedJob(p, (generate[0].response as { generation_id?: string }).generation_id).data;
		expect(image.resolution).toBe('1024x1024');
		expect(String(answer[0].json.output)).toContain(image.url);

		// Describe got the generated image through its link: the node downloaded it and uploaded the bytes.
		const bytes = await fetchBuffer(image.url);
		const describes = c.requestsWithFile(p, sha256(bytes));
		expect(describes.map((r) => r.path)).toEqual(['/v2/image/describe/ideogram-3']);
		expectWire(p, describes[0], '/v2/image/describe/ideogram-3');

		const seen = c.openAiToolResults();
		if (process.env.IDEOGRAM_E2E_VERBOSE) console.log(`what the model saw of the tools:\n${seen.join('\n')}`);
		expect(seen).toHaveLength(2);
		const [generated, described] = seen;
		expect(generated).toContain(image.url);
		expect(generated).toContain(String(image.seed));
		expect(described).toContain('colourful vertical stripes');
		for (const t of seen) {
			expect(t.length).toBeLessThan(4000);
			expect(t).not.toMatch(/data:image|iVBORw0KGgo|[A-Za-z0-9+/=]{200,}/);
		}
	},
};

export const SCENARIOS: Scenario[] = [
	...generateEveryProvider,
	generateWithStyleReference,
	editChain,
	...editResellers,
	editWithPrompt,
	remix,
	reframe,
	removeBackground,
	generateTransparent,
	layerizeText,
	...legacyGenerate,
	legacyRemix,
	legacyEdit,
	legacyReframe,
	legacyUpscale,
	legacyDescribe,
	pairedItems,
	continueOnFail,
	errorOutput,
	stopOnError,
	stopOnBadInput,
	v2Generate,
	v2Chain,
	v2FromFile,
	v2CollectLater,
	videoFromImage,
	videoFromAssets,
	vectorizeToSvg,
	partnerModels,
	v2ObjectAndBackground,
	v2Costs,
	v2CapStops,
	ideogram4MagicPrompt,
	version1Unchanged,
	customGateways,
	scheduledExample,
	scheduledResellerExample,
	marketingExample,
	agentExample,
	jsonPromptExample,
	productVideoExample,
	accountReads,
	dailyUsageExample,
];
