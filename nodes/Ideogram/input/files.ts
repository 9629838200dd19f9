/**
 * Input files ("slots") of an operation: which n8n binary fields (or links) hold the image, the mask,
 * the reference images, and the checks that can be made on them before anything is sent.
 *
 * API, shared by every resource (keep it stable):
 * - `FileSlotSpec` describes one multipart file field of an endpoint.
 * - `fileSlotProperties(slots)` gives one UI property per slot (a string: binary field name(s) or
 *   links), named after the last segment of `param`; put each where its `param` path says: at the
 *   top level, or inside a collection made with `fileSlotCollection` (param 'collection.slot').
 * - `readFileSlots(slots)` gives the function for `OperationDefinition.inputFiles`: it reads the
 *   item's files for all slots together (so masks can be checked against their images) and returns
 *   them as multipart parts in slot order, or throws a NodeOperationError naming the field and the
 *   fix. It reads binaries only through `assertBinaryData` / `getBinaryDataBuffer`, so n8n's
 *   filesystem and S3 binary modes work, and downloads links with the plain (unauthenticated)
 *   `httpRequest`, so the API key never reaches a third-party host.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteSingleFunctions,
} from 'n8n-workflow';

import { FIELDS } from '../description/fields';
import { MAX_FILE_BYTES, slotLocation, sourceList, type FileSlotSpec } from '../description/fileSlots';
import type { OperationDefinition } from '../description/operation';
import { audioDuration, audioInfo, describeAudioFile, type AudioInfo } from './audioInfo';
import { describeFileType, imageInfo, type ImageInfo } from './imageInfo';
import type { FilePart } from './body';
import { fetchFile, fetchImage, SSRF_FIX, type FetchedMedia } from '../transport/download';
import { readSettings } from '../limits/retry';

const MB = 1024 * 1024;
const formatBytes = (n: number) =>
	n >= MB ? `${(n / MB).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} bytes`;
/** A size and its limit in words; exact byte counts when rounding would make them look equal. */
function sizeAndLimit(size: number, limit: number): [string, string] {
	const [a, b] = [formatBytes(size), formatBytes(limit)];
	return a !== b ? [a, b] : [`${size.toLocaleString('en-US')} bytes`, `${limit.toLocaleString('en-US')} bytes`];
}
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const formatSeconds = (s: number) => `${Number(s.toFixed(2))} s`;

/**
 * How far outside an audio length limit a file may measure and still be sent. Readers count the
 * edges differently (an encoder's delay frames, a CBR MP3's length estimated from its size), and
 * the node must not refuse what Ideogram would take: only a file clearly outside is refused here,
 * one on the edge is left to Ideogram.
 */
const SECONDS_LEEWAY = 0.1;

/** One file source the user named: a binary field of the item, or a link. */
type Source = { kind: 'binary'; name: string } | { kind: 'url'; url: URL };

interface LoadedFile {
	source: string;
	data: Buffer;
	fileName: string;
	/** Audio only in slots of `media: 'audio'`, which pair with nothing. */
	info: ImageInfo | AudioInfo;
	/** An audio file's length when its slot has length limits and the bytes tell it. */
	seconds?: number;
}

const LOOKS_LIKE_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

/** A link without query or fragment (they often carry signatures), safe to put in messages. */
const shortUrl = (url: URL) => `${url.origin}${url.pathname}`;
const describeSource = (s: Source) => (s.kind === 'binary' ? `binary field "${s.name}"` : shortUrl(s.url));


/** Display name of a body field, for "cannot be combined with …" messages. */
function bodyFieldName(wire: string): string {
	const spec = Object.values(FIELDS).find((f) => f.wire === wire || f.wire.startsWith(`${wire}.`));
	return spec?.displayName ?? wire;
}

function fileBaseName(name: string | undefined): string | undefined {
	const base = name?.split(/[\\/]/).pop()?.replace(/\.[A-Za-z0-9]{1,5}$/, '').trim();
	return base || undefined;
}

/**
 * The `inputFiles` function of an operation whose files are these slots. Checks, in order, with
 * nothing read yet: required slots, counts, pairs, combinations with body fields, that each named
 * binary field exists; then reads each file and checks its bytes: size, JPEG/PNG/WebP (or MP3/WAV
 * and, where the slot has limits, each file's length and all of them together), pixel size against
 * its pair, the slot's total size.
 */
