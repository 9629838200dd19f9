/** jest globalTeardown for the real-n8n suite: removes the tarball global-setup.ts packed. */
import { promises as fs } from 'fs';

export default async function globalTeardown(): Promise<void> {
	const dir = process.env.IDEOGRAM_E2E_PACK_DIR;
	if (dir) await fs.rm(dir, { recursive: true, force: true });
}
