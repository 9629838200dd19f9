export interface MultipartPart {
	name: string;
	/** Present when the part's Content-Disposition carries filename= (a file part). */
	filename?: string;
	contentType?: string;
	headers: Record<string, string>;
	data: Buffer;
}

export class MultipartError extends Error {}

/** Splits `a=1; b="x;y"` into lower-cased keys and unquoted values. */
export function parseHeaderParams(value: string): { value: string; params: Record<string, string> } {
	const params: Record<string, string> = {};
	let i = value.indexOf(';');
	const main = (i < 0 ? value : value.slice(0, i)).trim();
	while (i >= 0 && i < value.length) {
		i++;
		while (i < value.length && (value[i] === ' ' || value[i] === '\t')) i++;
		const eq = value.indexOf('=', i);
		if (eq < 0) {
			const rest = value.slice(i).trim();
			if (rest) throw new MultipartError(`malformed header parameter "${rest}"`);
			break;
		}
		const key = value.slice(i, eq).trim().toLowerCase();
		let j = eq + 1;
		let val = '';
		if (value[j] === '"') {
			j++;
			while (j < value.length && value[j] !== '"') {
				if (value[j] === '\\' && j + 1 < value.length) j++;
				val += value[j];
				j++;
			}
			if (value[j] !== '"') throw new MultipartError(`unterminated quoted parameter "${key}"`);
			j++;
			while (j < value.length && value[j] !== ';') {
				if (value[j] !== ' ' && value[j] !== '\t') {
					throw new MultipartError(`garbage after quoted parameter "${key}"`);
				}
				j++;
			}
		} else {
			const end = value.indexOf(';', j);
			val = (end < 0 ? value.slice(j) : value.slice(j, end)).trim();
			j = end < 0 ? value.length : end;
		}
		if (!key) throw new MultipartError('empty header parameter name');
		params[key] = val;
		i = j < value.length ? j : -1;
	}
	return { value: main, params };
}

/** The boundary of a multipart/form-data Content-Type, or an error saying what is wrong with it. */
export function boundaryFromContentType(contentType: string | undefined): string {
	if (!contentType) throw new MultipartError('missing Content-Type');
	const { value, params } = parseHeaderParams(contentType);
	if (value.toLowerCase() !== 'multipart/form-data') {
		throw new MultipartError(`Content-Type is ${value}, not multipart/form-data`);
	}
	const boundary = params.boundary;
	if (!boundary) throw new MultipartError('multipart/form-data without boundary');
	if (boundary.length > 70) throw new MultipartError('multipart boundary longer than 70 characters');
	return boundary;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * Parses a multipart/form-data body (RFC 7578). Strict: every part needs a form-data
 * Content-Disposition with a name, and the body must end with the closing delimiter.
 */
export function parseMultipart(body: Buffer, contentType: string | undefined): MultipartPart[] {
	const boundary = boundaryFromContentType(contentType);
	const dash = Buffer.from(`--${boundary}`);
	const delimiter = Buffer.from(`\r\n--${boundary}`);
	let pos: number;
	if (body.subarray(0, dash.length).equals(dash)) {
		pos = dash.length;
	} else {
		// A preamble is allowed by RFC 2046; the first delimiter then follows a CRLF.
		const first = body.indexOf(delimiter);
		if (first < 0) throw new MultipartError('body does not contain the multipart boundary');
		pos = first + delimiter.length;
	}
	const parts: MultipartPart[] = [];
	for (;;) {
		if (body[pos] === 0x2d && body[pos + 1] === 0x2d) {
			// Closing delimiter; anything after it is epilogue.
			if (parts.length === 0) throw new MultipartError('multipart body has no parts');
			return parts;
		}
		// Transport padding (spaces/tabs) may precede the CRLF after a delimiter.
		while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
		if (!body.subarray(pos, pos + 2).equals(CRLF)) {
			throw new MultipartError('malformed multipart delimiter line');
		}
		pos += 2;
		const headerEnd = body.indexOf(HEADER_END, pos);
		let headerText: string;
		let dataStart: number;
		if (body.subarray(pos, pos + 2).equals(CRLF)) {
			headerText = ''; // part with no headers at all
			dataStart = pos + 2;
		} else {
			if (headerEnd < 0) throw new MultipartError('multipart part headers are not terminated');
			headerText = body.toString('utf8', pos, headerEnd);
			dataStart = headerEnd + 4;
		}
		const next = body.indexOf(delimiter, dataStart);
		if (next < 0) throw new MultipartError('multipart body is missing its closing boundary');
		const headers: Record<string, string> = {};
		for (const line of headerText ? headerText.split('\r\n') : []) {
			const colon = line.indexOf(':');
			if (colon <= 0) throw new MultipartError(`malformed part header line "${line}"`);
			headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
		}
		const disposition = headers['content-disposition'];
		if (!disposition) throw new MultipartError('multipart part without Content-Disposition');
		const cd = parseHeaderParams(disposition);
		if (cd.value.toLowerCase() !== 'form-data') {
			throw new MultipartError(`part Content-Disposition is "${cd.value}", not form-data`);
		}
		if (cd.params.name === undefined || cd.params.name === '') {
			throw new MultipartError('multipart part without a name');
		}
		let filename = cd.params.filename;
		if (cd.params['filename*'] !== undefined) {
			const m = /^[^']*'[^']*'(.*)$/.exec(cd.params['filename*']);
			filename = m ? decodeURIComponent(m[1]) : cd.params['filename*'];
		}
		parts.push({
			name: cd.params.name,
			filename,
			contentType: headers['content-type'],
			headers,
			data: body.subarray(dataStart, next),
		});
		pos = next + delimiter.length;
	}
}
