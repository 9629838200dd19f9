// Every enum the node offers, once. Values are Ideogram's wire values, taken from the official
// schema (ideogram-openapi.json); test/unit/description/enums.test.ts holds them against it, so a schema change
// shows up as a failing test. Where the server schema lists values the public docs do not
// (BALANCED, CUSTOM, STYLIZED, V_3/AUTO for legacy models), only the documented ones are offered.

/** ResolutionV3: 69 output sizes, WIDTHxHEIGHT in pixels. */
export const RESOLUTIONS_V3 = [
	'512x1536', '576x1408', '576x1472', '576x1536', '640x1344', '640x1408', '640x1472', '640x1536',
	'704x1152', '704x1216', '704x1280', '704x1344', '704x1408', '704x1472', '736x1312', '768x1088',
	'768x1216', '768x1280', '768x1344', '800x1280', '832x960', '832x1024', '832x1088', '832x1152',
	'832x1216', '832x1248', '864x1152', '896x960', '896x1024', '896x1088', '896x1120', '896x1152',
	'960x832', '960x896', '960x1024', '960x1088', '1024x832', '1024x896', '1024x960', '1024x1024',
	'1088x768', '1088x832', '1088x896', '1088x960', '1120x896', '1152x704', '1152x832', '1152x864',
	'1152x896', '1216x704', '1216x768', '1216x832', '1248x832', '1280x704', '1280x768', '1280x800',
	'1312x736', '1344x640', '1344x704', '1344x768', '1408x576', '1408x640', '1408x704', '1472x576',
	'1472x640', '1472x704', '1536x512', '1536x576', '1536x640',
] as const;

/** AspectRatioV3: 15 ratios with a lowercase x separator. */
export const ASPECT_RATIOS_V3 = [
	'1x3', '3x1', '1x2', '2x1', '9x16', '16x9', '10x16', '16x10',
	'2x3', '3x2', '3x4', '4x3', '4x5', '5x4', '1x1',
] as const;

/** StylePresetV3: 62 predefined artistic styles. */
export const STYLE_PRESETS_V3 = [
	'80S_ILLUSTRATION', '90S_NOSTALGIA', 'ABSTRACT_ORGANIC', 'ANALOG_NOSTALGIA',
	'ART_BRUT', 'ART_DECO', 'ART_POSTER', 'AURA',
	'AVANT_GARDE', 'BAUHAUS', 'BLUEPRINT', 'BLURRY_MOTION',
	'BRIGHT_ART', 'C4D_CARTOON', 'CHILDRENS_BOOK', 'COLLAGE',
	'COLORING_BOOK_I', 'COLORING_BOOK_II', 'CUBISM', 'DARK_AURA',
	'DOODLE', 'DOUBLE_EXPOSURE', 'DRAMATIC_CINEMA', 'EDITORIAL',
	'EMOTIONAL_MINIMAL', 'ETHEREAL_PARTY', 'EXPIRED_FILM', 'FLAT_ART',
	'FLAT_VECTOR', 'FOREST_REVERIE', 'GEO_MINIMALIST', 'GLASS_PRISM',
	'GOLDEN_HOUR', 'GRAFFITI_I', 'GRAFFITI_II', 'HALFTONE_PRINT',
	'HIGH_CONTRAST', 'HIPPIE_ERA', 'ICONIC', 'JAPANDI_FUSION',
	'JAZZY', 'LONG_EXPOSURE', 'MAGAZINE_EDITORIAL', 'MINIMAL_ILLUSTRATION',
	'MIXED_MEDIA', 'MONOCHROME', 'NIGHTLIFE', 'OIL_PAINTING',
	'OLD_CARTOONS', 'PAINT_GESTURE', 'POP_ART', 'RETRO_ETCHING',
	'RIVIERA_POP', 'SPOTLIGHT_80S', 'STYLIZED_RED', 'SURREAL_COLLAGE',
	'TRAVEL_POSTER', 'VINTAGE_GEO', 'VINTAGE_POSTER', 'WATERCOLOR',
	'WEIRD', 'WOODBLOCK_PRINT',
] as const;

/** RenderingSpeed as documented (the server also knows BALANCED). */
export const RENDERING_SPEEDS = [
	'FLASH', 'TURBO', 'DEFAULT', 'QUALITY',
] as const;

/** MagicPromptOption, for magic_prompt (3.0) and magic_prompt_option (legacy). */
export const MAGIC_PROMPT_OPTIONS = [
	'AUTO', 'ON', 'OFF',
] as const;

