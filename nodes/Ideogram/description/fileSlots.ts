import type { INodeProperties } from 'n8n-workflow';

/**
 * An operation's input files ("slots"): which n8n parameter names the binary fields or links of
 * the image, the mask, the reference images; their limits; and their UI properties.
 * input/files.ts reads and checks them for each item.
 */

/** Ideogram's per-file limit (specs through Aug 2026; later docs say 25 MB for some fields). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export interface FileSlotSpec {
	/** Multipart part name, e.g. 'image'; several files go as repeated parts of this name. */
	wire: string;
	/** n8n parameter holding the field name(s): 'image', or 'referenceImages.styleReferenceImages' inside a collection. */
	param: string;
	displayName: string;
	/** What the file is for; the property adds how to name it. */
	description?: string;
	/** An empty parameter fails the item; otherwise empty means "no file in this slot". */
	required?: boolean;
	/** Takes several files: a comma-separated list, or an array from an expression. */
	multiple?: boolean;
	maxCount?: number;
	/** Per file; MAX_FILE_BYTES when not given. */
	maxBytes?: number;
	/** For all files of the slot together (Ideogram's reference sets: 10 MB). */
	maxTotalBytes?: number;
	/** Wire name of the slot this one pairs with file by file (a mask and its image): same count, same pixel size. */
	sameSizeAs?: string;
	/** Whether an http(s) link may stand in for a binary field name; the node downloads it first. */
	allowUrl?: boolean;
	/** The binary field name the property starts with, e.g. 'data'. */
	default?: string;
	/** Body fields (wire names) the API refuses together with files in this slot, e.g. 'style_codes'. */
	notWith?: string[];
	/** What the files must be, checked by their bytes: images (JPEG, PNG, WebP) unless given; 'audio' is MP3 or WAV (video references). */
	media?: 'image' | 'audio';
	/**
	 * For audio: how long each file must be and the most all of them may last together, in
	 * seconds, and whose limits they are, for messages ("Seedance 2 (reference to video)").
	 */
	seconds?: { min: number; max: number; total: number; of: string };
}

const lastSegment = (param: string) => param.split('.').pop()!;

/** 'referenceImages' → 'Reference Images'. */
const titleFromName = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

/** Where the slot sits in the node, for messages: "Reference Images → Character Reference Image". */
export function slotLocation(slot: FileSlotSpec): string {
	return [...slot.param.split('.').slice(0, -1).map(titleFromName), slot.displayName].join(' → ');
}

function howToName(slot: FileSlotSpec): string {
	const url = slot.allowUrl ? ', or an http(s) link to download' : '';
	if (!slot.multiple || slot.maxCount === 1) return `The name of the input binary field that holds it${url}.`;
	const max = slot.maxCount ? ` (up to ${slot.maxCount})` : '';
	return `Names of input binary fields, separated by commas${max}${slot.allowUrl ? ', or http(s) links' : ''}.`;
}

export function fileSlotProperties(slots: FileSlotSpec[]): INodeProperties[] {
	return slots.map((slot) => {
		const property: INodeProperties = {
			displayName: slot.displayName,
			name: lastSegment(slot.param),
			type: 'string',
			default: '',
			placeholder: slot.multiple ? 'e.g. data, data_1' : `e.g. ${slot.default || 'data'}`,
			description: [slot.description, howToName(slot)].filter(Boolean).join(' '),
		};
		if (slot.default) property.default = slot.default;
		if (slot.required) property.required = true;
		return property;
	});
}

/** A collection of optional slots; each slot's `param` must be `<collection.name>.<property>`. */
export function fileSlotCollection(
	collection: { name: string; displayName: string; placeholder: string; description?: string },
	slots: FileSlotSpec[],
): INodeProperties {
	for (const slot of slots) {
		if (slot.param !== `${collection.name}.${lastSegment(slot.param)}`)
			throw new Error(`slot ${slot.wire}: param ${slot.param} is not inside collection ${collection.name}`);
	}
	return {
		displayName: collection.displayName,
		name: collection.name,
		type: 'collection',
		placeholder: collection.placeholder,
		default: {},
		...(collection.description ? { description: collection.description } : {}),
		options: fileSlotProperties(slots),
	};
}

/** The files (binary field names or links) a slot's parameter value names. */
export function sourceList(slot: FileSlotSpec, value: unknown): string[] {
	const list = Array.isArray(value)
		? value.map(String)
		: slot.multiple
			? String(value ?? '').split(/[,\n]/)
			: [String(value ?? '')];
	return list.map((s) => s.trim()).filter((s) => s !== '');
}

/** How many files (binary field names or links) a slot's parameter value names. */
export const sourceCount = (slot: FileSlotSpec, value: unknown): number => sourceList(slot, value).length;
