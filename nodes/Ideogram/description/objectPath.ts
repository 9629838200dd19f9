import type { IDataObject } from 'n8n-workflow';

// Dot paths into a request body ('color_palette.name', 'image_request.seed'); the node ships with
// no runtime dependencies, so these stand in for lodash.get/set.

export function getPath(obj: IDataObject, path: string): unknown {
	return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as IDataObject)[k] : undefined), obj);
}

export function setPath(obj: IDataObject, path: string, value: unknown): void {
	const keys = path.split('.');
	let o = obj;
	for (const k of keys.slice(0, -1)) {
		if (!o[k] || typeof o[k] !== 'object') o[k] = {};
		o = o[k] as IDataObject;
	}
	o[keys[keys.length - 1]] = value as IDataObject[string];
}

/** Removes the field, and any object left empty on the way up. */
export function deletePath(obj: IDataObject, path: string): void {
	const keys = path.split('.');
	const parents: IDataObject[] = [obj];
	for (const k of keys.slice(0, -1)) {
		const next = parents[parents.length - 1][k];
		if (!next || typeof next !== 'object') return;
		parents.push(next as IDataObject);
	}
	delete parents[parents.length - 1][keys[keys.length - 1]];
	for (let i = parents.length - 1; i > 0; i--) {
		if (Object.keys(parents[i]).length) break;
		delete parents[i - 1][keys[i - 1]];
	}
}
