import type { OperationDefinition } from '../../description/operation';
import { ASSET_FIELDS, TOOL_FIELDS, VIDEO_FIELDS } from '../../description/videoFields';
import { videoJob, WITHOUT_WEBHOOK } from './job';

/** A still image stored at Ideogram into a short loop; Ideogram writes the motion itself (no prompt). */
export const livingImage: OperationDefinition = {
	...videoJob(WITHOUT_WEBHOOK),
	value: 'livingImage',
	name: 'Living Image',
	action: 'Animate a stored image into a loop',
	description: 'Turn an image stored at Ideogram into a short looping video; Ideogram writes the motion itself',
	path: '/v2/tool/living-image',
	required: [ASSET_FIELDS.assetType('image_asset_identifier'), ASSET_FIELDS.imageAssetId],
	optional: [TOOL_FIELDS.livingDuration, TOOL_FIELDS.livingQuality, VIDEO_FIELDS.targetCollectionId],
};
