// Preloaded (node --require) into the n8n workers of the queue-mode comparison's "adaptation off"
// runs (test/scale/queue-mode.ts --compare): when n8n loads the installed package's image-slot
// module, its pools are set to keep fixed caps, as they were before the adaptation existed. This
// is how the comparison reaches inside the package without the package reading any setting of
// its own; users never load this file.
'use strict';
const Module = require('module');
const SLOTS_MODULE = /[\\/]nodes[\\/]Ideogram[\\/]limits[\\/]imageSlots\.js$/;
const load = Module._load;
let patched = false;
Module._load = function (request, parent, isMain) {
	const exported = load.apply(this, arguments);
	if (!patched && exported && exported.adaptation && typeof exported.slotsFor === 'function') {
		let file = '';
		try {
			file = Module._resolveFilename(request, parent, isMain);
		} catch {
			// not a file we can name: not ours
		}
		if (SLOTS_MODULE.test(file)) {
			exported.adaptation.on = false;
			patched = true;
			process.stderr.write(`[fixed-slots] adaptation off in ${file}\n`);
		}
	}
	return exported;
};
