/**
 * Generation ids already delivered, so a second delivery of one (Ideogram may send a generation
 * twice, and retries one it thinks failed) is acknowledged without starting a second execution.
 *
 * Held in this module for the life of the n8n process, per trigger (workflow and node), bounded in
 * count and age. In queue mode with several webhook processes each process keeps its own list, so
 * a duplicate that reaches another process than the first delivery is not recognised (docs/trigger.md).
 */

/** Ideogram retries within hours; a day is ample. */
export const RECENT_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** About 1 MB of ids at most. */
export const RECENT_MAX_IDS = 10_000;

/** Insertion order is arrival order: the first entries are the oldest. */
const seen = new Map<string, number>();

/**
 * Whether this is the first delivery of `generationId` to the trigger `scope`; remembers it if so.
 * Synchronous, so two deliveries of one id that arrive together cannot both be first.
 */
export function firstDelivery(scope: string, generationId: string, now: number): boolean {
	for (const [key, at] of seen) {
		if (now - at < RECENT_MAX_AGE_MS && seen.size < RECENT_MAX_IDS) break;
		seen.delete(key);
	}
	const key = `${scope}\n${generationId}`;
	if (seen.has(key)) return false;
	seen.set(key, now);
	return true;
}
