/**
 * bench/results.md is written by more than one program: `npm run bench` writes the whole page and
 * `npm run test:scale -- --compare` its queue-mode section. Each keeps the other's part.
 */
export const QUEUE_MODE_START = '<!-- queue-mode section: written by scripts/scale-test.sh --compare -->';
export const QUEUE_MODE_END = '<!-- end of queue-mode section -->';

/** The queue-mode section of a results page, markers included, or '' when it has none. */
function queueModeSection(page: string): string {
	const start = page.indexOf(QUEUE_MODE_START);
	const end = page.indexOf(QUEUE_MODE_END, start);
	return start < 0 || end < 0 ? '' : page.slice(start, end + QUEUE_MODE_END.length);
}

/** The page with its queue-mode section replaced by `section` (added at the end if it had none). */
export function withQueueModeSection(page: string, section: string): string {
	const old = queueModeSection(page);
	const wrapped = section ? `${QUEUE_MODE_START}\n${section.trim()}\n${QUEUE_MODE_END}` : '';
	if (old) return page.replace(old, wrapped);
	return wrapped ? `${page.trimEnd()}\n\n${wrapped}\n` : page;
}

/** A freshly written page, with the queue-mode section the page it replaces had. */
export function carryQueueModeSection(fresh: string, previous: string): string {
	const old = queueModeSection(previous);
	return old ? `${fresh.trimEnd()}\n\n${old}\n` : fresh;
}
