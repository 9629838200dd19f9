import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import {
	HEADER_STYLE_LABELS,
	PROVIDERS,
	authHeaders,
	type HeaderStyle,
	type Provider,
} from '../nodes/Ideogram/description/providers';
import { CREDENTIAL_TEST } from '../nodes/Ideogram/description/credentialTest';

export class IdeogramApi implements ICredentialType {
	name = 'ideogramApi';

	displayName = 'Ideogram API';

	icon: Icon = { light: 'file:../nodes/Ideogram/ideogram.svg', dark: 'file:../nodes/Ideogram/ideogram.dark.svg' };

	documentationUrl = 'https://developer.ideogram.ai/ideogram-api/api-setup';

	properties: INodeProperties[] = [
		{
			displayName: 'Provider',
			name: 'provider',
			type: 'options',
			default: 'ideogram',
			description:
				'Who serves the API. Sets the base URL and how the key is sent; resellers sell Ideogram under their own keys.',
			options: (Object.keys(PROVIDERS) as Provider[]).map((value) => ({
				name: PROVIDERS[value].label,
				value,
				description:
					value === 'custom'
						? 'Any gateway: set the base URL and the header style yourself'
						: `${PROVIDERS[value].baseUrl}, header ${HEADER_STYLE_LABELS[PROVIDERS[value].headerStyle]}`,
			})),
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: "The key from the provider's dashboard (Ideogram: Settings → API)",
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://gateway.example.com/ideogram',
			description:
				"Leave empty to use the provider's own address. Include a gateway's path prefix (such as /ideogram) but not the endpoint path.",
			displayOptions: { hide: { provider: ['custom'] } },
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. https://gateway.example.com/ideogram',
			description:
				"The gateway's address including its path prefix (such as /ideogram), without the endpoint path",
			displayOptions: { show: { provider: ['custom'] } },
		},
		{
			displayName: 'Header Style',
			name: 'headerStyle',
			type: 'options',
			default: 'bearer',
			description: 'How the gateway expects the key',
			options: (Object.keys(HEADER_STYLE_LABELS) as HeaderStyle[]).map((value) => ({
				name: HEADER_STYLE_LABELS[value],
				value,
			})),
			displayOptions: { show: { provider: ['custom'] } },
		},
	];

	// A function rather than a generic block, so the header rules live once in connection.ts and
	// the credential test sends exactly what every request sends.
	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		headers: { ...(requestOptions.headers ?? {}), ...authHeaders(credentials) },
	});

	// The Test button: a request n8n's credentials tester sends itself (see description/credentialTest.ts).
	test: ICredentialTestRequest = CREDENTIAL_TEST;
}