/** StyleTypeV3 as documented (the server also knows CUSTOM and STYLIZED). */
export const STYLE_TYPES_V3 = [
	'AUTO', 'GENERAL', 'REALISTIC', 'DESIGN', 'FICTION',
] as const;

/** ColorPalettePresetName. */
export const COLOR_PALETTE_PRESETS = [
	'EMBER', 'FRESH', 'JUNGLE', 'MAGIC', 'MELON', 'MOSAIC', 'PASTEL', 'ULTRAMARINE',
] as const;

/** UpscaleFactor, for generate-transparent. */
export const UPSCALE_FACTORS = [
	'X1', 'X2', 'X4',
] as const;

/** DescribeModelVersion as documented (the server also knows CUSTOM). */
export const DESCRIBE_MODEL_VERSIONS = [
	'V_2', 'V_3',
] as const;

/** ModelEnum for the legacy endpoints as documented (the server also knows V_3 and AUTO). */
export const LEGACY_MODELS = [
	'V_1', 'V_1_TURBO', 'V_2', 'V_2_TURBO', 'V_2A', 'V_2A_TURBO',
] as const;

/** StyleType for the legacy endpoints (documented values; CUSTOM and STYLIZED are 3.0 only). */
export const LEGACY_STYLE_TYPES = [
	'AUTO', 'GENERAL', 'REALISTIC', 'DESIGN', 'RENDER_3D', 'ANIME', 'FICTION',
] as const;

/** AspectRatio for the legacy endpoints: 11 ASPECT_W_H values. */
export const LEGACY_ASPECT_RATIOS = [
	'ASPECT_10_16', 'ASPECT_16_10', 'ASPECT_9_16', 'ASPECT_16_9', 'ASPECT_3_2', 'ASPECT_2_3',
	'ASPECT_4_3', 'ASPECT_3_4', 'ASPECT_1_1', 'ASPECT_1_3', 'ASPECT_3_1',
] as const;

/** Resolution for the legacy endpoints: 78 RESOLUTION_W_H values. */
export const LEGACY_RESOLUTIONS = [
	'RESOLUTION_512_1536', 'RESOLUTION_576_1408', 'RESOLUTION_576_1472', 'RESOLUTION_576_1536', 'RESOLUTION_640_1024',
	'RESOLUTION_640_1344', 'RESOLUTION_640_1408', 'RESOLUTION_640_1472', 'RESOLUTION_640_1536', 'RESOLUTION_704_1152',
	'RESOLUTION_704_1216', 'RESOLUTION_704_1280', 'RESOLUTION_704_1344', 'RESOLUTION_704_1408', 'RESOLUTION_704_1472',
	'RESOLUTION_720_1280', 'RESOLUTION_736_1312', 'RESOLUTION_768_1024', 'RESOLUTION_768_1088', 'RESOLUTION_768_1152',
	'RESOLUTION_768_1216', 'RESOLUTION_768_1232', 'RESOLUTION_768_1280', 'RESOLUTION_768_1344', 'RESOLUTION_832_960',
	'RESOLUTION_832_1024', 'RESOLUTION_832_1088', 'RESOLUTION_832_1152', 'RESOLUTION_832_1216', 'RESOLUTION_832_1248',
	'RESOLUTION_864_1152', 'RESOLUTION_896_960', 'RESOLUTION_896_1024', 'RESOLUTION_896_1088', 'RESOLUTION_896_1120',
	'RESOLUTION_896_1152', 'RESOLUTION_960_832', 'RESOLUTION_960_896', 'RESOLUTION_960_1024', 'RESOLUTION_960_1088',
	'RESOLUTION_1024_640', 'RESOLUTION_1024_768', 'RESOLUTION_1024_832', 'RESOLUTION_1024_896', 'RESOLUTION_1024_960',
	'RESOLUTION_1024_1024', 'RESOLUTION_1088_768', 'RESOLUTION_1088_832', 'RESOLUTION_1088_896', 'RESOLUTION_1088_960',
	'RESOLUTION_1120_896', 'RESOLUTION_1152_704', 'RESOLUTION_1152_768', 'RESOLUTION_1152_832', 'RESOLUTION_1152_864',
	'RESOLUTION_1152_896', 'RESOLUTION_1216_704', 'RESOLUTION_1216_768', 'RESOLUTION_1216_832', 'RESOLUTION_1232_768',
	'RESOLUTION_1248_832', 'RESOLUTION_1280_704', 'RESOLUTION_1280_720', 'RESOLUTION_1280_768', 'RESOLUTION_1280_800',
	'RESOLUTION_1312_736', 'RESOLUTION_1344_640', 'RESOLUTION_1344_704', 'RESOLUTION_1344_768', 'RESOLUTION_1408_576',
	'RESOLUTION_1408_640', 'RESOLUTION_1408_704', 'RESOLUTION_1472_576', 'RESOLUTION_1472_640', 'RESOLUTION_1472_704',
	'RESOLUTION_1536_512', 'RESOLUTION_1536_576', 'RESOLUTION_1536_640',
] as const;

