import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Delivery } from './verify';

/**
 * A verified delivery as items: one per image or video, each with Ideogram's fields for it (the
 * same names as the Ideogram node's image items: url, prompt, resolution, seed, is_image_safe,
 * generation_id, index), what kind of file it is, and the whole delivery beside it. The files
 * themselves are fetched in the execution (files.ts), not while Ideogram waits for an answer.
 */
export function deliveryItems(delivery: Delivery): INodeExecutionData[] {
	const { body } = delivery;
	const common: IDataObject = {
		generation_id: delivery.generationId,
		created: typeof body.created === 'string' ? body.created : null,
		user_id: delivery.userId,
	};
	// How it was proven: which key signed, and when Ideogram says it signed.
	const signed: IDataObject = { key_id: delivery.keyId, signed_at: new Date(delivery.timestamp * 1000).toISOString() };
	const entries = Array.isArray(body.data) ? body.data : [];
	if (!entries.length) {
		return [{ json: { ...common, kind: 'none', warning: 'The delivery lists no images or videos.', signature: signed, delivery: body as IDataObject } }];
	}
	return entries.map((entry, index) => {
		const fields = (entry && typeof entry === 'object' ? entry : {}) as IDataObject;
		// A VideoObject says what it is; images carry no object_type in a delivery.
		const video = fields.object_type === 'video.generation' || typeof fields.duration === 'number';
		const url = typeof fields.url === 'string' && fields.url ? fields.url : null;
		const json: IDataObject = { ...fields, ...common, index, kind: video ? 'video' : 'image', url };
		if (!video) json.is_image_safe = fields.is_image_safe !== false;
		if (!url) {
			json.warning = video
				? 'Ideogram sent no link for this video, so there is no file.'
				: 'Ideogram withheld this image as unsafe, so there is no file. Completed generations are billed.';
		}
		json.signature = signed;
		json.delivery = body as IDataObject;
		return { json };
	});
}
