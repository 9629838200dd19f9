import { NodeOperationError, type IDataObject, type IExecuteSingleFunctions } from 'n8n-workflow';

import { fileSlotProperties, sourceCount, type FileSlotSpec } from '../../description/fileSlots';
import { FIELDS } from '../../description/fields';
import type { OperationDefinition } from '../../description/operation';
import { imagesRequested, RESOLUTION_OR_ASPECT_RATIO } from '../common/imageParts';

const IMAGES_SLOT: FileSlotSpec = {
	wire: 'images',
	param: 'images',
	displayName: 'Images',
	description:
		'The images to edit (up to 10, each JPEG, PNG or WebP up to 10 MB). May be left empty when Ideogram Image URLs are set.',
	multiple: true,
	maxCount: 10,
	allowUrl: true,
	default: 'data',
};

const SLOTS = [IMAGES_SLOT];

/** /v1/edit needs at least one picture, uploaded or linked. */
function files(this: IExecuteSingleFunctions, body: IDataObject) {
	if (!sourceCount(IMAGES_SLOT, this.getNodeParameter(IMAGES_SLOT.param, '')) && body.image_urls === undefined)
		throw new NodeOperationError(this.getNode(), 'Images is empty and no Ideogram Image URLs are set', {
			itemIndex: this.getItemIndex(),
			description:
				'Enter the binary field(s) holding the images in "Images", or add Additional Fields → Ideogram Image URLs.',
		});
	return SLOTS;
}

export const editWithPrompt: OperationDefinition = {
	resource: 'image',
	value: 'editWithPrompt',
	name: 'Edit With Prompt',
	action: 'Edit images with a prompt',
	description: 'Change up to 10 images as the prompt says, without a mask (e.g. "put the product from image 1 on the table in image 2")',
	path: '/v1/edit',
	encoding: 'multipart',
	required: [FIELDS.prompt],
	optional: [
		FIELDS.aspectRatio,
		FIELDS.imageUrls,
		FIELDS.magicPrompt,
		FIELDS.numImages,
		FIELDS.resolution,
		FIELDS.seed,
		FIELDS.transparentBackground,
	],
	exclusive: [RESOLUTION_OR_ASPECT_RATIO],
	extraProperties: fileSlotProperties([IMAGES_SLOT]),
	files,
	output: { kind: 'images' },
	imagesInFlight: imagesRequested,
};