export function readFileSlots(
	slots: FileSlotSpec[],
): (this: IExecuteSingleFunctions, body: IDataObject) => Promise<FilePart[]> {
	for (const slot of slots) {
		if (slot.sameSizeAs && !slots.some((s) => s.wire === slot.sameSizeAs))
			throw new Error(`slot ${slot.wire} pairs with ${slot.sameSizeAs}, which is not among the slots`);
	}

	return async function (this: IExecuteSingleFunctions, body: IDataObject): Promise<FilePart[]> {
		const fail = (slot: FileSlotSpec, problem: string, fix: string) =>
			new NodeOperationError(this.getNode(), `${slotLocation(slot)} ${problem}`, {
				itemIndex: this.getItemIndex(),
				description: fix,
			});
		const binaryFields = Object.keys(this.getInputData().binary ?? {});
		const missingField = (slot: FileSlotSpec, name: string) => {
			const link = slot.allowUrl ? ', or enter an http(s) link instead' : '';
			return fail(
				slot,
				`names the binary field "${name}", but this item has no such field`,
				binaryFields.length
					? `This item's binary fields: ${binaryFields.join(', ')}. Enter one of them in "${slot.displayName}"${link}.`
					: `This item has no binary data at all. Pass the file from a node that outputs files (Read/Write Files from Disk, HTTP Request with Response Format "File", a previous Ideogram step)${link}.`,
			);
		};
		const bySlot = new Map<string, { slot: FileSlotSpec; sources: Source[] }>();

		// 1. Everything that can be known without reading a byte.
		for (const slot of slots) {
			const names = sourceList(slot, this.getNodeParameter(slot.param, ''));
			if (!names.length && slot.required)
				throw fail(
					slot,
					'is required but empty',
					`Enter the name of the input binary field that holds the file (usually "data")${slot.allowUrl ? ', or a link to it' : ''}.`,
				);
			const max = slot.multiple ? slot.maxCount : 1;
			if (max !== undefined && names.length > max)
				throw fail(
					slot,
					`names ${plural(names.length, 'file')}, but Ideogram takes at most ${max} here`,
					`Keep ${max === 1 ? 'one field name' : `at most ${max} field names`} in "${slot.displayName}".`,
				);
			const sources = names.map((name): Source => {
				if (!LOOKS_LIKE_URL.test(name)) {
					if (!binaryFields.includes(name)) throw missingField(slot, name);
					return { kind: 'binary', name };
				}
				if (!slot.allowUrl)
					throw fail(slot, `takes a binary field name, not a link ("${name.slice(0, 60)}")`, 'Download the file first (HTTP Request node, Response Format: File) and enter the binary field it is in.');
				let url: URL;
				try {
					url = new URL(name);
				} catch {
					throw fail(slot, `has a link that is not a valid URL ("${name.slice(0, 60)}")`, 'Check the link, or enter the name of a binary field instead.');
				}
				if (url.protocol !== 'http:' && url.protocol !== 'https:')
					throw fail(slot, `has a ${url.protocol.replace(':', '')} link; only http and https links can be downloaded`, 'Use an http(s) link, or pass the file as binary data.');
				return { kind: 'url', url };
			});
			for (const field of slot.notWith ?? []) {
				if (sources.length && body[field] !== undefined)
					throw fail(
						slot,
						`cannot be combined with "${bodyFieldName(field)}"`,
						`Ideogram takes either ${slot.displayName.toLowerCase()} or ${bodyFieldName(field)}: remove one of them.`,
					);
			}
			bySlot.set(slot.wire, { slot, sources });
		}
		for (const { slot, sources } of bySlot.values()) {
			if (!slot.sameSizeAs) continue;
			const partner = bySlot.get(slot.sameSizeAs)!;
			if (sources.length && sources.length !== partner.sources.length)
				throw fail(
					slot,
					`has ${plural(sources.length, 'file')} but "${partner.slot.displayName}" has ${partner.sources.length}`,
					`Each file in "${slot.displayName}" belongs to the file at the same position in "${partner.slot.displayName}": give both the same number of files, or leave "${slot.displayName}" empty.`,
				);
		}

		// 2. Read each file and check its bytes.
		const loaded = new Map<string, LoadedFile[]>();
		for (const { slot, sources } of bySlot.values()) {
			const files: LoadedFile[] = [];
			for (const source of sources) {
				const { data, fileName } =
					source.kind === 'binary'
						? {
								fileName: this.helpers.assertBinaryData(source.name).fileName,
								data: await this.helpers.getBinaryDataBuffer(source.name),
							}
						: await download.call(this, source.url, slot, (problem, fix) => fail(slot, problem, fix));
				const what = describeSource(source);
				const maxBytes = slot.maxBytes ?? MAX_FILE_BYTES;
				if (data.length > maxBytes) {
					const [size, limit] = sizeAndLimit(data.length, maxBytes);
					throw fail(
						slot,
						`file (${what}) is ${size}; Ideogram takes at most ${limit} per file`,
						'Make the file smaller first, e.g. with the Edit Image node (Resize, or Options → Format: JPEG with a lower Quality).',
					);
				}
				const info = slot.media === 'audio' ? audioInfo(data) : imageInfo(data);
				if (!info && slot.media === 'audio')
					throw fail(
						slot,
						`file (${what}) is ${describeAudioFile(data)}, not an MP3 or WAV audio file`,
						'Ideogram only reads MP3 and WAV here, and this node checks the bytes, not the file name. Convert the file first (for example with ffmpeg in an Execute Command node), or leave the audio out.',
					);
				if (!info)
					throw fail(
						slot,
						`file (${what}) is ${describeFileType(data)}, not a JPEG, PNG or WebP image`,
						'Ideogram only reads JPEG, PNG and WebP, and this node checks the bytes, not the file name. Convert the file first, e.g. with the Edit Image node (Options → Format: PNG).',
					);
				// Unknown (undefined) is sent as it is: the bytes are MP3 or WAV, and Ideogram judges the length.
				const seconds = slot.seconds ? audioDuration(data) : undefined;
				if (slot.seconds && seconds !== undefined) {
					const { min, max, of } = slot.seconds;
					if (seconds < min - SECONDS_LEEWAY || seconds > max + SECONDS_LEEWAY)
						throw fail(
							slot,
							`file ${files.length + 1} of ${sources.length} (${what}) is ${formatSeconds(seconds)} long; ${of} takes ${min} to ${max} s per file`,
							seconds < min
								? `Use a clip of at least ${min} s in its place, or leave this file out of "${slot.displayName}".`
								: `Cut it to at most ${max} s first (for example with ffmpeg -t ${max} in an Execute Command node), or leave this file out of "${slot.displayName}".`,
						);
				}
				files.push({
					source: what,
					data,
					info,
					seconds,
					fileName: `${fileBaseName(fileName) ?? (slot.multiple ? `${slot.wire}-${files.length + 1}` : slot.wire)}.${info.extension}`,
				});
			}
			const measured = files.filter((f) => f.seconds !== undefined);
			const lasting = measured.reduce((n, f) => n + f.seconds!, 0);
			// Files whose length is unknown count as nothing: what the others last is already too long.
			if (slot.seconds && lasting > slot.seconds.total + SECONDS_LEEWAY) {
				const { total, of } = slot.seconds;
				const unknown = files.length - measured.length;
				throw fail(
					slot,
					`files last ${formatSeconds(lasting)} together (${measured.map((f) => `${f.source}: ${formatSeconds(f.seconds!)}`).join(', ')}${unknown ? `; ${plural(unknown, 'file')} of unknown length not counted` : ''}); ${of} takes at most ${total} s for all of them together`,
					`Use fewer or shorter clips in "${slot.displayName}", so that together they last at most ${total} s.`,
				);
			}
			const total = files.reduce((n, f) => n + f.data.length, 0);
			if (slot.maxTotalBytes !== undefined && total > slot.maxTotalBytes) {
				const [size, limit] = sizeAndLimit(total, slot.maxTotalBytes);
				throw fail(
					slot,
					`files add up to ${size}; Ideogram takes at most ${limit} for all of them together`,
					'Use fewer or smaller files, e.g. resized with the Edit Image node.',
				);
			}
			loaded.set(slot.wire, files);
		}

		// 3. Pairs: a mask must be exactly the size of its image.
		for (const { slot } of bySlot.values()) {
			if (!slot.sameSizeAs) continue;
			const partner = bySlot.get(slot.sameSizeAs)!.slot;
			const theirs = loaded.get(partner.wire)!;
			loaded.get(slot.wire)!.forEach((loadedFile, i) => {
				// Slots that pair (a mask and its image) hold images.
				const file = loadedFile as LoadedFile & { info: ImageInfo };
				const other = theirs[i] as LoadedFile & { info: ImageInfo };
				if (file.info.width === other.info.width && file.info.height === other.info.height) return;
				const size = `${other.info.width}x${other.info.height}`;
				throw fail(
					slot,
					`(${file.source}) is ${file.info.width}x${file.info.height} pixels, but "${partner.displayName}" (${other.source}) is ${size}`,
					`Ideogram needs the two exactly the same size. Resize "${slot.displayName}" to ${size} (e.g. Edit Image node → Resize, Ignore Aspect Ratio), or make it from the image itself.`,
				);
			});
		}

		return [...loaded.entries()].flatMap(([wire, files]) =>
			files.map((f) => ({ field: wire, data: f.data, fileName: f.fileName, mimeType: f.info.mimeType })),
		);
	};
}

