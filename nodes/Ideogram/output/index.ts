import type { PostReceiveAction } from 'n8n-workflow';

import type { OutputShape } from '../description/operation';
import { toListItems, toUsageItems } from './accountItems';
import { toDescribeItems } from './describeItems';
import { toImageItems } from './imageItems';
import { toJsonPromptItems } from './jsonPromptItems';
import { toLayerizedDesignItems, toLayerizeItems } from './layerizeItems';
import { toSvgItems } from './svgItems';
import { toVideoItems } from './videoItems';

/** The shaper of each output kind an operation can name (OperationDefinition.output). */
export function outputHook(shape: OutputShape): PostReceiveAction {
	switch (shape.kind) {
		case 'images':
			return toImageItems;
		case 'videos':
			return toVideoItems;
		case 'svg':
			return toSvgItems;
		case 'describe':
			return toDescribeItems;
		case 'layerize':
			return toLayerizeItems;
		case 'layerizedDesign':
			return toLayerizedDesignItems;
		case 'usage':
			return toUsageItems;
		case 'jsonPrompt':
			return toJsonPromptItems(shape.keepInputFiles);
		case 'list':
			return toListItems(shape.field, shape.what);
	}
}
