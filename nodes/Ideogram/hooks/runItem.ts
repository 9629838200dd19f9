import {
	NodeApiError,
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecutePaginationFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { findOperation } from '../resources';
import { prepareBody, toMultipart } from './buildBody';
import { downloadImages } from './downloadImages';
import { slotsFor } from './limiter';

export const DEFAULT_MAX_IMAGES_IN_FLIGHT = 10;

/**
 * Each item's whole life, run by RoutingNode in place of its plain request (requestOperations.
 * pagination, reached because every operation sets `send.paginate`): check the fields, read the
 * input files, wait for image slots, send, shape the answer, then download the images after the
 * slots are freed. With Continue On Fail an item's error becomes one error item paired to it.
 */
export async function runItem(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const itemIndex = this.getItemIndex();
	try {
		const def = findOperation(
			this.getNodeParameter('resource') as string,
			this.getNodeParameter('operation') as string,
		);
		const options = requestData.options;
		const body = prepareBody.call(this, def, (options.body ?? {}) as IDataObject);
		const files = def.inputFiles ? await def.inputFiles.call(this, body) : [];
		if (def.encoding === 'multipart' || files.length) {
			options.body = toMultipart(body, files) as unknown as IDataObject;
			// A leftover JSON content type makes axios serialise the form as JSON and drop the files.
			for (const header of Object.keys(options.headers ?? {}))
				if (header.toLowerCase() === 'content-type') delete options.headers![header];
		} else {
			options.body = body;
			options.json = true;
		}

		const nodeOptions = this.getNodeParameter('options', {}) as IDataObject;
		const credentialId = this.getNode().credentials?.ideogramApi?.id ?? 'default';
		const slots = slotsFor(
			`${credentialId}|${String(options.baseURL)}`,
			Number(nodeOptions.maxImagesInFlight) || DEFAULT_MAX_IMAGES_IN_FLIGHT,
		);
		const images = def.imagesInFlight ? def.imagesInFlight(body) : 1;
		await slots.acquire(images);
		let items: INodeExecutionData[];
		try {
			items = await this.makeRoutingRequest(requestData);
		} finally {
			slots.release(images);
		}
		return await downloadImages.call(this, items);
	} catch (error) {
		const nodeError =
			error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeApiError(this.getNode(), { message: String((error as Error)?.message) } as JsonObject, {
						itemIndex,
					});
		if (this.continueOnFail()) {
			const json: IDataObject = { error: nodeError.message };
			if (nodeError.description) json.description = nodeError.description;
			if ((nodeError as NodeApiError).httpCode) json.httpCode = (nodeError as NodeApiError).httpCode;
			return [{ json, pairedItem: { item: itemIndex } }];
		}
		throw nodeError;
	}
}