// ---- Ideogram's current API (v2) -------------------------------------------------------------
// Lowercase wire values, from ideogram-v2-openapi.json (test/contract/); the same test holds them.
// Where v2 takes a 3.0 list in lowercase, it is derived here rather than written out again.

const lower = <T extends string>(values: readonly T[]) => values.map((v) => v.toLowerCase() as Lowercase<T>);

/** ResolutionV4: 38 sizes (1K and 2K) for Ideogram 4 on v2. */
export const RESOLUTIONS_V4 = [
	'2048x2048', '1440x2880', '2880x1440', '1664x2496', '2496x1664', '1792x2240', '2240x1792', '1440x2560',
	'2560x1440', '1600x2560', '2560x1600', '1728x2304', '2304x1728', '1296x3168', '3168x1296', '1152x2944',
	'2944x1152', '1248x3328', '3328x1248', '1280x3072', '3072x1280', '1024x3072', '3072x1024', '1024x1024',
	'896x1120', '1120x896', '864x1152', '1152x864', '832x1248', '1248x832', '800x1280', '1280x800',
	'720x1280', '1280x720', '720x1440', '1440x720', '512x1536', '1536x512',
] as const;

/** IdeogramV3AspectRatio: the 3.0 ratios plus auto. */
export const ASPECT_RATIOS_V3_V2 = ['auto', ...ASPECT_RATIOS_V3] as const;

/** IdeogramV4AspectRatio: 18 ratios for Ideogram 4 Transparent. */
export const ASPECT_RATIOS_V4 = [
	'auto', '1x4', '1x3', '1x2', '9x16', '10x16', '2x3', '3x4', '4x5', '1x1',
	'5x4', '4x3', '3x2', '16x10', '16x9', '2x1', '3x1', '4x1',
] as const;

/** v2 rendering_speed: no flash anywhere in v2. */
export const RENDERING_SPEEDS_V2 = ['turbo', 'default', 'quality'] as const;

/** MagicPromptMode. */
export const MAGIC_PROMPT_MODES_V2 = lower(MAGIC_PROMPT_OPTIONS);

/** IdeogramV3StyleType as documented (the server also knows custom and stylized). */
export const STYLE_TYPES_V3_V2 = lower(STYLE_TYPES_V3);

/** IdeogramV3StylePreset: the 62 presets in lowercase. */
export const STYLE_PRESETS_V3_V2 = lower(STYLE_PRESETS_V3);

/** IdeogramColorPalettePresetName: the 3.0 presets in lowercase. */
export const COLOR_PALETTE_PRESETS_V2 = lower(COLOR_PALETTE_PRESETS);

/** Ideogram 4.5's quality (in place of rendering speed); very_low needs source images. */
export const QUALITIES_V45 = ['very_low', 'low', 'medium', 'high'] as const;

/** upscale_factor of Ideogram 3 Transparent on v2. */
export const TRANSPARENT_UPSCALE_FACTORS_V2 = lower(UPSCALE_FACTORS);

/** output_resolution of Ideogram 4 Transparent. */
export const OUTPUT_RESOLUTIONS_V4 = ['1k', '2k', '4k', '8k'] as const;

/** resolution_tier of the auto model. */
export const RESOLUTION_TIERS = ['1k', '2k', '4k'] as const;

/** upscale_factor of the v2 Upscale models (Ideogram refuses an output over 8192 px a side). */
export const UPSCALE_FACTORS_V2 = ['x2', 'x4', 'x8'] as const;

/** resolution_tier of upscale/nano-banana-pro: upper-case in the spec, unlike Generate's. */
export const UPSCALE_TIERS_NANO_BANANA = ['1K', '2K', '4K'] as const;

// The partner image models of test/contract/ideogram-v2-more-openapi.json, as the spec writes them.

