import type { OperationDefinition } from '../../description/operation';
import { ASSET_FIELDS, TOOL_FIELDS, VIDEO_FIELDS } from '../../description/videoFields';
import { videoJob, WITHOUT_WEBHOOK } from './job';

/** A product image stored at Ideogram through a full turntable turn, back to its start so it loops. */
export const product360: OperationDefinition = {
	...videoJob(WITHOUT_WEBHOOK),
	value: 'product360',
	name: 'Product 360 Video',
	action: 'Spin a stored product image through a full turn',
	description: 'Turn a product image stored at Ideogram into a looping 360° turntable video',
	path: '/v2/tool/product-360-video',
	required: [ASSET_FIELDS.assetType('image_asset_identifier'), ASSET_FIELDS.imageAssetId, TOOL_FIELDS.direction],
	optional: [TOOL_FIELDS.product360Duration, TOOL_FIELDS.productDescription, TOOL_FIELDS.product360Resolution, VIDEO_FIELDS.targetCollectionId],
};
