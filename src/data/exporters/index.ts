import { alpacaExporter } from './alpaca-exporter.ts';
import type { ExportFormat, Exporter } from './exporter-types.ts';
import { llamaFactoryPreferenceExporter } from './llamafactory-preference-exporter.ts';
import { openaiChatExporter } from './openai-chat-exporter.ts';
import { openaiDpoExporter } from './openai-dpo-exporter.ts';
import { sharegptExporter } from './sharegpt-exporter.ts';
import { trlPreferenceExporter } from './trl-preference-exporter.ts';

export * from './exporter-types.ts';

export const exporters: Record<ExportFormat, Exporter> = {
  openai: openaiChatExporter,
  alpaca: alpacaExporter,
  sharegpt: sharegptExporter,
  dpo: openaiDpoExporter,
  'llamafactory-dpo': llamaFactoryPreferenceExporter,
  'trl-preference': trlPreferenceExporter,
};