/** NanoBanana2AspectRatio: written 16:9, as Nano Banana and GPT Image take ratios (the node's list says 16x9). */
export const ASPECT_RATIOS_NANO_BANANA_2 = [
	'auto', '1:1', '3:2', '2:3', '4:3', '3:4', '5:4', '4:5', '16:9', '9:16', '21:9', '4:1', '1:4', '8:1', '1:8',
] as const;

/** NanoBananaProAspectRatio: Nano Banana 2's without the 4:1, 8:1 and their portraits. */
export const ASPECT_RATIOS_NANO_BANANA_PRO = ['auto', '1:1', '3:2', '2:3', '4:3', '3:4', '5:4', '4:5', '16:9', '9:16', '21:9'] as const;

/** quality of GPT Image 2.5 Flare and Sunburst (Generate and Reframe): auto, and no very_low. */
export const QUALITIES_GPT_IMAGE = ['auto', 'low', 'medium', 'high'] as const;

/** GenerationQuality: P-Image's quality. */
export const QUALITIES_GENERATION = ['very_low', 'low', 'medium', 'high', 'very_high'] as const;

/** background of GPT Image 2.5 Flare and Sunburst. */
export const BACKGROUNDS_GPT_IMAGE = ['auto', 'transparent', 'opaque'] as const;

/** resolution of P-Image (a size class, not WIDTHxHEIGHT). */
export const RESOLUTIONS_P_IMAGE = ['1k', '2k'] as const;

/** subject_detection of the Topaz upscalers that take it. */
export const SUBJECT_DETECTION = ['all', 'foreground', 'background'] as const;

/** enhancement_strength of upscale/topaz-wonder-3-5. */
export const ENHANCEMENT_STRENGTHS = ['low', 'medium', 'high'] as const;

// Video (test/contract/ideogram-v2-more-openapi.json; test/unit/resources/video-models.test.ts holds them against it).

/** SeedDance2AspectRatio: Seedance 2 and 2.5; "auto" lets the model choose from the prompt. */
export const VIDEO_ASPECT_RATIOS_SEEDANCE = ['auto', '21x9', '16x9', '4x3', '1x1', '3x4', '9x16'] as const;

/** KlingV3AspectRatio. */
export const VIDEO_ASPECT_RATIOS_KLING = ['16x9', '9x16', '1x1'] as const;

/** MinimaxH3AspectRatio: Seedance's without "auto". */
export const VIDEO_ASPECT_RATIOS_MINIMAX = ['21x9', '16x9', '4x3', '1x1', '3x4', '9x16'] as const;

/** SeedDance2Resolution. */
export const VIDEO_RESOLUTIONS_SEEDANCE_2 = ['480p', '720p'] as const;

/** SeedDance25Resolution (also Product 360's). */
export const VIDEO_RESOLUTIONS_SEEDANCE_2_5 = ['480p', '720p', '1080p'] as const;

/** MinimaxH3Resolution, spelled as MiniMax spells it (2K and 4K are upscaled from 768P). */
export const VIDEO_RESOLUTIONS_MINIMAX = ['480P', '768P', '2K', '4K'] as const;

/** KlingV3ShotType. */
export const KLING_SHOT_TYPES = ['customize', 'intelligent'] as const;

/** MinimaxH3PromptExpansionMode. */
export const MINIMAX_PROMPT_EXPANSION_MODES = ['disabled', 'fast', 'balanced', 'quality'] as const;

/** AssetType: what an asset identifier names (RESPONSE: something Ideogram made; UPLOAD: an uploaded file). */
export const ASSET_TYPES = ['ASSET', 'CANVAS_ASSET', 'LAYERED_ASSET', 'RESPONSE', 'UPLOAD'] as const;

/** LivingImageQuality: standard renders at 768P, high at 2K. */
export const LIVING_IMAGE_QUALITIES = ['standard', 'high'] as const;

/** Product360VideoDirection. */
export const PRODUCT_360_DIRECTIONS = ['clockwise', 'counter-clockwise'] as const;

/** ReplaceBackgroundQuality: GPT Image 2's tiers on Replace Background. */
export const REPLACE_BACKGROUND_QUALITIES = ['low', 'medium', 'high'] as const;

/** IdeogramV2StyleType: Ideogram 2 and 2a on the current API. */
export const STYLE_TYPES_V2 = ['auto', 'general', 'realistic', 'design', 'render_3d', 'anime'] as const;
