import {
	NodeApiError,
	type IExecuteSingleFunctions,
	type IN8nHttpFullResponse,
	type INodeExecutionData,
	type JsonObject,
	type PostReceiveAction,
} from 'n8n-workflow';

import type { OperationDefinition } from '../description/operation';
import { readAnswer } from './answer';

/**
 * An operation's own meaning of a 404 (OperationDefinition.notFoundMeans), said before the common
 * explanation of the status: the account endpoints answer 404 to a key without billing access.
 */
export function notFoundMeaning(meaning: NonNullable<OperationDefinition['notFoundMeans']>): PostReceiveAction {
	return async function (this: IExecuteSingleFunctions, items: INodeExecutionData[], response: IN8nHttpFullResponse): Promise<INodeExecutionData[]> {
		if (response.statusCode !== 404) return items;
		const { said } = readAnswer(response);
		throw new NodeApiError(this.getNode(), { status: 404, reason: said } as JsonObject, {
			message: meaning.message,
			description: `${meaning.fix}${said ? ` The API said: ${said}` : ''}`,
			httpCode: '404',
			itemIndex: this.getItemIndex(),
		});
	};
}
