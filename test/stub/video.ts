/**
 * The stub's video side (test/contract/ideogram-v2-more-openapi.json). So far the extract's loader,
 * which the unit tests hold the node's video tables against; the routes follow.
 */
import * as fs from 'fs';
import * as path from 'path';

export const MORE_OPENAPI_PATH = path.resolve(__dirname, '..', 'contract', 'ideogram-v2-more-openapi.json');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;
let cachedMore: Schema | undefined;
/** The second extract of the spec (video, partner models, the vectorizer), parsed once per process. */
export function loadMoreOpenApi(): Schema {
	return (cachedMore ??= JSON.parse(fs.readFileSync(MORE_OPENAPI_PATH, 'utf8')) as Schema);
}
