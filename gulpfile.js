const { src, dest } = require('gulp');

// tsc compiles the TypeScript; n8n also needs the icons and the codex (*.node.json) next to the
// compiled files in dist/, in the same folders.
function buildAssets() {
	return src(['nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg}'], { base: '.' }).pipe(
		dest('dist'),
	);
}

exports['build:assets'] = buildAssets;
