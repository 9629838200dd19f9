/**
 * The node's whole description (both versions) and the credential's, serialized, against the
 * committed snapshot beside this file. It holds what users see and what saved workflows depend on
 * (parameters, defaults, display conditions, routing) fixed while the code behind it moves: a
 * difference fails here before it reaches a user. Functions (hooks, validators) are written as
 * "[function]": where one sits is part of the description, which function it is is not.
 *
 * A deliberate change of the description: run `UPDATE_DESCRIPTION_SNAPSHOT=1 npx jest
 * test/description`, review the diff of the .json files, and say why in the commit (and the node
 * version, if a default or parameter of an existing version changed).
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

import { IdeogramApi } from '../../credentials/IdeogramApi.credentials';
import { Ideogram } from '../../nodes/Ideogram/Ideogram.node';
import { IdeogramTrigger } from '../../nodes/IdeogramTrigger/IdeogramTrigger.node';

function serialize(value: unknown): string {
	return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'function' ? '[function]' : v), '\t')}\n`;
}

const cases: Array<[string, () => unknown]> = [
	['node-description.json', () => new Ideogram().description],
	['trigger-description.json', () => new IdeogramTrigger().description],
	['credential.json', () => {
		const credential = new IdeogramApi();
		return { ...credential };
	}],
];

test.each(cases)('%s is unchanged', (file, build) => {
	const path = join(__dirname, file);
	const now = serialize(build());
	if (process.env.UPDATE_DESCRIPTION_SNAPSHOT === '1') writeFileSync(path, now);
	expect(now).toBe(readFileSync(path, 'utf8'));
});