/**
 * Downloads a linked input file the way result images are downloaded (plain request without the
 * API key, http(s) only, timeout, checked by its bytes to be an image, or audio for an audio slot),
 * capped at 10 MB for images (the largest file Ideogram took when links came in) and at the slot's
 * own limit for audio.
 */
async function download(
	this: IExecuteSingleFunctions,
	url: URL,
	slot: FileSlotSpec,
	fail: (problem: string, fix: string) => NodeOperationError,
): Promise<{ data: Buffer; fileName: string | undefined }> {
	const timeoutMs = readSettings(this).timeoutMs;
	const audio = slot.media === 'audio';
	const fetched = audio
		? await fetchFile.call(this, url.toString(), timeoutMs, slot.maxBytes ?? MAX_FILE_BYTES, AUDIO_MEDIA)
		: await fetchImage.call(this, url.toString(), timeoutMs, MAX_FILE_BYTES);
	if (fetched.problem !== undefined) {
		throw fail(
			`could not be downloaded from ${shortUrl(url)}: ${fetched.problem}`,
			fetched.blocked
				? SSRF_FIX
				: `Check that the link is public, still valid (links from an earlier Ideogram step expire after about a day) and points to ${audio ? `an MP3 or WAV file of at most ${(slot.maxBytes ?? MAX_FILE_BYTES) / 1024 / 1024} MB` : 'a JPEG, PNG or WebP image of at most 10 MB'}, or pass the file as binary data instead.`,
		);
	}
	let fileName = url.pathname.split('/').pop();
	try {
		fileName = decodeURIComponent(fileName ?? '');
	} catch {
		// a stray % in the path: keep the name as it is
	}
	return { data: fetched.data, fileName };
}

/** An audio reference given as a link: MP3 or WAV by its bytes, whatever the host calls it. */
const AUDIO_MEDIA: FetchedMedia = {
	host: 'host',
	file: 'audio file',
	accept: 'audio/mpeg, audio/wav, audio/*',
	claimedOk: (type) => type.startsWith('audio/') || type.endsWith('/octet-stream'),
	sniff: (data) => audioInfo(data)?.mimeType,
	expected: 'MP3 or WAV audio',
};

type SlotReader = ReturnType<typeof readFileSlots>;
const readers = new WeakMap<readonly FileSlotSpec[], SlotReader>();

/**
 * This item's input files, as multipart parts: the operation's slots (or those its `files`
 * function gives for this item, after its own checks), read and checked by readFileSlots.
 */
export async function readInputFiles(this: IExecuteSingleFunctions, def: OperationDefinition, body: IDataObject): Promise<FilePart[]> {
	const slots = typeof def.files === 'function' ? def.files.call(this, body) : def.files;
	if (!slots?.length) return [];
	let reader = readers.get(slots);
	if (!reader) {
		reader = readFileSlots([...slots]);
		readers.set(slots, reader);
	}
	return await reader.call(this, body);
}
