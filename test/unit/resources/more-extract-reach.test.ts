/**
 * Every path of the second spec extract (test/contract/ideogram-v2-more-openapi.json) is either
 * reachable from the node, through an operation's endpoint or one of its listed models, or named
 * here with the reason it is not. A path reached later must leave the list; a new path in the
 * extract must be placed.
 */
import { RESOURCES } from '../../../nodes/Ideogram/resources';
import { EDIT_MODELS } from '../../../nodes/Ideogram/resources/imageV2/models';
import { VIDEO_ENDPOINTS } from '../../../nodes/Ideogram/resources/video/models';
import { loadMoreOpenApi } from '../../stub/video';

/**
 * What each unreached model needs that the Image operations do not have: each is added model by
 * model with its own fields and rules (ARCHITECTURE.md, "add a model"), not as a bare slug.
 */
/** The paths the node does not reach, each with why. */
const NOT_REACHED: Record<string, string> = {};

/** The paths an operation reaches: its endpoint, its listed models' endpoints, the video table's. */
function reachedPaths(): Set<string> {
	const paths = new Set<string>();
	for (const def of RESOURCES.flatMap((r) => r.operations)) {
		paths.add(def.path);
		const model = def.extraProperties?.find((p) => p.name === 'model');
		const slugs = ((model?.options ?? []) as Array<{ value: string }>).map((o) => o.value).filter((v) => v !== 'other');
		const dir = def.path.slice(0, def.path.lastIndexOf('/') + 1);
		if (def.resource === 'imageV2') for (const slug of slugs) paths.add(`${dir}${slug}`);
	}
	// Edit's models sit on their own paths (inpaint, precise-edit).
	for (const model of EDIT_MODELS) paths.add(model.path!);
	for (const slug of VIDEO_ENDPOINTS.keys()) paths.add(`/v2/video/generate/${slug}`);
	return paths;
}

const spec = loadMoreOpenApi() as { paths: Record<string, unknown> };
const reached = reachedPaths();

test.each(Object.keys(spec.paths).sort())('%s is reached, or named with a reason', (path) => {
	expect([path, reached.has(path) || NOT_REACHED[path] !== undefined]).toEqual([path, true]);
});

test('no path named as unreached is reached, and every named path is in the extract', () => {
	expect(Object.keys(NOT_REACHED).filter((p) => reached.has(p))).toEqual([]);
	expect(Object.keys(NOT_REACHED).filter((p) => !(p in spec.paths))).toEqual([]);
});
