import type { JobSpec, OperationDefinition } from '../../description/operation';
import { COST_OPTIONS, DEFAULT_VIDEO_TIMEOUT_SECONDS, videoJobOptionsFor, videoOutputOptions } from '../../description/options';

/**
 * What every video operation shares: Ideogram's own API only, run as a job (video endpoints have
 * no `async` field and always answer with a generation id), one video in flight, priced on
 * request (every video endpoint declares dry_run), output as videos, and the video Timeout.
 */
export function videoJob(job: JobSpec) {
	return {
		resource: 'video',
		officialOnly: { api: "Ideogram's video API" },
		quotable: true,
		job,
		encoding: 'json',
		output: { kind: 'videos' },
		// One video per request, and Ideogram counts it in flight with images.
		imagesInFlight: () => 1,
		options: [...videoOutputOptions, ...videoJobOptionsFor(job), ...COST_OPTIONS],
		defaultTimeoutSeconds: DEFAULT_VIDEO_TIMEOUT_SECONDS,
	} satisfies Partial<OperationDefinition>;
}

/** Endpoints that take a webhook_url (generate, edit), and those that do not (the tools). */
export const WITH_WEBHOOK: JobSpec = { kind: 'submit', webhook: true };
export const WITHOUT_WEBHOOK: JobSpec = { kind: 'submit' };
