import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type IHookFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { TRIGGER_PROPERTIES } from '../Ideogram/description/trigger';
import { attachFiles } from '../Ideogram/webhooks/files';
import { receiveDelivery } from '../Ideogram/webhooks/receive';

/**
 * Ideogram Trigger: receives Ideogram's signed webhook deliveries (a generation finished) and
 * starts one execution per verified, first delivery. Composition root, like Ideogram.node.ts: the
 * verification and the files live in nodes/Ideogram/webhooks/, the parameters in description/.
 */
export class IdeogramTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ideogram Trigger',
		name: 'ideogramTrigger',
		icon: { light: 'file:ideogram.svg', dark: 'file:ideogram.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'On signed delivery',
		description: 'Starts the workflow when Ideogram delivers a finished generation to its webhook, signed with Ed25519',
		defaults: { name: 'Ideogram Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ideogramApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// Answered as soon as the delivery is verified and the execution started; the files
				// are downloaded in the execution (execute below).
				responseMode: 'onReceived',
				path: 'ideogram',
			},
		],
		properties: TRIGGER_PROPERTIES,
	};

	/**
	 * Ideogram keeps no list of webhooks: the URL goes with each generation request (the Ideogram
	 * node's Webhook URL option). There is nothing to register, check or remove on activation.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await attachFiles.call(this);
	}
}
