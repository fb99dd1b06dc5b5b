// What other modules import from utils/export/formats: the formats and, so that one import serves the popup
// and the background, the naming presets and `exportAs`. The list itself is in list.ts, which export.ts
// imports directly: importing this file from there would be an import circle.
export { type ExportOptions, type ExportResult, exportAs, fileNameFor } from '../export';
export { isValidPrefix, PRESETS, type Preset, type PresetId, variableNames } from '../presets';
export { FORMATS, type FormatId } from './list';
export type { ExportItem, ExportSource } from './shared';
