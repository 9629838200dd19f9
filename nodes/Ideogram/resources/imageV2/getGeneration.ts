import { NodeOperationError, type IExecuteSingleFunctions } from 'n8n-workflow';

import type { OperationDefinition } from '../../description/operation';

/** Ideogram's generation ids are URL-safe base64. */
const GENERATION_ID = /^[A-Za-z0-9_-]{1,200}$/;

function generationIdOf(ctx: IExecuteSingleFunctions): string {
	const id = String(ctx.getNodeParameter('generationId', '') ?? '').trim();
	if (!GENERATION_ID.test(id)) {
		throw new NodeOperationError(ctx.getNode(), id ? `Generation ID "${id.slice(0, 60)}" is not a generation ID` : 'Generation ID is empty', {
			itemIndex: ctx.getItemIndex(),
			description:
				'Map the generation_id of an earlier Ideogram item, e.g. {{ $json.generation_id }} after a Generate with "Wait for Completion" off.',
		});
	}
	return id;
}

export const getGeneration: OperationDefinition = {
	resource: 'imageV2',
	value: 'getGeneration',
	name: 'Get Generation',
	action: 'Get the images of a generation',
	description: 'Collect the images of a job sent earlier, or learn that it is still running or failed',
	method: 'GET',
	path: '/v2/generations',
	pathFor() {
		return `/v2/generations/${encodeURIComponent(generationIdOf(this))}`;
	},
	officialOnly: {},
	job: { kind: 'collect' },
	encoding: 'json',
	required: [],
	optional: [],
	extraProperties: [
		{
			displayName: 'Generation ID',
			name: 'generationId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. {{ $json.generation_id }}',
			description: 'The generation_id an Ideogram operation output (for example Generate with "Wait for Completion" off)',
		},
	],
	output: { kind: 'images' },
};
