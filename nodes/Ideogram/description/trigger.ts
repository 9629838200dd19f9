import type { INodeProperties } from 'n8n-workflow';

/** The Ideogram Trigger's parameters. Names shared with the Ideogram node mean the same there. */

/** Downloads of delivered files: videos take longer than images. */
export const DEFAULT_DOWNLOAD_TIMEOUT_SECONDS = 300;

export const TRIGGER_PROPERTIES: INodeProperties[] = [
	{
		displayName:
			"Paste this node's Production URL into the Ideogram node's Options → Webhook URL (with Wait for Completion off). Ideogram posts each finished generation there; only deliveries signed by Ideogram start the workflow. Ideogram delivers to public https addresses only: see the docs for n8n behind a reverse proxy or tunnel.",
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Download Files',
				name: 'downloadFiles',
				type: 'boolean',
				default: true,
				description:
					"Whether to download each image or video into the item's binary data. Ideogram's links expire after about a day; turn this off to get the links only.",
			},
			{
				displayName: 'Download Timeout (Seconds)',
				name: 'downloadTimeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_DOWNLOAD_TIMEOUT_SECONDS,
				description: 'How long each file may take to download',
			},
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyOutput',
				type: 'string',
				default: 'data',
				description: 'The binary field each downloaded image or video is written to',
			},
			{
				displayName: 'Timestamp Tolerance (Seconds)',
				name: 'timestampTolerance',
				type: 'number',
				typeOptions: { minValue: 300, maxValue: 86400 },
				default: 300,
				description:
					"How far the time a delivery was signed may be from this server's clock, either way; deliveries outside it are refused as replays. At least 5 minutes: widen it only for a drifting clock or late retries.",
			},
		],
	},
	{
		displayName: 'Request Options',
		name: 'requestOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Ignore SSL Issues (Insecure)',
				name: 'allowUnauthorizedCerts',
				type: 'boolean',
				default: false,
				description: 'Whether to connect even if SSL certificate validation is not possible',
			},
			{
				displayName: 'Proxy',
				name: 'proxy',
				type: 'string',
				default: '',
				placeholder: 'e.g. http://myproxy:3128',
				description: "HTTP proxy for the downloads and for fetching Ideogram's signing keys, e.g. http://username:password@myproxy:3128",
			},
		],
	},
];
