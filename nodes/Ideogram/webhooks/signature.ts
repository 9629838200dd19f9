import { createHash, createPublicKey, verify, type KeyObject } from 'crypto';

/**
 * Ideogram's signed webhooks, as its developer guide describes them (the spec's field texts say a
 * `request_id` is signed; the guide, which is newer, says the generation id: the guide is followed).
 */

/** Where Ideogram publishes its signing keys, under the API's base URL. Public: no key is sent. */
export const JWKS_PATH = '/v1/.well-known/jwks.json';

/** The headers of a delivery, lower-cased as Node hands them over. */
export const WEBHOOK_HEADERS = {
	generationId: 'x-ideogram-webhook-generation-id',
	userId: 'x-ideogram-webhook-user-id',
	timestamp: 'x-ideogram-webhook-timestamp',
	/** A hint only: every published key is tried, whatever it names. */
	keyId: 'x-ideogram-webhook-key-id',
	signature: 'x-ideogram-webhook-signature',
} as const;

/** One usable key of the JWKS. */
export interface VerifyKey {
	kid: string;
	key: KeyObject;
}

/**
 * The signed message: `<generation id>\n<user id>\n<timestamp>\n<sha256 hex of the raw body>`, in
 * UTF-8. The digest is over the bytes as received, never over re-serialized JSON, which could
 * differ in spacing, key order or escapes and so fail (or, worse, pass for another body).
 */
export function signedMessage(generationId: string, userId: string, timestamp: string, rawBody: Buffer): Buffer {
	const digest = createHash('sha256').update(rawBody).digest('hex');
	return Buffer.from(`${generationId}\n${userId}\n${timestamp}\n${digest}`, 'utf8');
}

/**
 * The Ed25519 public keys of a JWKS document (`{keys: [{kty: OKP, crv: Ed25519, x, kid, …}]}`).
 * Entries of another kind, or whose `x` is not 32 bytes of base64url, are skipped rather than
 * failing the set: a key type Ideogram adds later must not lock out the keys that work today.
 */
export function keysOf(document: unknown): VerifyKey[] {
	const entries = (document as { keys?: unknown } | null)?.keys;
	if (!Array.isArray(entries)) return [];
	const keys: VerifyKey[] = [];
	for (const entry of entries) {
		const jwk = entry as Record<string, unknown> | null;
		if (!jwk || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') continue;
		if (jwk.use !== undefined && jwk.use !== 'sig') continue;
		if (!/^[A-Za-z0-9_-]{43}$/.test(jwk.x) || Buffer.from(jwk.x, 'base64url').length !== 32) continue;
		try {
			keys.push({
				kid: typeof jwk.kid === 'string' ? jwk.kid : '',
				key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' }),
			});
		} catch {
			// Not a point on the curve: the same as a key of another kind.
			continue;
		}
	}
	return keys;
}

/** The key that made this signature, trying each in turn; undefined when none did. */
export function keyThatSigned(message: Buffer, signature: Buffer, keys: readonly VerifyKey[]): VerifyKey | undefined {
	return keys.find(({ key }) => {
		try {
			return verify(null, message, key, signature);
		} catch {
			return false;
		}
	});
}
